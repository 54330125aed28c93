// SPDX-License-Identifier: Apache-2.0
import { TerraformVariable } from 'cdktf';
import { PortForward } from '../../lib/constructs/port-forward';
import { SharedKey } from '../../lib/constructs/shared-key';
import { SiteToSiteVpn, type SiteToSiteVpnProps } from '../../lib/constructs/site-to-site-vpn';
import type { NetworkModel } from '../../lib/model/types';
import { unknown } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { TlsVersion } from '../../lib/net/tls-version';
import { clinic, evaluateEstate, findingsOf, kindsOf, newEstate, patchSite } from './util';
import { modelOf } from '../constructs/read-back';

const KEY = SharedKey.fromKeyVaultSecret({
  keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-acme',
  secretName: 'psk',
});
const LAB = { name: 'lab', gatewayAddress: '203.0.113.1', prefixes: [Cidr.parse('172.20.0.0/24')] };

function plain(): NetworkModel {
  const estate = newEstate();
  clinic(estate, 'gp-one', 1);
  return modelOf(estate);
}

function withVpn(props: Partial<SiteToSiteVpnProps> = {}) {
  const estate = newEstate();
  new SiteToSiteVpn(clinic(estate, 'gp-one', 1), 'to-lab', { remote: LAB, sharedKey: KEY, ...props });
  return estate;
}

describe('BASE-CIDR-NO-OVERLAP: no overlapping address ranges in the estate', () => {
  test('Noncompliance 1: two clinics on 10.1.0.0/16', () => {
    const estate = newEstate();
    clinic(estate, 'gp-east', 1);
    clinic(estate, 'gp-west', 1);
    expect(findingsOf(evaluateEstate(estate), 'BASE-CIDR-NO-OVERLAP').length).toBeGreaterThan(0);
  });

  test('Compliance: disjoint clinics', () => {
    const estate = newEstate();
    clinic(estate, 'gp-east', 1);
    clinic(estate, 'gp-west', 2);
    expect(findingsOf(evaluateEstate(estate), 'BASE-CIDR-NO-OVERLAP')).toEqual([]);
  });

  test('Unknown: an address space is unresolved', () => {
    const model = patchSite(plain(), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({ ...v, addressSpaces: [unknown('var.space')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-CIDR-NO-OVERLAP')).toEqual(['unknown:warning']);
  });
});

describe('BASE-CIDR-RESERVED: no Azure-reserved ranges', () => {
  test('Noncompliance 1: a remote LAN in 169.254.0.0/16', () => {
    const estate = newEstate();
    new SiteToSiteVpn(clinic(estate, 'gp-one', 1), 'to-lab', {
      remote: { ...LAB, prefixes: [Cidr.parse('169.254.10.0/24')] },
      sharedKey: KEY,
    });
    expect(kindsOf(evaluateEstate(estate), 'BASE-CIDR-RESERVED')).toEqual(['violation:error']);
  });

  test('Compliance: private ranges only', () => {
    expect(findingsOf(evaluateEstate(withVpn()), 'BASE-CIDR-RESERVED')).toEqual([]);
  });

  test('Unknown: a remote LAN prefix is unresolved', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vpnLinks: s.vpnLinks.map((l) => ({ ...l, remote: { ...l.remote, prefixes: [unknown('var.lab_prefix')] } })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-CIDR-RESERVED')).toEqual(['unknown:warning']);
  });
});

describe('BASE-SUBNET-CONTAINED: subnets inside their VNet', () => {
  test('Noncompliance 1: a subnet outside the VNet (read from Terraform)', () => {
    const model = patchSite(plain(), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({
        ...v,
        subnets: v.subnets.map((sn) => (sn.name === 'clinical' ? { ...sn, addressPrefixes: ['10.99.1.0/24'] } : sn)),
      })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-SUBNET-CONTAINED')).toEqual(['violation:error']);
  });

  test('Compliance: every subnet inside 10.1.0.0/16', () => {
    expect(findingsOf(evaluateEstate(plain()), 'BASE-SUBNET-CONTAINED')).toEqual([]);
  });

  test('Unknown: a subnet prefix is unresolved', () => {
    const model = patchSite(plain(), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({
        ...v,
        subnets: v.subnets.map((sn) =>
          sn.name === 'clinical' ? { ...sn, addressPrefixes: [unknown('var.clinical_prefix')] } : sn,
        ),
      })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-SUBNET-CONTAINED')).toEqual(['unknown:warning']);
  });
});

describe('BASE-GATEWAY-SUBNET: platform subnets named and sized as Azure requires', () => {
  test('Noncompliance 1: the VPN gateway has no GatewaySubnet (read from Terraform)', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({ ...v, subnets: v.subnets.filter((sn) => sn.name !== 'GatewaySubnet') })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-GATEWAY-SUBNET')).toEqual(['violation:error']);
  });

  test('Noncompliance 2: GatewaySubnet /28 is a warning, AzureFirewallSubnet /27 an error', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({
        ...v,
        subnets: v.subnets.map((sn) =>
          sn.name === 'GatewaySubnet'
            ? { ...sn, addressPrefixes: ['10.1.0.64/28'] }
            : sn.name === 'AzureFirewallSubnet'
              ? { ...sn, addressPrefixes: ['10.1.0.0/27'] }
              : sn,
        ),
      })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-GATEWAY-SUBNET').sort()).toEqual([
      'violation:error',
      'violation:warning',
    ]);
  });

  test('Compliance: the constructs create both', () => {
    expect(findingsOf(evaluateEstate(withVpn()), 'BASE-GATEWAY-SUBNET')).toEqual([]);
  });

  test('Unknown: the GatewaySubnet prefix is unresolved', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({
        ...v,
        subnets: v.subnets.map((sn) =>
          sn.name === 'GatewaySubnet' ? { ...sn, addressPrefixes: [unknown('var.gateway_prefix')] } : sn,
        ),
      })),
    }));
    expect(
      findingsOf(evaluateEstate(model), 'BASE-GATEWAY-SUBNET').map((f) => [f.kind, f.severity, f.message]),
    ).toEqual([['unknown', 'warning', expect.stringContaining('size of GatewaySubnet could not be evaluated')]]);
  });
});

describe('BASE-FQDN-NETWORK-DNS-PROXY: FQDN network rules need DNS proxy', () => {
  function lumosFlows() {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1).allowEgress({
      name: 'csu',
      fqdns: [Fqdn.parse('csu.cherel.org.au')],
      ports: [Port.tcp(991)],
      app: 'ftps-implicit',
      purpose: 'Lumos FTPS',
    });
    return modelOf(estate);
  }

  test('Noncompliance 1: DNS proxy off (read from Terraform)', () => {
    const model = patchSite(lumosFlows(), 'gp-one', (s) => ({
      ...s,
      firewall: s.firewall && { ...s.firewall, dnsProxy: false },
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-FQDN-NETWORK-DNS-PROXY')).toEqual(['violation:error']);
  });

  test('Compliance: allowEgress turns DNS proxy on', () => {
    expect(findingsOf(evaluateEstate(lumosFlows()), 'BASE-FQDN-NETWORK-DNS-PROXY')).toEqual([]);
  });

  test('Unknown: the DNS proxy setting is unresolved', () => {
    const model = patchSite(lumosFlows(), 'gp-one', (s) => ({
      ...s,
      firewall: s.firewall && { ...s.firewall, dnsProxy: unknown('var.dns_proxy') },
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-FQDN-NETWORK-DNS-PROXY')).toEqual(['unknown:warning']);
  });
});

describe('BASE-APP-RULE-PROTOCOLS: application rules carry HTTP, HTTPS or MSSQL only', () => {
  function flows() {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1).allowEgress({
      name: 'csu',
      fqdns: [Fqdn.parse('csu.cherel.org.au')],
      ports: [Port.tcp(991)],
      app: 'ftps-implicit',
      purpose: 'Lumos FTPS',
    });
    return modelOf(estate);
  }

  test('Noncompliance 1: FTPS in an application rule (read from Terraform)', () => {
    const model = patchSite(flows(), 'gp-one', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, ruleKind: 'application' as const })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-APP-RULE-PROTOCOLS')).toEqual(['violation:error']);
  });

  test('Compliance: the constructs emit FTPS as a network rule', () => {
    expect(findingsOf(evaluateEstate(flows()), 'BASE-APP-RULE-PROTOCOLS')).toEqual([]);
  });
});

describe('BASE-NO-ANY-EGRESS: no any-to-any egress', () => {
  test('Noncompliance 1: every port to 0.0.0.0/0', () => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1).allowEgressToAddresses({
      name: 'everything',
      addresses: [Cidr.parse('0.0.0.0/0')],
      ports: [Port.tcpRange(1, 65535)],
      app: 'other',
      purpose: 'temporary during migration',
    });
    expect(kindsOf(evaluateEstate(estate), 'BASE-NO-ANY-EGRESS')).toEqual(['violation:error']);
  });

  test('Compliance: 443 to 0.0.0.0/0 is not any-to-any', () => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1).allowEgressToAddresses({
      name: 'web',
      addresses: [Cidr.parse('0.0.0.0/0')],
      ports: [Port.tcp(443)],
      app: 'other',
      purpose: 'web browsing',
    });
    expect(findingsOf(evaluateEstate(estate), 'BASE-NO-ANY-EGRESS')).toEqual([]);
  });

  test('Unknown: every port to destinations held in a Terraform variable', () => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1).allowEgressToAddresses({
      name: 'everything',
      addresses: [Cidr.parse('0.0.0.0/0')],
      ports: [Port.tcpRange(1, 65535)],
      app: 'other',
      purpose: 'temporary during migration',
    });
    const model = patchSite(modelOf(estate), 'gp-one', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, addresses: [unknown('var.destinations')] })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-NO-ANY-EGRESS')).toEqual(['unknown:error']);
    expect(findingsOf(evaluateEstate(model), 'BASE-NO-ANY-EGRESS')[0].message).toContain('var.destinations');
  });

  test('Unknown: ports held in a Terraform variable to 0.0.0.0/0; known 443 to an unknown destination is fine', () => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1).allowEgressToAddresses({
      name: 'web',
      addresses: [Cidr.parse('0.0.0.0/0')],
      ports: [Port.tcp(443)],
      app: 'other',
      purpose: 'web browsing',
    });
    const model = modelOf(estate);
    const unknownPorts = patchSite(model, 'gp-one', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, ports: [unknown('var.ports')] })),
    }));
    expect(kindsOf(evaluateEstate(unknownPorts), 'BASE-NO-ANY-EGRESS')).toEqual(['unknown:error']);
    const unknownDestination = patchSite(model, 'gp-one', (s) => ({
      ...s,
      egress: s.egress.map((f) => ({ ...f, addresses: [unknown('var.destinations')] })),
    }));
    expect(findingsOf(evaluateEstate(unknownDestination), 'BASE-NO-ANY-EGRESS')).toEqual([]);
  });
});

describe('BASE-NO-INTERNET-INBOUND: inbound only through declared, reasoned forwards', () => {
  function forwarded() {
    const estate = newEstate();
    new PortForward(clinic(estate, 'gp-one', 1), 'portal', {
      externalPort: Port.tcp(443),
      internalAddress: '10.1.1.20',
      sources: 'any',
      reason: 'patient results portal',
    });
    return modelOf(estate);
  }

  test('Noncompliance 1: a forward with no reason (read from Terraform)', () => {
    const model = patchSite(forwarded(), 'gp-one', (s) => ({
      ...s,
      inbound: s.inbound.map((f) => ({ ...f, reason: undefined })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-NO-INTERNET-INBOUND')).toEqual(['violation:error']);
  });

  test('Noncompliance 2: a forward with no reason and an unresolved port names the port expression', () => {
    const model = patchSite(forwarded(), 'gp-one', (s) => ({
      ...s,
      inbound: s.inbound.map((f) => ({ ...f, reason: undefined, externalPort: unknown('var.portal_port') })),
    }));
    expect(findingsOf(evaluateEstate(model), 'BASE-NO-INTERNET-INBOUND').map((f) => f.message)).toEqual([
      expect.stringContaining('got tcp unknown (var.portal_port) with no reason'),
    ]);
  });

  test('Compliance: the forward states its reason', () => {
    expect(findingsOf(evaluateEstate(forwarded()), 'BASE-NO-INTERNET-INBOUND')).toEqual([]);
  });
});

describe('BASE-IPSEC-STRONG: strong IPsec/IKE on site-to-site links', () => {
  test('Noncompliance 1: DH group 2', () => {
    expect(
      findingsOf(evaluateEstate(withVpn({ ipsec: { dhGroup: 'DHGroup2' } })), 'BASE-IPSEC-STRONG').map(
        (f) => f.message,
      ),
    ).toEqual([expect.stringContaining('weak DH group — got DHGroup2')]);
  });

  test('Noncompliance 2: IKEv1', () => {
    expect(kindsOf(evaluateEstate(withVpn({ protocol: 'IKEv1' })), 'BASE-IPSEC-STRONG')).toEqual(['violation:warning']);
  });

  test("Noncompliance 3: Azure's default policy (read from Terraform)", () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vpnLinks: s.vpnLinks.map((l) => ({ ...l, ipsec: undefined })),
    }));
    expect(findingsOf(evaluateEstate(model), 'BASE-IPSEC-STRONG')[0].message).toContain(
      "uses Azure's default IPsec policy",
    );
  });

  test('Compliance: the constructs default to a strong policy', () => {
    expect(findingsOf(evaluateEstate(withVpn()), 'BASE-IPSEC-STRONG')).toEqual([]);
  });

  test('Unknown: the PFS group is unresolved', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vpnLinks: s.vpnLinks.map((l) => ({ ...l, ipsec: l.ipsec && { ...l.ipsec, pfsGroup: unknown('var.pfs') } })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-IPSEC-STRONG')).toEqual(['unknown:warning']);
  });
});

describe('BASE-PSK-NOT-LITERAL: VPN shared key is not a literal', () => {
  test('Noncompliance 1: a literal key (read from Terraform)', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vpnLinks: s.vpnLinks.map((l) => ({ ...l, sharedKey: { source: 'literal' as const } })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-PSK-NOT-LITERAL')).toEqual(['violation:error']);
  });

  test('Compliance: Key Vault secret, or a sensitive variable', () => {
    expect(findingsOf(evaluateEstate(withVpn()), 'BASE-PSK-NOT-LITERAL')).toEqual([]);
    const estate = newEstate();
    const site = clinic(estate, 'gp-one', 1);
    const psk = new TerraformVariable(site, 'psk', { type: 'string', sensitive: true });
    new SiteToSiteVpn(site, 'to-lab', { remote: LAB, sharedKey: SharedKey.fromSensitiveVariable(psk) });
    expect(findingsOf(evaluateEstate(estate), 'BASE-PSK-NOT-LITERAL')).toEqual([]);
  });

  test('Unknown: the key comes from an expression clinicnet does not recognise', () => {
    const model = patchSite(modelOf(withVpn()), 'gp-one', (s) => ({
      ...s,
      vpnLinks: s.vpnLinks.map((l) => ({ ...l, sharedKey: { source: 'unknown' as const, reference: 'local.psk' } })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-PSK-NOT-LITERAL')).toEqual(['unknown:warning']);
  });
});

describe('BASE-TLS12: no TLS minimum below 1.2', () => {
  const proxied = (minTlsVersion: TlsVersion) => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1, [], { proxyAppliance: { kind: 'http', endpoint: 'proxy.local:3128', minTlsVersion } });
    return evaluateEstate(estate);
  };

  test('Noncompliance 1: a proxy accepting TLS 1.1 on a site with no vendor packs', () => {
    expect(kindsOf(proxied(TlsVersion.V1_1), 'BASE-TLS12')).toEqual(['violation:error']);
  });

  test('Compliance: TLS 1.2', () => {
    expect(findingsOf(proxied(TlsVersion.V1_2), 'BASE-TLS12')).toEqual([]);
  });
});

describe('BASE-FIREWALL-LOGS: firewall logs go to a sink', () => {
  test('Noncompliance 1: no diagnostic setting (read from Terraform)', () => {
    expect(
      kindsOf(evaluateEstate(patchSite(plain(), 'gp-one', (s) => ({ ...s, logSinks: [] }))), 'BASE-FIREWALL-LOGS'),
    ).toEqual(['violation:warning']);
  });

  test('Compliance: every site firewall has its diagnostic setting', () => {
    expect(findingsOf(evaluateEstate(plain()), 'BASE-FIREWALL-LOGS')).toEqual([]);
  });

  test('Unknown: the diagnostic setting target is unresolved', () => {
    const model = patchSite(plain(), 'gp-one', (s) => ({
      ...s,
      logSinks: s.logSinks.map((l) => ({ ...l, source: unknown('var.firewall_id') })),
    }));
    expect(kindsOf(evaluateEstate(model), 'BASE-FIREWALL-LOGS')).toEqual(['unknown:warning']);
  });
});
