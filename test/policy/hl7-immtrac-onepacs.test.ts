// SPDX-License-Identifier: Apache-2.0
import { NatEgress } from '../../lib/constructs/nat-egress';
import { PortForward } from '../../lib/constructs/port-forward';
import { SharedKey } from '../../lib/constructs/shared-key';
import { SiteToSiteVpn } from '../../lib/constructs/site-to-site-vpn';
import { unknown } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { TlsVersion } from '../../lib/net/tls-version';
import { clinic, evaluateEstate, findingsOf, kindsOf, newEstate, patchSite } from './util';
import { modelOf } from '../constructs/read-back';

const KEY = SharedKey.fromKeyVaultSecret({
  keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-acme',
  secretName: 'hl7-psk',
});
const IMMTRAC = Fqdn.parse('immtrac-ftp1.dshs.state.tx.us');

/** A clinic sending HL7 to a lab at 192.0.2.0/24, over a VPN or not. */
function hl7Site(overVpn: boolean, app: 'mllp' | 'mllp-tls' = 'mllp') {
  const estate = newEstate();
  const site = clinic(estate, 'tx-clinic', 2, ['hl7']);
  const vpn = new SiteToSiteVpn(site, 'to-lab', {
    remote: { name: 'lab', gatewayAddress: '203.0.113.1', prefixes: [Cidr.parse('172.20.0.0/24')] },
    sharedKey: KEY,
  });
  site.allowEgressToAddresses({
    name: 'hl7-lab',
    addresses: [Cidr.parse(overVpn ? '172.20.0.10/32' : '192.0.2.10/32')],
    ports: [Port.tcp(2575)],
    app,
    purpose: 'ADT feed to the lab',
    ...(overVpn && { viaVpn: vpn }),
  });
  return estate;
}

describe('HL7-ENCRYPTED: no clear-text MLLP across the internet', () => {
  test('Noncompliance 1: MLLP to an internet address', () => {
    expect(kindsOf(evaluateEstate(hl7Site(false)), 'HL7-ENCRYPTED')).toEqual(['violation:error']);
  });

  test('Compliance: MLLP over the VPN link, or MLLP over TLS', () => {
    expect(findingsOf(evaluateEstate(hl7Site(true)), 'HL7-ENCRYPTED')).toEqual([]);
    expect(findingsOf(evaluateEstate(hl7Site(false, 'mllp-tls')), 'HL7-ENCRYPTED')).toEqual([]);
  });

  test('Unknown: the destination is unresolved', () => {
    const model = patchSite(modelOf(hl7Site(false)), 'tx-clinic', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, addresses: [unknown('var.lab_ip')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'HL7-ENCRYPTED')).toEqual(['unknown:warning']);
  });
});

describe('HL7-SFTP-FTPS: SFTP and FTPS are not mixed', () => {
  function ftp(app: 'sftp' | 'ftps-implicit', ports: Port[]) {
    const estate = newEstate();
    clinic(estate, 'tx-clinic', 2, ['hl7']).allowEgress({
      name: 'partner-files',
      fqdns: [Fqdn.parse('files.partner.example.org')],
      ports,
      app,
      purpose: 'HL7 batch files',
    });
    return evaluateEstate(estate);
  }

  test('Noncompliance 1: an SFTP flow opens 990', () => {
    expect(kindsOf(ftp('sftp', [Port.tcp(22), Port.tcp(990)]), 'HL7-SFTP-FTPS')).toEqual(['violation:warning']);
  });

  test('Noncompliance 2: an FTPS flow opens 22', () => {
    expect(kindsOf(ftp('ftps-implicit', [Port.tcp(22)]), 'HL7-SFTP-FTPS')).toEqual(['violation:warning']);
  });

  test('Compliance: SFTP on 22 only', () => {
    expect(findingsOf(ftp('sftp', [Port.tcp(22)]), 'HL7-SFTP-FTPS')).toEqual([]);
  });

  test('Unknown: an SFTP flow whose ports are a Terraform variable', () => {
    const estate = newEstate();
    clinic(estate, 'tx-clinic', 2, ['hl7']).allowEgress({
      name: 'partner-files',
      fqdns: [Fqdn.parse('files.partner.example.org')],
      ports: [Port.tcp(22)],
      app: 'sftp',
      purpose: 'HL7 batch files',
    });
    const model = patchSite(modelOf(estate), 'tx-clinic', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, ports: [unknown('var.partner_ports')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'HL7-SFTP-FTPS')).toEqual(['unknown:warning']);
  });
});

describe('HL7-AGENT-SPOF: one store-and-forward agent is a single point of failure', () => {
  const agents = (n: number) => {
    const estate = newEstate();
    clinic(estate, 'tx-clinic', 2, ['hl7'], { vendor: { hl7: { agents: n } } });
    return evaluateEstate(estate);
  };

  test('Noncompliance 1: one agent', () => {
    expect(kindsOf(agents(1), 'HL7-AGENT-SPOF')).toEqual(['violation:info']);
  });

  test('Compliance: two agents', () => {
    expect(findingsOf(agents(2), 'HL7-AGENT-SPOF')).toEqual([]);
  });
});

/** A Texas clinic with NAT; `flows` adds exactly those flows to the registry host. */
function immtracSite(
  flows: { name: string; port: Port; app: 'https' | 'ftps-implicit' | 'sftp' }[],
  nat = true,
  props: Parameters<typeof clinic>[4] = {},
) {
  const estate = newEstate();
  const site = clinic(estate, 'tx-clinic', 2, ['immtrac'], props);
  if (nat) new NatEgress(site, 'nat', { idleTimeoutMinutes: 4 });
  for (const f of flows)
    site.allowEgress({ name: f.name, fqdns: [IMMTRAC], ports: [f.port], app: f.app, purpose: 'ImmTrac2 submissions' });
  return { estate, site };
}

describe('IMMTRAC-METHOD: one complete transfer method by hostname', () => {
  test('Noncompliance 1: FTPS on 990 without the passive data ports is incomplete', () => {
    const evaluation = evaluateEstate(
      immtracSite([{ name: 'immtrac-ftps', port: Port.tcp(990), app: 'ftps-implicit' }]).estate,
    );
    expect(findingsOf(evaluation, 'IMMTRAC-METHOD').map((f) => f.message)).toEqual([
      expect.stringContaining(
        '[IMMTRAC-METHOD] method FTPS incomplete: no allowed flow TCP 5000-5010 to immtrac-ftp1.dshs.state.tx.us',
      ),
    ]);
  });

  test('Noncompliance 2: no method at all', () => {
    expect(kindsOf(evaluateEstate(immtracSite([]).estate), 'IMMTRAC-METHOD')).toEqual(['violation:error']);
  });

  test('Compliance: HTTPS, complete FTPS, or SFTP', () => {
    expect(
      findingsOf(
        evaluateEstate(immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }]).estate),
        'IMMTRAC-METHOD',
      ),
    ).toEqual([]);
    const ftps = immtracSite([
      { name: 'immtrac-ftps', port: Port.tcp(990), app: 'ftps-implicit' },
      { name: 'immtrac-ftps-data', port: Port.tcpRange(5000, 5010), app: 'ftps-implicit' },
    ]);
    expect(findingsOf(evaluateEstate(ftps.estate), 'IMMTRAC-METHOD')).toEqual([]);
    expect(
      findingsOf(
        evaluateEstate(immtracSite([{ name: 'immtrac-sftp', port: Port.tcp(22), app: 'sftp' }]).estate),
        'IMMTRAC-METHOD',
      ),
    ).toEqual([]);
  });
});

describe('IMMTRAC-METHOD: unresolved values', () => {
  test('Unknown: the only FTPS rule has its ports in a Terraform variable', () => {
    const { estate } = immtracSite([{ name: 'immtrac-ftps', port: Port.tcp(990), app: 'ftps-implicit' }]);
    const model = patchSite(modelOf(estate), 'tx-clinic', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, ports: [unknown('var.ftps_ports')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'IMMTRAC-METHOD')).toEqual(['unknown:warning']);
  });
});

describe('IMMTRAC-BY-HOSTNAME: connect by hostname, never by IP', () => {
  test('Noncompliance 1: FTPS to the registry address', () => {
    const { estate, site } = immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }]);
    site.allowEgressToAddresses({
      name: 'immtrac-by-ip',
      addresses: [Cidr.parse('198.51.100.20/32')],
      ports: [Port.tcp(990)],
      app: 'ftps-implicit',
      purpose: 'ImmTrac FTPS',
    });
    expect(kindsOf(evaluateEstate(estate), 'IMMTRAC-BY-HOSTNAME')).toEqual(['violation:error']);
  });

  test('Compliance: hostname rules only', () => {
    expect(
      findingsOf(
        evaluateEstate(immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }]).estate),
        'IMMTRAC-BY-HOSTNAME',
      ),
    ).toEqual([]);
  });
});

describe('IMMTRAC-TLS12: FTPS with TLS 1.2 or later', () => {
  const withProxyTls = (minTlsVersion: TlsVersion) =>
    evaluateEstate(
      immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }], true, {
        proxyAppliance: { kind: 'http', endpoint: 'proxy.local:3128', minTlsVersion },
      }).estate,
    );

  test('Noncompliance 1: proxy minimum TLS 1.0', () => {
    expect(kindsOf(withProxyTls(TlsVersion.V1_0), 'IMMTRAC-TLS12')).toEqual(['violation:error']);
  });

  test('Compliance: proxy minimum TLS 1.3', () => {
    expect(findingsOf(withProxyTls(TlsVersion.V1_3), 'IMMTRAC-TLS12')).toEqual([]);
  });
});

describe('IMMTRAC-NAT: NAT (or proxy) for clients on private addresses', () => {
  test('Noncompliance 1: no NAT gateway, no proxy', () => {
    expect(
      kindsOf(
        evaluateEstate(immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }], false).estate),
        'IMMTRAC-NAT',
      ),
    ).toEqual(['violation:error']);
  });

  test('Compliance: a NAT gateway', () => {
    expect(
      findingsOf(
        evaluateEstate(immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }]).estate),
        'IMMTRAC-NAT',
      ),
    ).toEqual([]);
  });
});

describe('IMMTRAC-TIMEOUTS: idle timeouts outlast the 65 s client timeout', () => {
  const model = () => modelOf(immtracSite([{ name: 'immtrac-https', port: Port.tcp(443), app: 'https' }]).estate);

  test('Noncompliance 1: a NAT idle timeout of 1 minute (read from Terraform)', () => {
    const patched = patchSite(model(), 'tx-clinic', (s) => ({
      ...s,
      natEgress: s.natEgress.map((n) => ({ ...n, idleTimeoutMinutes: 1 })),
    }));
    expect(kindsOf(evaluateEstate(patched), 'IMMTRAC-TIMEOUTS')).toEqual(['violation:warning']);
  });

  test('Compliance: Azure default of 4 minutes', () => {
    expect(findingsOf(evaluateEstate(model()), 'IMMTRAC-TIMEOUTS')).toEqual([]);
  });

  test('Unknown: the idle timeout is a variable', () => {
    const patched = patchSite(model(), 'tx-clinic', (s) => ({
      ...s,
      natEgress: s.natEgress.map((n) => ({ ...n, idleTimeoutMinutes: unknown('var.idle') })),
    }));
    expect(kindsOf(evaluateEstate(patched), 'IMMTRAC-TIMEOUTS')).toEqual(['unknown:warning']);
  });
});

/** A radiology clinic with an imaging-gateway subnet 10.3.2.0/24 and the gateway at 10.3.2.10. */
function radiology(gatewayAddress?: string) {
  const estate = newEstate();
  const site = clinic(estate, 'radiology', 3, ['onepacs'], {
    workloadSubnets: [
      { name: 'clinical', prefix: Cidr.parse('10.3.1.0/24') },
      { name: 'imaging', prefix: Cidr.parse('10.3.2.0/24'), role: 'imaging-gateway' },
    ],
    ...(gatewayAddress !== undefined && { vendor: { onepacs: { gatewayAddress } } }),
  });
  return { estate, site };
}

describe('ONEPACS-STATIC-IP: the gateway has a fixed internal address', () => {
  test('Noncompliance 1: no gateway address declared', () => {
    expect(kindsOf(evaluateEstate(radiology().estate), 'ONEPACS-STATIC-IP')).toEqual(['violation:warning']);
  });

  test('Noncompliance 2: the address lies outside the gateway subnet', () => {
    expect(findingsOf(evaluateEstate(radiology('10.3.1.10').estate), 'ONEPACS-STATIC-IP')[0].message).toContain(
      'outside its subnet',
    );
  });

  test('Compliance: 10.3.2.10 in the imaging subnet', () => {
    expect(findingsOf(evaluateEstate(radiology('10.3.2.10').estate), 'ONEPACS-STATIC-IP')).toEqual([]);
  });

  test('Unknown: the named gateway subnet has an unresolved prefix', () => {
    const estate = newEstate();
    clinic(estate, 'radiology', 3, ['onepacs'], {
      workloadSubnets: [{ name: 'imaging', prefix: Cidr.parse('10.3.2.0/24') }],
      vendor: { onepacs: { gatewayAddress: '10.3.2.10', gatewaySubnet: 'imaging' } },
    });
    expect(findingsOf(evaluateEstate(estate), 'ONEPACS-STATIC-IP')).toEqual([]);
    const model = patchSite(modelOf(estate), 'radiology', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({
        ...v,
        subnets: v.subnets.map((sn) =>
          sn.name === 'imaging' ? { ...sn, addressPrefixes: [unknown('var.imaging_prefix')] } : sn,
        ),
      })),
    }));
    expect(kindsOf(evaluateEstate(model), 'ONEPACS-STATIC-IP')).toEqual(['unknown:warning']);
  });
});

describe('ONEPACS-NO-INBOUND: no inbound from the internet to the gateway', () => {
  test('Noncompliance 1: a forward to the gateway', () => {
    const { estate, site } = radiology('10.3.2.10');
    new PortForward(site, 'dicom-in', {
      externalPort: Port.tcp(104),
      internalAddress: '10.3.2.10',
      sources: 'any',
      reason: 'remote modality pushes studies',
    });
    expect(kindsOf(evaluateEstate(estate), 'ONEPACS-NO-INBOUND')).toEqual(['violation:error']);
  });

  test('Compliance: forwards go elsewhere', () => {
    const { estate, site } = radiology('10.3.2.10');
    new PortForward(site, 'portal', {
      externalPort: Port.tcp(443),
      internalAddress: '10.3.1.20',
      sources: [Cidr.parse('198.51.100.0/24')],
      reason: 'patient portal for results',
    });
    expect(findingsOf(evaluateEstate(estate), 'ONEPACS-NO-INBOUND')).toEqual([]);
  });

  test('Unknown: the forward target is unresolved', () => {
    const { estate, site } = radiology('10.3.2.10');
    new PortForward(site, 'portal', {
      externalPort: Port.tcp(443),
      internalAddress: '10.3.1.20',
      sources: [Cidr.parse('198.51.100.0/24')],
      reason: 'patient portal for results',
    });
    const model = patchSite(modelOf(estate), 'radiology', (s) => ({
      ...s,
      inbound: s.inbound.map((f) => ({ ...f, internalAddress: unknown('var.target') })),
    }));
    expect(kindsOf(evaluateEstate(model), 'ONEPACS-NO-INBOUND')).toEqual(['unknown:error']);
  });
});

describe('ONEPACS-MONITOR: firewall logs are collected', () => {
  test('Noncompliance 1: no diagnostic setting on the firewall (read from Terraform)', () => {
    const model = patchSite(modelOf(radiology('10.3.2.10').estate), 'radiology', (s) => ({ ...s, logSinks: [] }));
    expect(kindsOf(evaluateEstate(model), 'ONEPACS-MONITOR')).toEqual(['violation:warning']);
  });

  test('Compliance: the site firewall logs to Log Analytics', () => {
    expect(findingsOf(evaluateEstate(radiology('10.3.2.10').estate), 'ONEPACS-MONITOR')).toEqual([]);
  });
});

describe('ONEPACS-DEDICATED: the gateway subnet serves only the gateway', () => {
  test('Noncompliance 1: Lumos extraction runs from the imaging subnet', () => {
    const { estate, site } = radiology('10.3.2.10');
    site.allowEgress({
      name: 'lumos-portal',
      fqdns: [Fqdn.parse('authentigate.cherel.org.au')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'Lumos',
      requirement: 'LUMOS-EGRESS-443',
      sourceSubnets: ['imaging'],
    });
    expect(kindsOf(evaluateEstate(estate), 'ONEPACS-DEDICATED')).toEqual(['violation:info']);
  });

  test('Compliance: the gateway subnet only carries the gateway', () => {
    const { estate, site } = radiology('10.3.2.10');
    site.allowEgress({
      name: 'lumos-portal',
      fqdns: [Fqdn.parse('authentigate.cherel.org.au')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'Lumos',
      requirement: 'LUMOS-EGRESS-443',
      sourceSubnets: ['clinical'],
    });
    expect(findingsOf(evaluateEstate(estate), 'ONEPACS-DEDICATED')).toEqual([]);
  });
});
