#!/usr/bin/env node
// Writes each ```ts block of the given Markdown files to DIR/<file>-<n>.ts (one module each),
// so scripts/package-check.sh can compile the documentation as a user's project.
'use strict';
const fs = require('fs');
const path = require('path');
const MarkdownIt = require('markdown-it');

const [dir, ...files] = process.argv.slice(2);
const md = new MarkdownIt();
let total = 0;
for (const file of files) {
  const stem = path.basename(file, '.md').toLowerCase();
  const blocks = md
    .parse(fs.readFileSync(file, 'utf8'), {})
    .filter((t) => t.type === 'fence' && /^(ts|typescript)\b/.test(t.info));
  blocks.forEach((block, i) => {
    // `export {}` makes every block a module, so blocks do not share top-level names.
    fs.writeFileSync(path.join(dir, `${stem}-${i + 1}.ts`), `${block.content}\nexport {};\n`);
  });
  total += blocks.length;
}
if (total === 0) throw new Error(`no ts code blocks in ${files.join(', ')}`);
