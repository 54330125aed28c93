// SPDX-License-Identifier: Apache-2.0
import { TerraformVariable } from 'cdktf';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { ProxyBypassList } from '../../lib/constructs/proxy-bypass-list';
import { unknown } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { TlsVersion } from '../../lib/net/tls-version';
import { clinic, evaluateEstate, findingsOf, kindsOf, newEstate, patchSite } from './util';
import { modelOf } from '../constructs/read-back';

const HTTP_PROXY = { kind: 'http' as const, endpoint: 'proxy.practice.local:3128' };
const INSPECTION = {
  caCertificateSecretId: 'https://kv-acme.vault.azure.net/secrets/inspection-ca',
  identityId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fw',
};

/** A Lumos practice with NAT egress; `flows` decides whether allowVendor is called. */
function lumosSite(flows: boolean, props: Parameters<typeof clinic>[4] = {}) {
  const estate = newEstate();
  const site = clinic(estate, 'nsw-gp', 1, ['lumos'], props);
  new NatEgress(site, 'nat', {});
  if (flows) site.allowVendor('lumos');
  return { estate, site };
}

describe.each([
  ['LUMOS-EGRESS-443', 'TCP 443 to authentigate.cherel.org.au'],
  ['LUMOS-EGRESS-991', 'TCP 991 to csu.cherel.org.au'],
  ['LUMOS-EGRESS-DATA', 'TCP 3000-3010 to csu.cherel.org.au'],
])('%s: outbound %s by hostname', (requirement, flow) => {
  test('Noncompliance 1: no flows declared', () => {
    const evaluation = evaluateEstate(lumosSite(false).estate);
    expect(kindsOf(evaluation, requirement)).toEqual(['violation:error']);
    expect(findingsOf(evaluation, requirement)[0].message).toContain(`[${requirement}] no allowed flow ${flow}`);
  });

  test('Compliance: allowVendor adds the flow by hostname', () => {
    expect(findingsOf(evaluateEstate(lumosSite(true).estate), requirement)).toEqual([]);
  });

  test('Unknown: the flow ports are unresolved', () => {
    const { estate } = lumosSite(true);
    const model = patchSite(modelOf(estate), 'nsw-gp', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, ports: [unknown('var.port')] })),
    }));
    expect(kindsOf(evaluateEstate(model), requirement)).toEqual(['unknown:warning']);
  });
});

describe('LUMOS-EGRESS-DATA: an IP-address rule does not meet the obligation', () => {
  test('Noncompliance 2: data ports allowed only to an address', () => {
    const { estate, site } = lumosSite(false);
    site.allowEgressToAddresses({
      name: 'csu-data-by-ip',
      addresses: [Cidr.parse('203.0.113.10/32')],
      ports: [Port.tcpRange(3000, 3010)],
      app: 'ftps-implicit',
      purpose: 'Lumos FTPS data',
    });
    const [finding] = findingsOf(evaluateEstate(estate), 'LUMOS-EGRESS-DATA');
    expect(finding.message).toContain('allowed only by IP address');
    expect(finding.message).toContain('203.0.113.10/32');
  });
});

describe('LUMOS-BY-HOSTNAME: rules name the hostname, not a fixed IP', () => {
  test('Noncompliance 1: FTPS control to an address', () => {
    const { estate, site } = lumosSite(true);
    site.allowEgressToAddresses({
      name: 'csu-by-ip',
      addresses: [Cidr.parse('203.0.113.10/32')],
      ports: [Port.tcp(991)],
      app: 'ftps-implicit',
      purpose: 'Lumos FTPS control',
    });
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-BY-HOSTNAME')).toEqual(['violation:error']);
  });

  test('Noncompliance 2: an address rule tagged with a Lumos requirement', () => {
    const { estate, site } = lumosSite(true);
    site.allowEgressToAddresses({
      name: 'portal-by-ip',
      addresses: [Cidr.parse('203.0.113.11/32')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'portal',
      requirement: 'LUMOS-EGRESS-443',
    });
    expect(findingsOf(evaluateEstate(estate), 'LUMOS-BY-HOSTNAME').map((f) => f.message)).toEqual([
      expect.stringContaining('rule portal-by-ip names IP addresses'),
    ]);
  });

  test('Unknown: a rule on the FTPS control port whose addresses are a Terraform variable', () => {
    const { estate, site } = lumosSite(true);
    site.allowEgressToAddresses({
      name: 'csu-by-var',
      addresses: [Cidr.parse('203.0.113.10/32')],
      ports: [Port.tcp(991)],
      app: 'ftps-implicit',
      purpose: 'Lumos FTPS control',
    });
    const model = patchSite(modelOf(estate), 'nsw-gp', (s) => ({
      ...s,
      egress: s.egress.map((f) => (f.name === 'csu-by-var' ? { ...f, addresses: [unknown('var.csu_address')] } : f)),
    }));
    expect(kindsOf(evaluateEstate(model), 'LUMOS-BY-HOSTNAME')).toEqual(['unknown:warning']);
    expect(findingsOf(evaluateEstate(model), 'LUMOS-BY-HOSTNAME')[0].message).toContain('var.csu_address');
  });

  test('Compliance: only hostname rules, and an unrelated address rule on 443', () => {
    const { estate, site } = lumosSite(true);
    site.allowEgressToAddresses({
      name: 'other-https',
      addresses: [Cidr.parse('198.51.100.0/24')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'pathology results portal',
    });
    expect(findingsOf(evaluateEstate(estate), 'LUMOS-BY-HOSTNAME')).toEqual([]);
  });
});

describe('LUMOS-PUBLIC-DNS: hostnames resolve through public DNS', () => {
  test('Noncompliance 1: the DNS proxy forwards to a private resolver', () => {
    const { estate } = lumosSite(true, { dnsServers: ['10.1.1.4'] });
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-PUBLIC-DNS')).toEqual(['violation:warning']);
  });

  test('Noncompliance 2: a private zone shadows cherel.org.au', () => {
    const model = patchSite(modelOf(lumosSite(true).estate), 'nsw-gp', (s) => ({
      ...s,
      dns: { ...s.dns, privateZones: ['cherel.org.au'] },
    }));
    expect(findingsOf(evaluateEstate(model), 'LUMOS-PUBLIC-DNS')).toHaveLength(2);
  });

  test('Compliance: Azure DNS, or a public resolver', () => {
    expect(findingsOf(evaluateEstate(lumosSite(true).estate), 'LUMOS-PUBLIC-DNS')).toEqual([]);
    expect(findingsOf(evaluateEstate(lumosSite(true, { dnsServers: ['1.1.1.1'] }).estate), 'LUMOS-PUBLIC-DNS')).toEqual(
      [],
    );
  });

  test('Unknown: the DNS server is a Terraform variable', () => {
    const estate = newEstate();
    const holder = clinic(estate, 'hub', 9);
    const server = new TerraformVariable(holder, 'dns', { type: 'string' });
    const site = clinic(estate, 'nsw-gp', 1, ['lumos'], { dnsServers: [server.stringValue] });
    new NatEgress(site, 'nat', {});
    site.allowVendor('lumos');
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-PUBLIC-DNS', 'nsw-gp')).toEqual(['unknown:warning']);
  });
});

describe('LUMOS-NAT-OR-PROXY: egress by NAT or an HTTP/1.1 proxy', () => {
  test('Noncompliance 1: neither NAT nor proxy', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']).allowVendor('lumos');
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-NAT-OR-PROXY')).toEqual(['violation:error']);
  });

  test('Noncompliance 2: only a SOCKS proxy', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos'], {
      proxyAppliance: { kind: 'socks5', endpoint: 'socks.local:1080' },
    }).allowVendor('lumos');
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-NAT-OR-PROXY')).toEqual(['violation:error']);
  });

  test('Compliance: a NAT gateway, or an HTTP proxy', () => {
    expect(findingsOf(evaluateEstate(lumosSite(true).estate), 'LUMOS-NAT-OR-PROXY')).toEqual([]);
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos'], { proxyAppliance: HTTP_PROXY }).allowVendor('lumos');
    expect(findingsOf(evaluateEstate(estate), 'LUMOS-NAT-OR-PROXY')).toEqual([]);
  });

  test('Unknown: the NAT gateway subnet is unresolved', () => {
    const model = patchSite(modelOf(lumosSite(true).estate), 'nsw-gp', (s) => ({
      ...s,
      natEgress: s.natEgress.map((n) => ({ ...n, subnets: [unknown('azurerm_subnet.x.name')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'LUMOS-NAT-OR-PROXY')).toEqual(['unknown:warning']);
  });
});

describe('LUMOS-NO-SOCKS: no SOCKS proxy', () => {
  test('Noncompliance 1: a SOCKS5 proxy appliance', () => {
    const { estate } = lumosSite(true, { proxyAppliance: { kind: 'socks5', endpoint: 'socks.local:1080' } });
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-NO-SOCKS')).toEqual(['violation:error']);
  });

  test('Compliance: an HTTP proxy', () => {
    expect(
      findingsOf(evaluateEstate(lumosSite(true, { proxyAppliance: HTTP_PROXY }).estate), 'LUMOS-NO-SOCKS'),
    ).toEqual([]);
  });
});

describe('LUMOS-TLS-INSPECT-CA: inspected TLS needs a trusted CA', () => {
  function inspected(ca: string) {
    const estate = newEstate();
    const site = clinic(estate, 'nsw-gp', 1, ['lumos'], {
      tlsInspection: { ...INSPECTION, caCertificateSecretId: ca },
    });
    new NatEgress(site, 'nat', {});
    site.allowEgress({
      name: 'portal-inspected',
      fqdns: [Fqdn.parse('authentigate.cherel.org.au')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'Lumos portal',
      inspectTls: true,
    });
    return { estate, site };
  }

  test('Noncompliance 1: inspection of the portal without a declared CA', () => {
    const model = patchSite(modelOf(inspected(INSPECTION.caCertificateSecretId).estate), 'nsw-gp', (s) => ({
      ...s,
      tlsInspection: { ...s.tlsInspection, caCertificate: undefined },
    }));
    expect(kindsOf(evaluateEstate(model), 'LUMOS-TLS-INSPECT-CA')).toEqual(['violation:warning']);
  });

  test('Compliance: the inspection CA is declared', () => {
    expect(
      findingsOf(evaluateEstate(inspected(INSPECTION.caCertificateSecretId).estate), 'LUMOS-TLS-INSPECT-CA'),
    ).toEqual([]);
  });

  test('Unknown: without a declared CA, an inspecting rule whose hostnames are a Terraform variable', () => {
    const model = patchSite(modelOf(inspected(INSPECTION.caCertificateSecretId).estate), 'nsw-gp', (s) => ({
      ...s,
      tlsInspection: { ...s.tlsInspection, caCertificate: undefined },
      egress: s.egress.map((f) => (f.name === 'portal-inspected' ? { ...f, fqdns: [unknown('var.portal_hosts')] } : f)),
    }));
    expect(kindsOf(evaluateEstate(model), 'LUMOS-TLS-INSPECT-CA')).toEqual(['unknown:warning']);
  });

  test('Unknown: the CA secret id is a Terraform variable', () => {
    const estate = newEstate();
    const holder = clinic(estate, 'hub', 9);
    const ca = new TerraformVariable(holder, 'ca', { type: 'string' });
    const site = clinic(estate, 'nsw-gp', 1, ['lumos'], {
      tlsInspection: { ...INSPECTION, caCertificateSecretId: ca.stringValue },
    });
    site.allowEgress({
      name: 'portal-inspected',
      fqdns: [Fqdn.parse('authentigate.cherel.org.au')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'Lumos portal',
      inspectTls: true,
    });
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-TLS-INSPECT-CA')).toEqual(['unknown:warning']);
  });
});

describe('LUMOS-TLS12: TLS 1.2 or later on the path', () => {
  test('Noncompliance 1: the proxy accepts TLS 1.1', () => {
    const { estate } = lumosSite(true, { proxyAppliance: { ...HTTP_PROXY, minTlsVersion: TlsVersion.V1_1 } });
    const [finding] = findingsOf(evaluateEstate(estate), 'LUMOS-TLS12');
    expect(finding.message).toBe(
      '[LUMOS-TLS12] proxy accepts TLS below TLS 1.2 — got TLS 1.1, expected TLS 1.2 or later; fix: set the proxy minimum TLS version to 1.2',
    );
  });

  test('Noncompliance 2: TLS inspection negotiates from TLS 1.0', () => {
    const { estate } = lumosSite(true, { tlsInspection: { ...INSPECTION, minTlsVersion: TlsVersion.V1_0 } });
    expect(kindsOf(evaluateEstate(estate), 'LUMOS-TLS12')).toEqual(['violation:error']);
  });

  test('Compliance: TLS 1.2 minimum', () => {
    expect(
      findingsOf(
        evaluateEstate(lumosSite(true, { proxyAppliance: { ...HTTP_PROXY, minTlsVersion: TlsVersion.V1_2 } }).estate),
        'LUMOS-TLS12',
      ),
    ).toEqual([]);
  });
});

describe('LUMOS-OS: the extraction host can do TLS 1.2', () => {
  const os = (extractionHostOs: string) =>
    evaluateEstate(lumosSite(true, { vendor: { lumos: { extractionHostOs } } }).estate);

  test('Noncompliance 1: Windows Server 2003 is unsupported', () => {
    expect(kindsOf(os('Windows Server 2003 R2'), 'LUMOS-OS')).toEqual(['violation:warning']);
  });

  test('Noncompliance 2: Windows Server 2008 R2 needs KB3140245 (info)', () => {
    const [finding] = findingsOf(os('Windows Server 2008 R2'), 'LUMOS-OS');
    expect([finding.severity, finding.message]).toEqual(['info', expect.stringContaining('KB3140245')]);
  });

  test('Compliance: Windows Server 2019, or no OS declared', () => {
    expect(findingsOf(os('Windows Server 2019'), 'LUMOS-OS')).toEqual([]);
    expect(findingsOf(evaluateEstate(lumosSite(true).estate), 'LUMOS-OS')).toEqual([]);
  });
});

describe('LUMOS-PROXY-EXCEPTIONS: a machine-wide proxy lists its exceptions', () => {
  test('Noncompliance 1: HTTP proxy with an empty bypass list', () => {
    expect(
      kindsOf(evaluateEstate(lumosSite(true, { proxyAppliance: HTTP_PROXY }).estate), 'LUMOS-PROXY-EXCEPTIONS'),
    ).toEqual(['violation:info']);
  });

  test('Compliance: the bypass list is declared', () => {
    const { estate, site } = lumosSite(true, { proxyAppliance: HTTP_PROXY });
    new ProxyBypassList(site, 'local', {
      hosts: [{ host: Fqdn.parse('*.practice.local'), reason: 'internal servers are reached directly' }],
    });
    expect(findingsOf(evaluateEstate(estate), 'LUMOS-PROXY-EXCEPTIONS')).toEqual([]);
  });
});
