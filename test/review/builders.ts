// SPDX-License-Identifier: Apache-2.0
/** Small, valid model pieces for review and artefact tests. */
import type { EgressFlow, InboundForward, NetworkModel, Site, VpnLink } from '../../lib/model/types';
import { emptySite } from '../model/empty-site';

export function site(name: string, overrides: Partial<Site> = {}): Site {
  return emptySite(name, { packs: ['lumos'], ...overrides });
}

export function model(...sites: Site[]): NetworkModel {
  return { version: 1, sites };
}

export function flow(name: string, overrides: Partial<EgressFlow> = {}): EgressFlow {
  return {
    name,
    path: `site/egress/${name}`,
    address: `azurerm_firewall_policy_rule_collection_group.rules`,
    ruleKind: 'network',
    collection: 'vendors',
    priority: 200,
    action: 'Allow',
    fqdns: ['csu.cherel.org.au'],
    addresses: [],
    protocol: 'tcp',
    ports: ['991'],
    appProtocol: 'ftps-implicit',
    sources: ['10.10.1.0/24'],
    terminateTls: false,
    ...overrides,
  };
}

export function forward(name: string, overrides: Partial<InboundForward> = {}): InboundForward {
  return {
    name,
    path: `site/inbound/${name}`,
    address: 'azurerm_firewall_policy_rule_collection_group.dnat',
    protocol: 'tcp',
    externalPort: '8443',
    destination: '20.5.1.10',
    internalAddress: '10.10.1.20',
    internalPort: '8443',
    sources: ['*'],
    reason: 'custo evaluation centre receives recordings',
    requirement: 'CUSTO-INBOUND-PORT',
    ...overrides,
  };
}

export function vpnLink(name: string, overrides: Partial<VpnLink> = {}): VpnLink {
  return {
    name,
    path: `site/vpn/${name}`,
    address: `azurerm_virtual_network_gateway_connection.${name}`,
    protocol: 'IKEv2',
    remote: {
      name: 'hub',
      address: 'azurerm_local_network_gateway.hub',
      gatewayAddress: '20.1.1.1',
      prefixes: ['10.0.0.0/16'],
      site: 'hub',
    },
    localPrefixes: ['10.10.0.0/16'],
    sharedKey: { source: 'key-vault-secret', reference: 'kv/psk' },
    ...overrides,
  };
}
