// SPDX-License-Identifier: Apache-2.0
import { join } from 'path';
import type { JsonReport } from '../../../lib/report/json';
import { runCli } from '../../cli/run-cli';

const ESTATE = join(__dirname, '..', '..', 'fixtures', 'hcl', 'estate');

/** `clinicnet check DIR --format json`. */
async function check(...argv: string[]): Promise<{ code: number; report: JsonReport }> {
  const { code, out, err } = await runCli(['check', ...argv, '--format', 'json']);
  expect(err).toBe('');
  return { code, report: JSON.parse(out) as JsonReport };
}

jest.setTimeout(60_000); // HCL parsing loads a WebAssembly parser: seconds on a loaded machine

describe('clinicnet check on a Terraform root module (module for_each, tfvars, cidrsubnet locals, dynamic rules)', () => {
  test("finds blacktown's missing Lumos port and richmond's overlap with windsor, nothing on penrith", async () => {
    const { code, report } = await check(ESTATE);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.site, f.requirement, f.path])).toEqual([
      ['blacktown', 'LUMOS-EGRESS-991', 'module.clinic["blacktown"].azurerm_firewall.clinic'],
      // One finding for the cluster (richmond's VNet and subnets inside windsor's), at richmond's VNet.
      ['richmond', 'BASE-CIDR-NO-OVERLAP', 'module.clinic["richmond"].azurerm_virtual_network.clinic'],
    ]);
    // The cidrsubnet locals were evaluated per clinic (a /17 clinic gets a /26 firewall subnet).
    expect(report.findings[1].message).toContain(
      'got windsor/vnet-windsor 10.30.0.0/16, richmond/vnet-richmond 10.30.128.0/17, richmond/vnet-richmond/AzureFirewallSubnet 10.30.128.0/26, richmond/vnet-richmond/workload 10.30.129.0/24 (3 overlapping pairs)',
    );
    expect(report.findings[1].message).toContain('fix: give richmond/vnet-richmond a prefix outside 10.30.0.0/16 (');
  });

  test('--var overrides the tfvars: the same estate with every clinic compliant and disjoint passes', async () => {
    const rules = [
      '{ name = "c", app = "ftps-implicit", req = "LUMOS-EGRESS-991", fqdns = ["csu.cherel.org.au"], ports = ["991"] }',
      '{ name = "d", app = "ftps-implicit", req = "LUMOS-EGRESS-DATA", fqdns = ["csu.cherel.org.au"], ports = ["3000-3010"] }',
      '{ name = "p", app = "https", req = "LUMOS-EGRESS-443", fqdns = ["authentigate.cherel.org.au"], ports = ["443"] }',
    ].join(', ');
    const clinics = `{ penrith = { address_space = "10.10.0.0/16", packs = ["lumos"], rules = [${rules}] }, windsor = { address_space = "10.30.0.0/16", packs = [], rules = [] } }`;
    const { code, report } = await check(ESTATE, '--var', `clinics=${clinics}`);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  test('--var-file wins over terraform.tfvars; removing the logs (count = 0) is seen', async () => {
    const { report } = await check(ESTATE, '--var-file', join(ESTATE, '..', 'no-logs.tfvars'));
    expect(report.findings.map((f) => [f.site, f.requirement])).toEqual([['solo', 'BASE-FIREWALL-LOGS']]);
  });
});

describe('unreadable HCL input is one line, exit 2', () => {
  test('a --var-file that does not exist', async () => {
    const { code, out, err } = await runCli(['check', ESTATE, '--var-file', join(ESTATE, 'missing.tfvars')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^clinicnet: \[TF-HCL-VAR-FILE\] cannot read variable file .*missing\.tfvars/);
  });
});
