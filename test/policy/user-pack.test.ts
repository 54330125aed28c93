// SPDX-License-Identifier: Apache-2.0
/** A user's pack written as one JSON file, loaded by `--packs` and run end to end through `clinicnet check`. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCheck } from '../../lib/cli/check';
import { loadPacks, selectPacks } from '../../lib/policy/load-packs';
import type { JsonReport } from '../../lib/report/json';
import { runCli } from '../cli/run-cli';
import { MEDICARE } from './medicare-pack';

const STACK = join(__dirname, '..', 'fixtures', 'reports', 'lumos-clinic.cdk.tf.json');
const dir = mkdtempSync(join(tmpdir(), 'user-pack-'));
mkdirSync(join(dir, 'packs'));

function writePack(name: string, data: unknown): string {
  const file = join(dir, 'packs', name);
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

const medicare = writePack('medicare.json', MEDICARE);

describe('a user pack file', () => {
  test('runs end to end through clinicnet check: its findings name the pack id, never the path', async () => {
    const { code, out, err } = await runCli(['check', STACK, '--packs', `lumos,${medicare}`, '--format', 'json']);
    expect(err).toBe('');
    const report = JSON.parse(out) as JsonReport;
    const mine = report.findings.filter((f) => f.requirement === 'MEDICARE-EGRESS-443');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ pack: 'medicare', kind: 'violation', severity: 'error' });
    expect(mine[0].message).toContain('no allowed flow TCP 443 to claims.medicare.example.org');
    expect(code).toBe(1);
    expect(out).not.toContain(dir);
  });

  test('runs through clinicnet review too, on both sides, named by id', async () => {
    const review = join(__dirname, '..', 'fixtures', 'review');
    const argv = ['review', '--base', join(review, 'base'), '--head', join(review, 'head'), '--format', 'json'];
    const without = await runCli(argv);
    const withPack = await runCli([...argv, '--packs', medicare]);
    expect(withPack.err).toBe('');
    expect(without.out).not.toContain('MEDICARE-EGRESS-443');
    expect(withPack.out).toContain('MEDICARE-EGRESS-443');
    expect(withPack.out).not.toContain(dir);
  });

  test('a path is read relative to the working directory', () => {
    const outcome = runCheck(STACK, { packs: ['./packs/medicare.json'], format: 'text', failOn: 'error' }, dir);
    expect(outcome.evaluation.findings.map((f) => f.requirement)).toContain('MEDICARE-EGRESS-443');
    expect(outcome.report).not.toContain('packs/medicare.json');
  });

  test('without the pack, the same stack has no finding of it', () => {
    const outcome = runCheck(STACK, { packs: ['lumos'], format: 'text', failOn: 'error' }, dir);
    expect(outcome.evaluation.findings.map((f) => f.pack)).not.toContain('medicare');
  });

  test.each([
    ['an id of a built-in pack', { ...MEDICARE, id: 'lumos' }, /\[PACK-ID-TAKEN\] .*"lumos"/],
    ['the id of the engine', { ...MEDICARE, id: 'clinicnet' }, /\[PACK-ID-TAKEN\] .*"clinicnet"/],
    ['an unknown rule', { ...MEDICARE, requirements: [{ ...MEDICARE.requirements[0], rule: 'nope' }] }, /PACK-INVALID/],
    [
      'params the rule refuses',
      { ...MEDICARE, requirements: [{ ...MEDICARE.requirements[0], params: {} }] },
      /PACK-INVALID.*methods/,
    ],
    ['text that is not JSON', '{ "id": ', /\[PACK-FILE-UNREADABLE\] .*invalid JSON/],
  ])('with %s is refused in one line, exit 2', async (name, data, message) => {
    const file = writePack(`${name.replace(/\W+/g, '-')}.json`, data);
    const { code, out, err } = await runCli(['check', STACK, '--packs', file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });

  test('a missing file and an unknown id are refused', () => {
    expect(() => loadPacks(['./packs/none.json'], dir)).toThrow(/\[PACK-FILE-UNREADABLE\] .*ENOENT/);
    expect(() => loadPacks(['lumoss'], dir)).toThrow(/\[POLICY-UNKNOWN-PACK\] .*"lumoss"/);
  });

  test('two files with one id are refused; a built-in id named twice is one pack', () => {
    const again = writePack('again.json', MEDICARE);
    expect(() => loadPacks([medicare, again], dir)).toThrow(/\[PACK-ID-TAKEN\] .*"medicare"/);
    expect(loadPacks(['lumos', 'lumos'], dir).map((p) => p.id)).toEqual(['lumos']);
  });

  test("selected packs are the built-in ones and the user's, sorted, with the named ids", () => {
    const selected = selectPacks([medicare, 'hl7'], dir);
    expect(selected.packs.map((p) => p.id)).toEqual([
      'azure',
      'baseline',
      'custo',
      'hl7',
      'immtrac',
      'lumos',
      'medicare',
      'onepacs',
    ]);
    expect(selected.ids).toEqual(['hl7', 'medicare']);
  });
});

describe("a declaration naming a user pack's requirement", () => {
  /** The lumos clinic whose declaration puts a Medicare host on the bypass list for MEDICARE-EGRESS-443. */
  function declaringMedicare(): string {
    const doc = JSON.parse(readFileSync(STACK, 'utf8')) as {
      output: { clinicnet_site: { value: { bypass: unknown[] } } };
    };
    doc.output.clinicnet_site.value.bypass = [
      {
        host: 'claims.medicare.example.org',
        reason: 'the claiming service pins its certificate',
        requirement: 'MEDICARE-EGRESS-443',
      },
    ];
    const file = join(dir, 'declares-medicare.cdk.tf.json');
    writeFileSync(file, JSON.stringify(doc));
    return file;
  }

  const refused = (findings: { requirement: string; path: string }[]) =>
    findings.filter((f) => f.requirement === 'CLINICNET-UNREADABLE' && f.path === 'output.clinicnet_site');

  test('is accepted when check and review load that pack', async () => {
    const file = declaringMedicare();
    expect(
      refused(runCheck(file, { packs: ['lumos', medicare], format: 'json', failOn: 'error' }).evaluation.findings),
    ).toEqual([]);
    const review = await runCli([
      'review',
      '--base',
      file,
      '--head',
      file,
      '--packs',
      `lumos,${medicare}`,
      '--format',
      'json',
    ]);
    expect(review.err).toBe('');
    expect(review.out).not.toContain('output.clinicnet_site');
  });

  test('is refused (an error) when the pack is not loaded', () => {
    const found = refused(
      runCheck(declaringMedicare(), { packs: ['lumos'], format: 'json', failOn: 'error' }).evaluation.findings,
    );
    expect(
      found.map((f) => [
        (f as { severity?: string }).severity,
        /requirement/.test((f as { message?: string }).message ?? ''),
      ]),
    ).toEqual([['error', true]]);
  });
});
