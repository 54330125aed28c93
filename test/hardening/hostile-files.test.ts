// SPDX-License-Identifier: Apache-2.0
/**
 * Input files that are not what they claim — UTF-16, a device, a FIFO, huge, deeply nested,
 * a manifest pointing at /dev/zero — and the CLI's last line of defence: each is exit 2 with
 * one line on stderr, never a stack trace, never a hang.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { asClinicnetError } from '../../lib/cli/main';
import { runCli, type CliRun } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'hostile-files-'));
const STACK = join(__dirname, '..', 'fixtures', 'reports', 'lumos-clinic.cdk.tf.json');
let counter = 0;

function file(content: string | Buffer, name = `input-${counter++}.json`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function expectOneLine(run: CliRun, code: string): void {
  expect(run.code).toBe(2);
  expect(run.out).toBe('');
  expect(run.err).toMatch(new RegExp(`^clinicnet: \\[${code}\\] [^\\n]+\\n$`));
}

describe('check on files that are not plain UTF-8 JSON', () => {
  test('a UTF-8 byte order mark reads the same as none', async () => {
    const plain = await runCli(['check', STACK, '--format', 'json']);
    const bom = await runCli([
      'check',
      file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(STACK)])),
      '--format',
      'json',
    ]);
    expect(bom.code).toBe(plain.code);
    expect(bom.out).toBe(plain.out);
  });

  test('UTF-16, as PowerShell 5 writes `>` redirects, is one line naming the encoding', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(STACK, 'utf8'), 'utf16le')]);
    expectOneLine(await runCli(['check', file(utf16)]), 'INPUT-UTF16');
  });

  test('a device and a FIFO are refused without being read', async () => {
    expectOneLine(await runCli(['check', '/dev/zero']), 'INPUT-NOT-A-FILE');
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expectOneLine(await runCli(['check', fifo]), 'INPUT-NOT-A-FILE');
  });

  test('a manifest whose stack path leads to /dev/zero is one line, not 16 GB of memory', async () => {
    const out = join(dir, 'cdktf.out');
    mkdirSync(out);
    const up = '../'.repeat(out.split('/').length + 2);
    writeFileSync(
      join(out, 'manifest.json'),
      JSON.stringify({ stacks: { a: { synthesizedStackPath: `${up}dev/zero` } } }),
    );
    const run = await runCli(['check', out]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^clinicnet: \[[A-Z0-9-]+\] [^\n]+\n$/);
  });

  test('20,000 levels of nesting are one line', async () => {
    expectOneLine(
      await runCli(['check', file(`{"resource": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`)]),
      'INPUT-TOO-DEEP',
    );
  });

  test('a syntax error quotes nothing of the file and points just past its last character when it ends early', async () => {
    // Line 3 has 33 characters.
    const text = '{\n  "resource": {\n    "secret": "Pa55word-Pa55word"';
    const run = await runCli(['check', file(text, 'cut.json')]);
    expectOneLine(run, 'TF-INPUT-JSON');
    expect(run.err).toContain('cut.json:3:34 — got the end of the input');
    expect(run.err).not.toContain('Pa55word');
  });

  test('--max-input-mb is taken by check, review and artefacts', async () => {
    const big = file(JSON.stringify({ resource: {}, padding: 'x'.repeat(1024 * 1024) }));
    expectOneLine(await runCli(['check', big, '--max-input-mb', '1']), 'INPUT-TOO-LARGE');
    expectOneLine(await runCli(['review', '--head', big, '--max-input-mb', '1']), 'INPUT-TOO-LARGE');
    // The cap holds for one run only.
    expect((await runCli(['check', big])).err).not.toContain('INPUT-TOO-LARGE');
  });
});

describe('errors that are not ClinicnetErrors', () => {
  test('a file-system error becomes one line naming the code, the operation and the path', () => {
    const error = Object.assign(new Error('ENAMETOOLONG: name too long'), {
      code: 'ENAMETOOLONG',
      syscall: 'mkdir',
      path: '/tmp/xxx',
    });
    expect(asClinicnetError(error).message).toMatch(
      /^\[CLI-FILESYSTEM\] file system error — got ENAMETOOLONG from mkdir on \/tmp\/xxx, expected/,
    );
  });

  test('an exhausted stack becomes one line; any other error is a defect and is thrown on', () => {
    expect(asClinicnetError(new RangeError('Maximum call stack size exceeded')).code).toBe('CLI-INPUT-TOO-COMPLEX');
    const defect = new TypeError('x is undefined');
    expect(() => asClinicnetError(defect)).toThrow(defect);
  });
});
