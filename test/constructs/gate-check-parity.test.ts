// SPDX-License-Identifier: Apache-2.0
/**
 * One producer, one answer: the report the gate writes is, byte for byte, what
 * `clinicnet check cdktf.out --format json` prints for the published output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { REPORT_FILE, runGate } from '../../lib/constructs/policy-gate';
import { Suppressions } from '../../lib/constructs/suppressions';
import { buildExampleEstate } from '../../stacks/estate';
import { runCli } from '../cli/run-cli';
import { clinic, newEstate } from '../policy/util';

/** A month from today: within the suppression governance's one-year horizon. */
const SOON = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

describe('the gate report equals clinicnet check --format json', () => {
  const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'parity-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function parity(name: string, build: (app: App) => void, mode: 'enforce' | 'report') {
    const app = new App({ outdir: path.join(root, name) });
    build(app);
    runGate(app, { print: () => undefined, mode });
    const check = await runCli(['check', app.outdir, '--format', 'json', '--fail-on', 'never']);
    expect(check.err).toBe('');
    return { report: fs.readFileSync(path.join(app.outdir, REPORT_FILE), 'utf8'), check: check.out };
  }

  test('the example estate of stacks/', async () => {
    const { report, check } = await parity('example', (app) => buildExampleEstate(app), 'enforce');
    expect((JSON.parse(report) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    expect(report).toBe(check);
  }, 60_000);

  test('a failing estate (report mode) with construct suppressions: applied, unused and expired', async () => {
    const { report, check } = await parity(
      'failing',
      (app) => {
        const estate = newEstate(app);
        const site = clinic(estate, 'nsw-gp', 1, ['lumos']);
        new NatEgress(site, 'nat', {});
        Suppressions.of(site).add({
          id: 'LUMOS-EGRESS-443',
          reason: 'portal via the practice proxy',
          owner: 'netops',
          expires: SOON,
        });
        Suppressions.of(site).add({
          id: 'LUMOS-EGRESS-991',
          reason: 'migration, long expired now',
          owner: 'netops',
          expires: '2020-01-01',
        });
        Suppressions.of(estate).add({
          id: 'IMMTRAC-METHOD',
          reason: 'no ImmTrac clinic here yet',
          owner: 'netops',
          expires: SOON,
        });
      },
      'report',
    );
    const parsed = JSON.parse(report) as { summary: { error: number }; suppressions: { state: string }[] };
    expect(parsed.summary.error).toBeGreaterThan(0);
    expect(parsed.suppressions.map((s) => s.state).sort()).toEqual(['applied', 'expired', 'unused']);
    expect(report).toBe(check);
  }, 60_000);
});
