// SPDX-License-Identifier: Apache-2.0
/**
 * Generates `docs/errors.md` from the error registry. Every module under lib/ that calls
 * `defineError(` is loaded first, so a new error appears without editing this file.
 * Usage: `node dist/lib/core/errors-doc.js docs/errors.md`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { errorDefinitions } from './errors';

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
    })
    .sort();
}

/** Loads every module that defines errors, so the registry is complete. */
export function loadAllErrorDefinitions(libDir: string = path.join(__dirname, '..')): void {
  for (const file of sourceFiles(libDir)) {
    // Compiled code calls it as `(0, errors_1.defineError)(`, source as `defineError(`.
    // A synchronous load by computed path, for its side effect (registration): no import form does that.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (/defineError\)?\(/.test(fs.readFileSync(file, 'utf8'))) require(file);
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown catalogue of every user-facing error. */
export function renderErrorsDoc(): string {
  loadAllErrorDefinitions();
  const rows = errorDefinitions().map((d) => `| \`${d.code}\` | ${cell(d.title)} | ${cell(d.exampleMessage)} |`);
  return [
    '# Errors',
    '',
    'Every error clinicnet reports for bad input, with an example of its message. Each message',
    'names the value, what was expected and the fix. The CLI prints it on one line and exits 2;',
    'a construct throws it when it is created, before anything is synthesized.',
    '',
    'Generated from the error definitions (`npm run docs`); a test fails when this file is stale.',
    '',
    '| code | raised when | example message |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

if (require.main === module) {
  const out = process.argv[2];
  if (out === undefined) {
    process.stdout.write(renderErrorsDoc());
  } else {
    fs.writeFileSync(out, renderErrorsDoc());
  }
}
