// SPDX-License-Identifier: Apache-2.0
import { PortForward } from '../../lib/constructs/port-forward';
import { ProxyBypassList } from '../../lib/constructs/proxy-bypass-list';
import { SharedKey } from '../../lib/constructs/shared-key';
import { SiteToSiteVpn } from '../../lib/constructs/site-to-site-vpn';
import type { VendorSettings } from '../../lib/model/types';
import { unknown } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { clinic, evaluateEstate, findingsOf, kindsOf, newEstate, patchSite } from './util';
import { modelOf } from '../constructs/read-back';

const KEY = SharedKey.fromKeyVaultSecret({
  keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-acme',
  secretName: 'custo-psk',
});
const INSPECTION = {
  caCertificateSecretId: 'https://kv-acme.vault.azure.net/secrets/inspection-ca',
  identityId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fw',
};
const centreVendor = (mode: 'vpn' | 'port-forward'): VendorSettings => ({ custo: { role: 'centre', mode } });

/** A centre using port forwarding, with its cloud flows. */
function forwardingCentre(forward?: { external: number; internal: number; sources: Cidr[] | 'any' }) {
  const estate = newEstate();
  const centre = clinic(estate, 'cardiology', 5, ['custo'], { vendor: centreVendor('port-forward') });
  centre.allowVendor('custo');
  if (forward) {
    new PortForward(centre, 'custo-diagnostics', {
      externalPort: Port.tcp(forward.external),
      internalPort: Port.tcp(forward.internal),
      internalAddress: '10.5.1.10',
      sources: forward.sources,
      reason: 'custo RDT transfers from sending practices',
      requirement: 'CUSTO-INBOUND-PORT',
    });
  }
  return estate;
}

/** A VPN centre and one sender; `senderNet` picks the sender's /16. */
function vpnGroup(senderNet: number) {
  const estate = newEstate();
  const centre = clinic(estate, 'cardiology', 5, ['custo'], { vendor: centreVendor('vpn') });
  centre.allowVendor('custo');
  const sender = clinic(estate, 'gp-north', senderNet, ['custo'], {
    vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'cardiology' } },
  });
  new SiteToSiteVpn(centre, 'to-gp-north', { remote: { site: sender }, sharedKey: KEY });
  new SiteToSiteVpn(sender, 'to-cardiology', { remote: { site: centre }, sharedKey: KEY });
  return estate;
}

describe('CUSTO-MODE: one transfer mode, VPN or port forwarding', () => {
  test('Noncompliance 1: custo declared without role or mode', () => {
    const estate = newEstate();
    clinic(estate, 'gp-north', 6, ['custo']);
    expect(kindsOf(evaluateEstate(estate), 'CUSTO-MODE')).toEqual(['violation:error']);
  });

  test('Noncompliance 2: mode vpn without a VPN link to the centre', () => {
    const estate = newEstate();
    clinic(estate, 'gp-north', 6, ['custo'], {
      vendor: { custo: { role: 'sender', mode: 'vpn', centre: 'cardiology' } },
    });
    expect(findingsOf(evaluateEstate(estate), 'CUSTO-MODE')[0].message).toContain('no VPN link to cardiology');
  });

  test('Compliance: port forwarding, or VPN with a link', () => {
    expect(
      findingsOf(evaluateEstate(forwardingCentre({ external: 8443, internal: 8443, sources: 'any' })), 'CUSTO-MODE'),
    ).toEqual([]);
    expect(findingsOf(evaluateEstate(vpnGroup(6)), 'CUSTO-MODE')).toEqual([]);
  });
});

describe('CUSTO-VPN-NO-OVERLAP: one address plan across the VPN group', () => {
  test('Noncompliance 1: the sender reuses the centre range', () => {
    const evaluation = evaluateEstate(vpnGroup(5));
    expect(findingsOf(evaluation, 'CUSTO-VPN-NO-OVERLAP').length).toBeGreaterThan(0);
    expect(findingsOf(evaluation, 'CUSTO-VPN-NO-OVERLAP')[0].message).toContain('custo VPN group of cardiology');
  });

  test('Compliance: disjoint ranges', () => {
    expect(findingsOf(evaluateEstate(vpnGroup(6)), 'CUSTO-VPN-NO-OVERLAP')).toEqual([]);
  });

  test('Unknown: a VNet address space is unresolved', () => {
    const model = patchSite(modelOf(vpnGroup(6)), 'gp-north', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({ ...v, addressSpaces: [unknown('var.space')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'CUSTO-VPN-NO-OVERLAP')).toContain('unknown:warning');
  });
});

describe('CUSTO-VPN-PUBLIC-IP: the VPN centre has a public IPv4', () => {
  test('Noncompliance 1: centre in VPN mode without a VPN gateway', () => {
    const estate = newEstate();
    clinic(estate, 'cardiology', 5, ['custo'], { vendor: centreVendor('vpn') }).allowVendor('custo');
    expect(kindsOf(evaluateEstate(estate), 'CUSTO-VPN-PUBLIC-IP')).toEqual(['violation:error']);
  });

  test('Compliance: the VPN gateway has a static IPv4', () => {
    expect(findingsOf(evaluateEstate(vpnGroup(6)), 'CUSTO-VPN-PUBLIC-IP')).toEqual([]);
  });

  test('Unknown: the public IP allocation is unresolved', () => {
    const model = patchSite(modelOf(vpnGroup(6)), 'cardiology', (s) => ({
      ...s,
      vpnGateway: s.vpnGateway && {
        ...s.vpnGateway,
        publicIps: s.vpnGateway.publicIps.map((ip) => ({ ...ip, allocation: unknown('var.allocation') })),
      },
    }));
    expect(kindsOf(evaluateEstate(model), 'CUSTO-VPN-PUBLIC-IP')).toEqual(['unknown:warning']);
  });
});

describe('CUSTO-INBOUND-PORT: forward of the diagnostics SSL port, same port inside', () => {
  test('Noncompliance 1: no forward at a port-forwarding centre', () => {
    expect(kindsOf(evaluateEstate(forwardingCentre()), 'CUSTO-INBOUND-PORT')).toEqual(['violation:error']);
  });

  test('Noncompliance 2: 443 outside mapped to 8443 inside', () => {
    const [finding] = findingsOf(
      evaluateEstate(forwardingCentre({ external: 443, internal: 8443, sources: 'any' })),
      'CUSTO-INBOUND-PORT',
    );
    expect(finding.message).toContain('got 443 → 8443');
  });

  test('Compliance: 8443 and 18443 forwarded to the same port', () => {
    expect(
      findingsOf(
        evaluateEstate(forwardingCentre({ external: 8443, internal: 8443, sources: 'any' })),
        'CUSTO-INBOUND-PORT',
      ),
    ).toEqual([]);
    expect(
      findingsOf(
        evaluateEstate(forwardingCentre({ external: 18443, internal: 18443, sources: 'any' })),
        'CUSTO-INBOUND-PORT',
      ),
    ).toEqual([]);
  });

  test('Unknown: the external port is unresolved', () => {
    const model = patchSite(
      modelOf(forwardingCentre({ external: 8443, internal: 8443, sources: 'any' })),
      'cardiology',
      (s) => ({ ...s, inbound: s.inbound.map((f) => ({ ...f, externalPort: unknown('var.port') })) }),
    );
    expect(kindsOf(evaluateEstate(model), 'CUSTO-INBOUND-PORT')).toEqual(['unknown:warning']);
  });
});

describe('CUSTO-INBOUND-SOURCES: forward limited to known senders', () => {
  test('Noncompliance 1: the forward is open to any source', () => {
    expect(
      kindsOf(
        evaluateEstate(forwardingCentre({ external: 8443, internal: 8443, sources: 'any' })),
        'CUSTO-INBOUND-SOURCES',
      ),
    ).toEqual(['violation:warning']);
  });

  test('Compliance: senders listed', () => {
    expect(
      findingsOf(
        evaluateEstate(forwardingCentre({ external: 8443, internal: 8443, sources: [Cidr.parse('198.51.100.7/32')] })),
        'CUSTO-INBOUND-SOURCES',
      ),
    ).toEqual([]);
  });

  test('Unknown: the sources, or the internal port, are Terraform variables', () => {
    const model = modelOf(
      forwardingCentre({
        external: 8443,
        internal: 8443,
        sources: [Cidr.parse('198.51.100.7/32')],
      }),
    );
    const sources = patchSite(model, 'cardiology', (s) => ({
      ...s,
      inbound: s.inbound.map((f) => ({ ...f, sources: [unknown('var.senders')] })),
    }));
    expect(kindsOf(evaluateEstate(sources), 'CUSTO-INBOUND-SOURCES')).toEqual(['unknown:error']);
    const port = patchSite(model, 'cardiology', (s) => ({
      ...s,
      inbound: s.inbound.map((f) => ({ ...f, internalPort: unknown('var.ssl_port'), sources: ['*'] })),
    }));
    expect(findingsOf(evaluateEstate(port), 'CUSTO-INBOUND-SOURCES').map((f) => [f.kind, f.message])).toEqual([
      ['unknown', expect.stringContaining('var.ssl_port')],
    ]);
  });
});

describe('CUSTO-NO-TLS-INSPECT: no TLS inspection of *.customed.de', () => {
  function inspectingSender(bypass: boolean) {
    const estate = newEstate();
    const site = clinic(estate, 'gp-north', 6, ['custo'], {
      vendor: { custo: { role: 'sender', mode: 'port-forward' } },
      tlsInspection: INSPECTION,
    });
    if (bypass)
      new ProxyBypassList(site, 'custo', {
        hosts: [
          {
            host: Fqdn.parse('*.customed.de'),
            reason: 'custo keeps its TLS chain end to end',
            requirement: 'CUSTO-NO-TLS-INSPECT',
          },
        ],
      });
    return { estate, site };
  }

  test('Noncompliance 1: TLS inspection on, *.customed.de not bypassed', () => {
    expect(kindsOf(evaluateEstate(inspectingSender(false).estate), 'CUSTO-NO-TLS-INSPECT')).toEqual([
      'violation:error',
    ]);
  });

  test('Noncompliance 2: a rule inspects kybe.customed.de', () => {
    const { estate, site } = inspectingSender(true);
    site.allowEgress({
      name: 'kybe-inspected',
      fqdns: [Fqdn.parse('kybe.customed.de')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'custo cloud',
      inspectTls: true,
    });
    expect(findingsOf(evaluateEstate(estate), 'CUSTO-NO-TLS-INSPECT')[0].message).toContain(
      'inspects TLS to *.customed.de',
    );
  });

  test('Compliance: *.customed.de on the bypass list', () => {
    expect(findingsOf(evaluateEstate(inspectingSender(true).estate), 'CUSTO-NO-TLS-INSPECT')).toEqual([]);
  });

  test('Unknown: an inspecting rule whose hostnames are a Terraform variable', () => {
    const { estate, site } = inspectingSender(true);
    site.allowEgress({
      name: 'cloud-inspected',
      fqdns: [Fqdn.parse('portal.example.org')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'vendor cloud',
      inspectTls: true,
    });
    expect(findingsOf(evaluateEstate(estate), 'CUSTO-NO-TLS-INSPECT')).toEqual([]);
    const model = patchSite(modelOf(estate), 'gp-north', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, fqdns: [unknown('var.cloud_hosts')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'CUSTO-NO-TLS-INSPECT')).toEqual(['unknown:warning']);
  });
});

describe('CUSTO-CLOUD-EGRESS: the centre reaches kybe.customed.de and letsencrypt.org', () => {
  test('Noncompliance 1: centre without the cloud flows', () => {
    const estate = newEstate();
    clinic(estate, 'cardiology', 5, ['custo'], { vendor: centreVendor('port-forward') });
    expect(findingsOf(evaluateEstate(estate), 'CUSTO-CLOUD-EGRESS').map((f) => f.message)).toEqual([
      expect.stringContaining('TCP 443 to kybe.customed.de'),
      expect.stringContaining('TCP 443 to letsencrypt.org'),
    ]);
  });

  test('Compliance: allowVendor at the centre; senders are not asked', () => {
    expect(findingsOf(evaluateEstate(forwardingCentre()), 'CUSTO-CLOUD-EGRESS')).toEqual([]);
    const estate = newEstate();
    clinic(estate, 'gp-north', 6, ['custo'], { vendor: { custo: { role: 'sender', mode: 'port-forward' } } });
    expect(findingsOf(evaluateEstate(estate), 'CUSTO-CLOUD-EGRESS')).toEqual([]);
  });
});
