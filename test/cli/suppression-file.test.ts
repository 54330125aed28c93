// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadSuppressionFile } from '../../lib/cli/suppression-file';

const dir = mkdtempSync(join(tmpdir(), 'suppression-file-'));

function file(name: string, ...lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Where each suppression of `path` was declared, as `FILE:LINE` with the file left out. */
const declaredLines = (path: string): string[] => loadSuppressionFile(path).map((s) => s.declaredAt.slice(path.length));

describe('suppression file entries are declared at FILE:LINE', () => {
  test('YAML: comments and blank lines before and between entries are counted', () => {
    const path = file(
      'commented.yaml',
      '# Exceptions agreed with the vendor.',
      '',
      '# The address pin.',
      '- id: A-1',
      '  reason: a reason long enough',
      '  owner: o',
      '  expires: 2030-01-01',
      '',
      '  # The data port.',
      '- id: B-2',
      '  reason: another long reason',
      '  owner: o',
      '  expires: 2030-01-01',
    );
    expect(declaredLines(path)).toEqual([':4', ':10']);
  });

  test('YAML: a flow-style entry is declared at its opening brace; a bare `-` at its first key', () => {
    const path = file(
      'flow.yaml',
      '- {id: A-1, reason: a reason long enough, owner: o, expires: 2030-01-01}',
      '- {',
      '    id: B-2, reason: "another {long} reason", owner: o, expires: 2030-01-01 }',
      '-',
      '  id: C-3',
      '  reason: a third long reason',
      '  owner: o',
      '  expires: 2030-01-01',
    );
    expect(declaredLines(path)).toEqual([':1', ':2', ':5']);
    const list = file(
      'flow-list.yaml',
      '[{id: A-1, reason: a reason long enough, owner: o, expires: 2030-01-01},',
      ' {id: B-2, reason: another long reason, owner: o, expires: 2030-01-01}]',
    );
    expect(declaredLines(list)).toEqual([':1', ':2']);
  });

  test('YAML: a block scalar holding braces and a "- " line does not start an entry', () => {
    const path = file(
      'block.yaml',
      '- id: A-1',
      '  reason: |',
      '    pinned {address} until the vendor moves',
      '    - not an entry',
      '  owner: o',
      '  expires: 2030-01-01',
      '- id: B-2',
      '  reason: another long reason',
      '  owner: o',
      '  expires: 2030-01-01',
    );
    expect(declaredLines(path)).toEqual([':1', ':7']);
  });

  test('JSON pretty-printed: each entry at the line of its opening brace', () => {
    const path = file(
      'pretty.json',
      '[',
      '  {',
      '    "id": "A-1",',
      '    "reason": "a reason long enough",',
      '    "owner": "o",',
      '    "expires": "2030-01-01"',
      '  },',
      '',
      '  {',
      '    "id": "B-2", "reason": "another long reason", "owner": "o", "expires": "2030-01-01"',
      '  }',
      ']',
    );
    expect(declaredLines(path)).toEqual([':2', ':9']);
  });

  test('JSON on one line, or several entries to a line', () => {
    const one = { id: 'A-1', reason: 'a reason long enough', owner: 'o', expires: '2030-01-01' };
    const single = file('single.json', JSON.stringify([one, one, one]));
    expect(declaredLines(single)).toEqual([':1', ':1', ':1']);
    const mixed = file('mixed.json', `[${JSON.stringify(one)}, ${JSON.stringify(one)},`, `${JSON.stringify(one)}]`);
    expect(declaredLines(mixed)).toEqual([':1', ':1', ':2']);
  });

  test('JSON: strings holding braces, brackets, commas, escaped quotes and \\n do not move the lines', () => {
    const path = file(
      'strings.json',
      '[{"id": "A-1", "reason": "pinned {address} [x], until\\nthe vendor says \\"], [{\\" \\\\", "owner": "o}", "expires": "2030-01-01"},',
      ' {"id": "B-2", "reason": "another long reason ]}", "owner": "o", "expires": "2030-01-01"}',
      ']',
    );
    const [first, second] = loadSuppressionFile(path);
    expect(first.reason).toBe('pinned {address} [x], until\nthe vendor says "], [{" \\');
    expect([first.declaredAt, second.declaredAt]).toEqual([`${path}:1`, `${path}:2`]);
  });

  test('schema errors name the entry line, with or without an id', () => {
    const yaml = file(
      'short.yaml',
      '# header',
      '- id: A-1',
      '  reason: a reason long enough',
      '  owner: o',
      '  expires: 2030-01-01',
      '- id: LUMOS-TLS12',
      '  reason: later',
      '  owner: o',
      '  expires: 2030-01-01',
    );
    expect(() => loadSuppressionFile(yaml)).toThrow(
      `[SUPPRESSION-FILE-INVALID] invalid suppression file ${yaml} at entry 1 ("LUMOS-TLS12", line 6) field reason — got a value that must NOT have fewer than 10 characters`,
    );
    const json = file(
      'no-id.json',
      '[',
      '  {"id": "A-1", "reason": "a reason long enough", "owner": "o", "expires": "2030-01-01"},',
      '  {"reason": "a reason long enough", "owner": "o", "expires": "2030-01-01"}',
      ']',
    );
    expect(() => loadSuppressionFile(json)).toThrow(
      `invalid suppression file ${json} at entry 1 (line 3) — got a value that must have required property 'id'`,
    );
  });

  test('an impossible date is reported at FILE:LINE of its entry', () => {
    const path = file(
      'date.yaml',
      '',
      '- id: A-1',
      '  reason: a reason long enough',
      '  owner: o',
      '  expires: 2030-02-30',
    );
    expect(() => loadSuppressionFile(path)).toThrow(`[SUPPRESSION-INVALID] invalid suppression at ${path}:2: expires`);
  });
});
