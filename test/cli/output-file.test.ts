// SPDX-License-Identifier: Apache-2.0
import { cpSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { refuseOutputOverInput, writeFileAtomic } from '../../lib/cli/output-file';
import { runCli } from './run-cli';

/** The module object itself (not an import namespace copy), so a spy reaches lib code. */
const nodeFs = jest.requireActual<typeof import('fs')>('fs');

const dir = mkdtempSync(join(tmpdir(), 'output-file-'));
const STACK = join(__dirname, '..', 'fixtures', 'reports', 'lumos-clinic.cdk.tf.json');
const ESTATE = join(__dirname, '..', 'fixtures', 'review', 'base');

describe('--output equal to an input', () => {
  test('check refuses it with one line and leaves the input as it was', async () => {
    const input = join(dir, 'stack.cdk.tf.json');
    cpSync(STACK, input);
    const before = readFileSync(input, 'utf8');
    const link = join(dir, 'link.json');
    symlinkSync(input, link);
    for (const output of [input, relative(process.cwd(), input), link, join(dir, '.', 'stack.cdk.tf.json')]) {
      const run = await runCli(['check', input, '--output', output]);
      expect(run.code).toBe(2);
      expect(run.out).toBe('');
      expect(run.err).toMatch(
        /^clinicnet: \[OUTPUT-IS-INPUT\] report would overwrite an input — got --output [^\n]+\n$/,
      );
    }
    expect(readFileSync(input, 'utf8')).toBe(before);
  });

  test('check refuses its suppression file or baseline as output; review its base or head', async () => {
    const suppressions = join(dir, 'suppressions.yaml');
    writeFileSync(suppressions, '[]\n');
    const check = await runCli(['check', STACK, '--suppressions', suppressions, '--output', suppressions]);
    expect(check.err).toContain('[OUTPUT-IS-INPUT]');
    expect(readFileSync(suppressions, 'utf8')).toBe('[]\n');
    const review = await runCli(['review', '--base', ESTATE, '--head', STACK, '--output', STACK]);
    expect(review.code).toBe(2);
    expect(review.err).toContain('[OUTPUT-IS-INPUT]');
  });

  test('a manifest or stack file inside an input directory is refused; other names there are not', () => {
    expect(() => refuseOutputOverInput(join(ESTATE, 'manifest.json'), [ESTATE])).toThrow(/OUTPUT-IS-INPUT/);
    expect(() => refuseOutputOverInput(join(ESTATE, 'stacks', 'x', 'cdk.tf.json'), [ESTATE])).toThrow(
      /OUTPUT-IS-INPUT/,
    );
    expect(() => refuseOutputOverInput(join(ESTATE, 'report.sarif'), [ESTATE])).not.toThrow();
    expect(() => refuseOutputOverInput(join(dir, 'new', 'report.json'), [STACK])).not.toThrow();
  });
});

describe('writeFileAtomic', () => {
  test('writes through an exclusively created temporary file with a random name, leaving none behind', () => {
    const target = join(dir, 'report.txt');
    const spy = jest.spyOn(nodeFs, 'writeFileSync');
    try {
      writeFileAtomic(target, 'one');
      writeFileAtomic(target, 'two');
      const temps = spy.mock.calls.map(([file, , options]) => ({ file: String(file), options }));
      expect(temps).toHaveLength(2);
      for (const { file, options } of temps) {
        expect(file).toMatch(/\/\.report\.txt\.[0-9a-f]{16}\.tmp$/);
        expect(options).toEqual({ flag: 'wx' });
      }
      expect(temps[0].file).not.toBe(temps[1].file);
    } finally {
      spy.mockRestore();
    }
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(dir).filter((f) => f.includes('report.txt'))).toEqual(['report.txt']);
  });

  test('an unwritable target is one error naming the file and the reason', () => {
    expect(() => writeFileAtomic(join(dir, 'missing-dir', 'r.txt'), 'x')).toThrow(
      /^\[CHECK-OUTPUT-UNWRITABLE\] cannot write report — got ".*missing-dir\/r\.txt" \(ENOENT\)/,
    );
  });
});
