// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from './run-cli';

const BASE = join(__dirname, '..', 'fixtures', 'review', 'base');

describe('clinicnet artefacts', () => {
  test('writes each site of a synthesized estate to DIR/<site>/', async () => {
    const out = mkdtempSync(join(tmpdir(), 'artefacts-cli-'));
    const { code, out: stdout } = await runCli(['artefacts', BASE, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`clinicnet artefacts: wrote 2 sites to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(['nsw-gp-blacktown', 'nsw-gp-parramatta']);
    const script = readFileSync(join(out, 'nsw-gp-parramatta', 'connectivity-test.ps1'), 'utf8');
    expect(script).toContain("'LUMOS-EGRESS-DATA' 'lumos-csu-3000-3010' 'csu.cherel.org.au' 3010");
    const doc = readFileSync(join(out, 'nsw-gp-parramatta', 'NETWORK.md'), 'utf8');
    expect(doc).toContain('| `authentigate.cherel.org.au` | TCP 443 \\(https\\) | internet |');
    expect(doc).toContain('leave *Proxy Server Address* empty; the clinic reaches the Lumos hosts by NAT');
    rmSync(out, { recursive: true, force: true });
  });

  test('without --out it is a usage error', async () => {
    const { code, err } = await runCli(['artefacts', BASE]);
    expect(code).toBe(2);
    expect(err).toContain("required option '--out <dir>' not specified");
  });
});
