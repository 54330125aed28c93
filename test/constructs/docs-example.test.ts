// SPDX-License-Identifier: Apache-2.0
/**
 * The first example of docs/constructs.md, run as a user would run it: its imports point at
 * this repository's modules and its outdir at a temporary directory; nothing else changes.
 * The example must pass its own gate and publish its stack.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import * as ts from 'typescript';
import * as vm from 'vm';
import * as cdktf from 'cdktf';
import * as clinicnet from '../../lib';
import * as constructs from '../../lib/constructs';

jest.setTimeout(60_000); // a cdktf synth of one stack on a loaded 2-core machine

const DOC = path.join(__dirname, '..', '..', 'docs', 'constructs.md');

function firstExample(): string {
  const fence = new MarkdownIt()
    .parse(fs.readFileSync(DOC, 'utf8'), {})
    .find((t) => t.type === 'fence' && /^(ts|typescript)\b/.test(t.info));
  if (fence === undefined) throw new Error('docs/constructs.md has no ts example');
  return fence.content;
}

/** The example's own modules, as `npm install clinicnet` would resolve them. */
const MODULES: Record<string, unknown> = { cdktf, clinicnet, 'clinicnet/constructs': constructs };

describe('docs/constructs.md', () => {
  test('its first example synthesizes behind its own gate and publishes its stack', () => {
    const source = firstExample();
    expect(source).toContain("outdir: 'cdktf.out'");
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicnet-docs-'));
    const js = ts.transpileModule(source.replace("outdir: 'cdktf.out'", `outdir: ${JSON.stringify(outdir)}`), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const load = (name: string): unknown => {
      if (!(name in MODULES)) throw new Error(`the example imports ${name}, which no user has`);
      return MODULES[name];
    };
    const previous = process.exitCode;
    const print = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const printError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // In this context, so the example's process.exitCode is this process's.
      const run = vm.runInThisContext(`(function (require, exports, process) {${js}\n})`) as (
        require: (name: string) => unknown,
        exports: object,
        proc: NodeJS.Process,
      ) => void;
      run(load, {}, process);
      expect(process.exitCode).toBe(0);
      expect(fs.existsSync(path.join(outdir, 'stacks', 'nsw-gp-parramatta', 'cdk.tf.json'))).toBe(true);
    } finally {
      process.exitCode = previous;
      print.mockRestore();
      printError.mockRestore();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
