// SPDX-License-Identifier: Apache-2.0
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { ClinicnetError } from '../../lib/core/errors';
import {
  MAX_JSON_DEPTH,
  depthExceededAt,
  openersExceed,
  lineColumn,
  readInputText,
  readJsonInput,
  setInputLimit,
} from '../../lib/core/json-input';
import { findJsonSyntaxError } from '../../lib/core/json-syntax';

const dir = mkdtempSync(join(tmpdir(), 'json-input-'));
let counter = 0;

function file(content: string | Buffer): string {
  const path = join(dir, `input-${counter++}.json`);
  writeFileSync(path, content);
  return path;
}

function errorOf(body: () => unknown): ClinicnetError {
  try {
    body();
  } catch (e) {
    if (e instanceof ClinicnetError) return e;
    throw e;
  }
  throw new Error('expected a ClinicnetError');
}

describe('readJsonInput: encodings', () => {
  test('reads UTF-8, with or without a byte order mark', () => {
    expect(readJsonInput(file('{"a": "ä"}'))).toEqual({ a: 'ä' });
    expect(readJsonInput(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": 1}')])))).toEqual({
      a: 1,
    });
  });

  test('refuses UTF-16 with or without a byte order mark, naming the encoding', () => {
    const withBom = file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', 'utf16le')]));
    expect(errorOf(() => readJsonInput(withBom)).message).toBe(
      `[INPUT-UTF16] wrong text encoding in ${withBom} — got UTF-16 (a UTF-16 byte order mark), expected UTF-8; fix: re-save it as UTF-8 (PowerShell: \`terraform show -json plan.tfplan | Out-File -Encoding utf8 plan.json\`)`,
    );
    const bigEndian = file(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{}', 'utf16le').swap16()]));
    expect(errorOf(() => readJsonInput(bigEndian)).code).toBe('INPUT-UTF16');
    const noBom = file(Buffer.from('{"a": 1}', 'utf16le'));
    expect(errorOf(() => readJsonInput(noBom)).message).toContain('got UTF-16 (NUL bytes between the characters)');
  });

  test('refuses invalid UTF-8 at its line and column, but accepts an encoded U+FFFD', () => {
    const bad = file(Buffer.concat([Buffer.from('{\n  "a": "\ufffd'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    expect(errorOf(() => readJsonInput(bad)).message).toMatch(/^\[INPUT-NOT-UTF8\] invalid UTF-8 in .*:2:10 — /);
    expect(readJsonInput(file('{"a": "\ufffd"}'))).toEqual({ a: '\ufffd' });
  });
});

describe('readJsonInput: what is not a small regular file', () => {
  test('a file over the cap is refused before it is read', () => {
    const path = file(`[${'1,'.repeat(600)}1]`);
    expect(errorOf(() => readJsonInput(path, { maxBytes: 1024 })).message).toBe(
      `[INPUT-TOO-LARGE] input too large: ${path} — got 0.0 MB, expected at most 0.0 MB; fix: check it is the right file, or raise the cap with --max-input-mb`,
    );
    expect(readJsonInput(path, { maxBytes: 1203 })).toHaveLength(601);
  });

  test('setInputLimit sets the cap for reads that give none, and gives back the previous one', () => {
    const path = file('[1, 2, 3]');
    const previous = setInputLimit(4);
    try {
      expect(errorOf(() => readJsonInput(path)).code).toBe('INPUT-TOO-LARGE');
      expect(readJsonInput(path, { maxBytes: 9 })).toEqual([1, 2, 3]);
    } finally {
      expect(setInputLimit(previous)).toBe(4);
    }
    expect(readJsonInput(path)).toEqual([1, 2, 3]);
  });

  test('a device is refused without being read', () => {
    expect(errorOf(() => readJsonInput('/dev/zero')).message).toBe(
      '[INPUT-NOT-A-FILE] not a regular file: /dev/zero — got a character device, expected a regular file; fix: give the path of a file (write a stream to a file first)',
    );
  });

  test('a FIFO is refused without waiting for a writer', () => {
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(errorOf(() => readJsonInput(fifo)).message).toContain('got a FIFO (named pipe)');
  });

  test('missing files and directories go to the caller’s error, with the system code', () => {
    const unreadable = (f: string, reason: string) => new ClinicnetError('X-UNREADABLE', `${f} ${reason}`);
    expect(errorOf(() => readJsonInput(join(dir, 'missing.json'), { unreadable })).message).toBe(
      `[X-UNREADABLE] ${join(dir, 'missing.json')} ENOENT`,
    );
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(errorOf(() => readInputText(folder, { unreadable })).message).toBe(`[X-UNREADABLE] ${folder} EISDIR`);
    expect(errorOf(() => readInputText(folder)).code).toBe('INPUT-UNREADABLE');
  });
});

describe('readJsonInput: nesting', () => {
  test(`${MAX_JSON_DEPTH} levels are read, one more is refused at the bracket that opens it`, () => {
    const ok = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(readJsonInput(file(ok))).toBeInstanceOf(Array);
    const deep = file(`{"a":\n ${'[{"b":'.repeat(MAX_JSON_DEPTH)}1${'}]'.repeat(MAX_JSON_DEPTH)}}`);
    // Level 1001 is the `{` of the 500th `[{"b":` (the outer object is level 1): column 1 + 499 × 6 + 2.
    expect(errorOf(() => readJsonInput(deep)).message).toMatch(
      /^\[INPUT-TOO-DEEP\] nesting too deep in .*:2:2997 — got more than 1000 levels/,
    );
  });

  test('a 20,000-level document is one error, not a stack overflow', () => {
    const path = file(`${'['.repeat(20_000)}${']'.repeat(20_000)}`);
    expect(errorOf(() => readJsonInput(path)).code).toBe('INPUT-TOO-DEEP');
  });

  test('the bracket count only skips the exact scan when it rules deep nesting out', () => {
    expect(openersExceed(`${'{'.repeat(3)}${'['.repeat(2)}`, 5)).toBe(false);
    expect(openersExceed(`${'{'.repeat(3)}${'['.repeat(3)}`, 5)).toBe(true);
    expect(openersExceed('["[[[[[["]', 5)).toBe(true);
    // Many shallow siblings: over the count, so scanned exactly, and read.
    const wide = file(JSON.stringify(Array.from({ length: MAX_JSON_DEPTH + 1 }, () => [{}])));
    expect(readJsonInput(wide)).toHaveLength(MAX_JSON_DEPTH + 1);
  });

  test('brackets inside strings, escaped quotes included, do not count', () => {
    const text = JSON.stringify({ a: '[[[[\\"[[[', b: [['x']] });
    expect(depthExceededAt(text, 3)).toBe(-1);
    expect(depthExceededAt(text, 2)).toBe(text.indexOf('["x"]'));
  });
});

describe('readJsonInput: syntax errors', () => {
  const syntaxMessage = (text: string) => errorOf(() => readJsonInput(file(text))).message;

  test('name line and column and a problem that quotes nothing of the input', () => {
    expect(syntaxMessage('{\n  "a": 1\n  "b": 2\n}')).toMatch(
      /:3:3 — got no ',' or '}' after a property value, expected well-formed JSON/,
    );
    expect(syntaxMessage('{\n  "a": 1,\n  "b": }\n')).toMatch(/:3:8 — got a character that cannot start a JSON value,/);
    expect(syntaxMessage('{"secret": "s3cr3t" x}')).toMatch(/:1:21 — got no ',' or '}'/);
    expect(syntaxMessage('{"secret": "s3cr3t" x}')).not.toContain('s3cr3t');
  });

  test('an error at the end of the input points just after the last character', () => {
    expect(syntaxMessage('{\n  "a": [1,')).toMatch(/:2:11 — got the end of the input,/);
    expect(syntaxMessage('{\n  "a": [1,\n\n  \n')).toMatch(/:2:11 — got the end of the input,/);
    expect(syntaxMessage('{"a": "open')).toMatch(/:1:12 — got a string that is never closed,/);
  });

  test('columns count characters, not UTF-16 units; CRLF ends a line once', () => {
    expect(syntaxMessage('{"😀😀": 1,\r\n "b" 2}')).toMatch(/:2:6 — got no ':' after a property name,/);
    expect(lineColumn('a\r\nb😀c', 6)).toEqual({ line: 2, column: 3 });
    expect(lineColumn('ab\n', 3)).toEqual({ line: 2, column: 1 });
  });

  test('every kind of fault is found where it is', () => {
    const cases: [string, number, string][] = [
      ['[1, 2] 3', 7, 'more content after the JSON value'],
      ['{"a" 1}', 5, "no ':' after a property name"],
      ['{1: 2}', 1, 'no property name in double quotes'],
      ['[1 2]', 3, "no ',' or ']' after an item"],
      ['[01]', 2, 'a malformed number'],
      ['[1.]', 2, 'a malformed number'],
      ['[-]', 1, 'a malformed number'],
      ['["a\tb"]', 3, 'a control character inside a string'],
      ['["\\x"]', 2, 'an invalid escape sequence'],
      ['["\\u12g4"]', 2, 'a malformed \\u escape'],
      ['[tru]', 1, 'a character that cannot start a JSON value'],
      ['[1,]', 3, 'a character that cannot start a JSON value'],
      ['{"a":1,}', 7, 'no property name in double quotes'],
      ['', 0, 'the end of the input'],
    ];
    for (const [text, offset, problem] of cases) expect(findJsonSyntaxError(text)).toEqual({ offset, problem });
  });

  test('agrees with JSON.parse on what is valid (property, fixed seed)', () => {
    const text = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1) ?? ''),
      fc.string({ maxLength: 30 }),
      fc
        .tuple(
          fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
          fc.nat(),
          fc.string({ maxLength: 3 }),
        )
        .map(
          ([json, at, insert]) => json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1)),
        ),
    );
    fc.assert(
      fc.property(text, (t) => {
        let valid = true;
        try {
          JSON.parse(t);
        } catch {
          valid = false;
        }
        const error = findJsonSyntaxError(t);
        expect(error === undefined).toBe(valid);
        if (error !== undefined) expect(error.offset).toBeLessThanOrEqual(t.length);
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
