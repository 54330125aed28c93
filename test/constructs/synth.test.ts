// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { App } from 'cdktf';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { synthOrReport } from '../../lib/constructs/synth';
import { clinic, newEstate } from '../policy/util';

function run(withFlows: boolean): { code: number; stderr: string; files: string[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-'));
  const app = new App({ outdir });
  const site = clinic(newEstate(app), 'nsw-gp', 1, ['lumos']);
  new NatEgress(site, 'nat', {});
  if (withFlows) site.allowVendor('lumos');
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk) => (text += chunk));
  const code = synthOrReport(app, stderr);
  const files = fs.existsSync(path.join(outdir, 'stacks')) ? fs.readdirSync(path.join(outdir, 'stacks')) : [];
  fs.rmSync(outdir, { recursive: true, force: true });
  return { code, stderr: text, files };
}

describe('synthOrReport', () => {
  test('a site that fails the gate: exit code 1, every finding on stderr without a stack trace, no stack written', () => {
    const result = run(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\[GATE-FAILED\] policy gate failed — got 3 error findings/);
    expect(result.stderr).toContain('[LUMOS-EGRESS-DATA]');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.files).toEqual([]);
  });

  test('a compliant site: exit code 0 and its stack synthesized', () => {
    const result = run(true);
    expect(result).toMatchObject({ code: 0, stderr: '', files: ['nsw-gp'] });
  });
});
