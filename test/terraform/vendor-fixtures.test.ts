// SPDX-License-Identifier: Apache-2.0
/**
 * One plan per vendor pack that breaks it. Each test asserts the model fact that breaks
 * the requirement, then the error-level requirement ids the policy engine reports on it
 * (the fixtures are otherwise compliant, so the list is exactly what the fixture breaks).
 */
import { evaluate } from '../../lib/policy/engine';
import { readTerraformInput } from '../../lib/terraform';
import { planFixture } from './util';

function read(file: string) {
  const result = readTerraformInput(planFixture(file));
  expect(result.problems).toEqual([]);
  expect(result.model.sites).toHaveLength(1);
  const findings = evaluate(result.model, { today: '2026-01-01' }).findings;
  const errors = [...new Set(findings.filter((f) => f.severity === 'error').map((f) => f.requirement))].sort();
  return { site: result.model.sites[0], errors };
}

describe('vendor pack fixtures read from plan JSON', () => {
  test('lumos-data-port-by-ip: the FTPS data rule names an address, not csu.cherel.org.au → LUMOS-BY-HOSTNAME', () => {
    const { site, errors } = read('lumos-data-port-by-ip.json');
    expect(site).toMatchObject({ name: 'nsw-gp-parramatta', packs: ['lumos'] });
    const data = site.egress.find((f) => f.name === 'lumos-ftps-data');
    expect(data).toMatchObject({
      ruleKind: 'network',
      fqdns: [],
      addresses: ['203.0.113.25'],
      ports: ['3000-3010'],
      appProtocol: 'ftps-implicit',
      requirement: 'LUMOS-EGRESS-DATA',
    });
    // The data flow by address also leaves the data-port obligation unmet.
    expect(errors).toEqual(['LUMOS-BY-HOSTNAME', 'LUMOS-EGRESS-DATA']);
  });

  test('immtrac-no-passive-range: FTPS 990 without 5000-5010 → IMMTRAC-METHOD', () => {
    const { site, errors } = read('immtrac-no-passive-range.json');
    expect(site.packs).toEqual(['immtrac']);
    expect(site.egress.map((f) => [f.fqdns, f.ports])).toEqual([[['immtrac-ftp1.dshs.state.tx.us'], ['990']]]);
    expect(errors).toEqual(['IMMTRAC-METHOD']);
  });

  test('hl7-mllp-clear: MLLP to an outside address, not over a VPN → HL7-ENCRYPTED', () => {
    const { site, errors } = read('hl7-mllp-clear.json');
    expect(site.egress).toHaveLength(1);
    expect(site.egress[0]).toMatchObject({ appProtocol: 'mllp', addresses: ['198.51.100.20'], ports: ['6661'] });
    expect(site.egress[0].viaVpn).toBeUndefined();
    expect(errors).toEqual(['HL7-ENCRYPTED']);
  });

  test('custo-port-mismatch: DNAT 8443 outside to 443 inside, from any source → CUSTO-INBOUND-PORT', () => {
    const { site, errors } = read('custo-port-mismatch.json');
    expect(site).toMatchObject({
      kind: 'hub',
      vendor: { custo: { role: 'centre', mode: 'port-forward', sslPort: 8443 } },
    });
    expect(site.inbound).toEqual([
      expect.objectContaining({
        name: 'custo-rdt',
        externalPort: '8443',
        internalPort: '443',
        destination: '20.1.2.3',
        internalAddress: '10.50.1.10',
        sources: ['*'],
      }),
    ]);
    expect(errors).toEqual(['CUSTO-INBOUND-PORT']);
  });

  test('onepacs-inbound: a DNAT from the internet without a reason → ONEPACS-NO-INBOUND and BASE-NO-INTERNET-INBOUND', () => {
    const { site, errors } = read('onepacs-inbound.json');
    expect(site.inbound[0]).toMatchObject({ externalPort: '104', sources: ['*'] });
    expect(site.inbound[0].reason).toBeUndefined();
    expect(site.vnets[0].subnets.find((s) => s.name === 'imaging')?.role).toBe('imaging-gateway');
    expect(errors).toEqual(['BASE-NO-INTERNET-INBOUND', 'ONEPACS-NO-INBOUND']);
  });

  test('vpn-literal-key: a constant shared key → BASE-PSK-NOT-LITERAL', () => {
    const { site, errors } = read('vpn-literal-key.json');
    expect(site.vpnLinks.find((l) => l.name === 'cn-centre')?.sharedKey.source).toBe('literal');
    expect(errors).toEqual(['BASE-PSK-NOT-LITERAL']);
  });
});
