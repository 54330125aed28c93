// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { Suppressions } from '../../lib/constructs/suppressions';
import { readTerraformInput } from '../../lib/terraform';
import { clinic, newEstate } from '../policy/util';
import { parseJsonReport, parseReviewJson } from './json-output';
import { runCli } from './run-cli';

const LUMOS_FLOWS = ['LUMOS-EGRESS-443', 'LUMOS-EGRESS-991', 'LUMOS-EGRESS-DATA'];
const LONG_HORIZON = ['--max-suppression-days', '36500'];

/** Synthesizes a Lumos clinic without its flows, the three findings suppressed on the site or not. */
function synthesized(suppress: boolean): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'construct-suppressions-'));
  const app = new App({ outdir });
  const estate = newEstate(app);
  const site = clinic(estate, 'nsw-gp', 1, ['lumos']);
  new NatEgress(site, 'nat', {});
  if (suppress) {
    for (const id of LUMOS_FLOWS)
      Suppressions.of(site).add({
        id,
        reason: 'flows go through the practice proxy until cut-over',
        owner: 'network team',
        expires: '2099-12-31',
      });
  }
  app.synth();
  return outdir;
}

describe('construct suppressions travel with the synthesized stack', () => {
  const suppressed = synthesized(true);
  const plain = synthesized(false);
  afterAll(() => [suppressed, plain].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('the reader returns them with their construct path', () => {
    const read = readTerraformInput(suppressed);
    expect(read.suppressions.map((s) => [s.id, s.path, s.declaredAt])).toEqual(
      LUMOS_FLOWS.map((id) => [id, 'estate/nsw-gp', 'estate/nsw-gp']),
    );
    expect(readTerraformInput(plain).suppressions).toEqual([]);
  });

  test('check honours them as the gate did: exit 0, the findings listed as suppressed', async () => {
    // The suppressions run to 2099, beyond the default one-year horizon from the real date.
    const { code, out } = await runCli(['check', suppressed, '--format', 'json', ...LONG_HORIZON]);
    const report = parseJsonReport(out);
    expect(code).toBe(0);
    expect(report.suppressed.map((f) => f.requirement).sort()).toEqual(LUMOS_FLOWS);
    expect(report.suppressions.map((s) => s.state)).toEqual(['applied', 'applied', 'applied']);
  });

  test('without them the same network fails check', async () => {
    const { code, out } = await runCli(['check', plain, '--format', 'json']);
    expect(code).toBe(1);
    expect(
      parseJsonReport(out)
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.requirement)
        .sort(),
    ).toEqual(LUMOS_FLOWS);
  });

  test("review applies each side's own suppressions: no new finding", async () => {
    const { code, out } = await runCli([
      'review',
      '--base',
      suppressed,
      '--head',
      suppressed,
      '--format',
      'json',
      ...LONG_HORIZON,
    ]);
    expect(code).toBe(0);
    expect(parseReviewJson(out).findings.new).toEqual([]);
  });
});
