// SPDX-License-Identifier: Apache-2.0
/** `--sites FILE`: validated with one-line errors, loaded from the command line, applied by check and review. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadSitesFile } from '../../lib/cli/sites-file';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'sites-file-'));
const fixtures = join(__dirname, '..', 'fixtures');
const plain = join(fixtures, 'tf', 'mixed-http-https.cdk.tf.json');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loading', () => {
  test('entries in file order, each naming where it was written', () => {
    const path = file('ok.json', JSON.stringify({ sites: { 'clinic-*': { packs: ['lumos'] }, hub: { kind: 'hub' } } }));
    expect(loadSitesFile(path)).toEqual([
      { pattern: 'clinic-*', packs: ['lumos'], declaredAt: `${path}: entry "clinic-*"` },
      { pattern: 'hub', kind: 'hub', declaredAt: `${path}: entry "hub"` },
    ]);
  });

  test.each([
    ['top.yaml', '- cove\n', 'at the top level — got a value that must be object'],
    ['nosites.yaml', 'clinics: {}\n', "at the top level — got a value that must have required property 'sites'"],
    [
      'pack.yaml',
      'sites:\n  cove:\n    packs: [Lumos]\n',
      'at entry "cove" field packs/0 — got a value that must match pattern',
    ],
    [
      'field.yaml',
      'sites:\n  cove:\n    pack: [lumos]\n',
      'at entry "cove" — got a value that must NOT have additional properties ("pack")',
    ],
    [
      'kind.yaml',
      'sites:\n  cove:\n    kind: spoke\n',
      'at entry "cove" field kind — got a value that must be equal to one of the allowed values',
    ],
    [
      'name.yaml',
      'sites:\n  "co ve":\n    kind: hub\n',
      'at an entry name "co ve" — got a value that must match pattern',
    ],
    [
      'vendor.yaml',
      'sites:\n  cove:\n    vendor: { custo: { role: boss } }\n',
      'at entry "cove" field vendor — got a value that is not vendor settings',
    ],
    ['empty.yaml', 'sites: {}\n', 'at the top level'],
  ])('%s is refused with one line naming the entry', (name, text, expected) => {
    const path = file(name, text);
    let message = '';
    try {
      loadSitesFile(path);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`[SITES-FILE-INVALID] invalid sites file ${path} ${expected}`);
    expect(message).not.toContain('\n');
  });
});

describe('the command line', () => {
  test('check --sites gives the site its packs: their findings, exit 1', async () => {
    const sites = file('lumos.yaml', 'sites:\n  cove:\n    packs: [lumos]\n');
    const run = await runCli(['check', plain, '--sites', sites, '--format', 'json']);
    const report = JSON.parse(run.out) as { findings: { requirement: string }[] };
    expect(run.code).toBe(1);
    expect(report.findings.map((f) => f.requirement)).toEqual([
      'LUMOS-EGRESS-443',
      'LUMOS-EGRESS-991',
      'LUMOS-EGRESS-DATA',
    ]);
  });

  test('check --sites with an invalid file: one line on stderr, exit 2, nothing on stdout', async () => {
    const sites = file('bad.yaml', 'sites:\n  cove:\n    packs: lumos\n');
    const run = await runCli(['check', plain, '--sites', sites]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toContain('[SITES-FILE-INVALID]');
  });

  test('review --sites applies the file to both sides', async () => {
    const sites = file('review.yaml', 'sites:\n  cove:\n    packs: [lumos]\n');
    const run = await runCli(['review', '--base', plain, '--head', plain, '--sites', sites, '--format', 'json']);
    const review = JSON.parse(run.out) as {
      sites: { name: string; findings: { unchanged: { requirement: string }[] } }[];
    };
    expect(run.code).toBe(1);
    expect(JSON.stringify(review)).toContain('LUMOS-EGRESS-991');
  });
});
