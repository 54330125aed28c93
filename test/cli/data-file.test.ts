// SPDX-License-Identifier: Apache-2.0
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MAX_YAML_ALIASES, readDataFile, readDataFileWithItemLines } from '../../lib/cli/data-file';

const dir = mkdtempSync(join(tmpdir(), 'data-file-'));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('readDataFile', () => {
  test('reads JSON and YAML by extension', () => {
    expect(readDataFile(file('a.json', '{"ranges": [1, 2]}'))).toEqual({ ranges: [1, 2] });
    expect(readDataFile(file('a.yaml', 'ranges:\n  - 1\n  - 2\n'))).toEqual({ ranges: [1, 2] });
    expect(readDataFile(file('a.yml', '- x\n'))).toEqual(['x']);
  });

  test('falls back to content without a known extension', () => {
    expect(readDataFile(file('plan', ' {"a": 1}'))).toEqual({ a: 1 });
    expect(readDataFile(file('plan.txt', 'a: 1\n'))).toEqual({ a: 1 });
  });

  test('a .json file is strict JSON, not YAML', () => {
    const path = file('single.json', "{'a': 1}");
    expect(() => readDataFile(path)).toThrow(`[DATA-FILE-SYNTAX] syntax error at ${path}:1:2`);
  });

  test('JSON errors give line and column, including errors V8 reports without a position', () => {
    const missingComma = file('comma.json', '{\n  "a": 1\n  "b": 2\n}');
    expect(() => readDataFile(missingComma)).toThrow(
      `syntax error at ${missingComma}:3:3 — got no ',' or '}' after a property value, expected valid JSON`,
    );
    const emptyValue = file('value.json', '{\n  "a": 1,\n  "b": }\n');
    expect(() => readDataFile(emptyValue)).toThrow(
      `syntax error at ${emptyValue}:3:8 — got a character that cannot start a JSON value, expected valid JSON`,
    );
    const truncated = file('trunc.json', '{\n  "a": [1,');
    expect(() => readDataFile(truncated)).toThrow(`syntax error at ${truncated}:2:11`);
  });

  test('syntax errors never quote the file', () => {
    const json = file('secret.json', '{"key": "hunter2hunter2" "x"}');
    expect(() => readDataFile(json)).toThrow(`syntax error at ${json}:1:26 — got no ',' or '}' after a property value`);
    const yaml = file('secret.yaml', 'key: hunter2hunter2\nkey: *hunter2hunter2\n');
    expect(() => readDataFile(yaml)).toThrow(/^(?!.*hunter2).*DATA-FILE-SYNTAX/);
    const alias = file('alias.yaml', 'a: *hunter2hunter2\n');
    expect(() => readDataFile(alias)).toThrow(
      `syntax error at ${alias}:1:1 — got an alias with no anchor before it, expected valid YAML`,
    );
  });

  test('a UTF-8 byte order mark is accepted, UTF-16 is refused with one line', () => {
    expect(readDataFile(file('bom.yaml', '\ufeffa: 1\n'))).toEqual({ a: 1 });
    expect(readDataFile(file('bom.json', '\ufeff{"a": 1}'))).toEqual({ a: 1 });
    const utf16 = file('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a: 1\n', 'utf16le')]));
    expect(() => readDataFile(utf16)).toThrow(/^\[INPUT-UTF16\] wrong text encoding in .*utf16\.yaml — got UTF-16/);
  });

  test(`YAML expanding more than ${MAX_YAML_ALIASES} aliases is refused with one line`, () => {
    const anchors = (n: number) => `base: &a x\n${Array.from({ length: n }, (_, i) => `k${i}: *a\n`).join('')}`;
    expect(Object.keys(readDataFile(file('few.yaml', anchors(50))) as object)).toHaveLength(51);
    const many = file('many.yaml', anchors(MAX_YAML_ALIASES + 50));
    expect(() => readDataFile(many)).toThrow(
      `[DATA-FILE-LIMIT] data file too complex — got ${many} with more than ${MAX_YAML_ALIASES} alias expansions`,
    );
  });

  test('20,000 levels of nesting are one error in JSON and in YAML', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expect(() => readDataFile(file('deep.json', deep))).toThrow(/^\[INPUT-TOO-DEEP\]/);
    expect(() => readDataFile(file('deep.yaml', deep))).toThrow(/^\[DATA-FILE-(SYNTAX|LIMIT)\]/);
  });

  test('YAML errors give line and column', () => {
    const path = file('bad.yaml', 'ranges:\n  - name: a\n\tcidr: x\n');
    expect(() => readDataFile(path)).toThrow(
      new RegExp(
        `^\\[DATA-FILE-SYNTAX\\] syntax error at ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:1 — got .*, expected valid YAML`,
      ),
    );
  });

  test('duplicate YAML keys are an error', () => {
    const path = file('dup.yaml', 'a: 1\na: 2\n');
    expect(() => readDataFile(path)).toThrow(`syntax error at ${path}:2:1`);
  });

  test('missing, unreadable and empty files are named', () => {
    const missing = join(dir, 'missing.json');
    expect(() => readDataFile(missing)).toThrow(`[DATA-FILE-MISSING] file not found — got "${missing}"`);
    const folder = join(dir, 'folder.json');
    mkdirSync(folder);
    expect(() => readDataFile(folder)).toThrow(`[DATA-FILE-UNREADABLE] file unreadable — got "${folder}" (EISDIR)`);
    const empty = file('empty.json', '  \n');
    expect(() => readDataFile(empty)).toThrow(`[DATA-FILE-EMPTY] file empty — got "${empty}"`);
    const comments = file('comments.yaml', '# nothing here\n');
    expect(() => readDataFile(comments)).toThrow(`[DATA-FILE-EMPTY] file empty — got "${comments}"`);
  });
});

describe('readDataFileWithItemLines', () => {
  test('gives the value and the line each top-level item starts on; nested lists do not count', () => {
    expect(
      readDataFileWithItemLines(file('items.json', '[\n  [1,\n   2],\n  "a\\"]",\n\n  {"b": [3]}, 4\n]\n')),
    ).toEqual({
      value: [[1, 2], 'a"]', { b: [3] }, 4],
      itemLines: [2, 4, 6, 6],
    });
    expect(readDataFileWithItemLines(file('items.yaml', '# list\n- [1, 2]\n\n- b:\n    - 3\n- 4\n'))).toEqual({
      value: [[1, 2], { b: [3] }, 4],
      itemLines: [2, 4, 6],
    });
  });

  test('a file that holds no list has no item lines, and an empty list none either', () => {
    expect(readDataFileWithItemLines(file('object.json', '{"a": [1, 2]}'))).toEqual({
      value: { a: [1, 2] },
      itemLines: [],
    });
    expect(readDataFileWithItemLines(file('object.yaml', 'a:\n  - 1\n'))).toEqual({ value: { a: [1] }, itemLines: [] });
    expect(readDataFileWithItemLines(file('none.json', '[ ]'))).toEqual({ value: [], itemLines: [] });
  });
});
