// SPDX-License-Identifier: Apache-2.0
/**
 * `ruleTester`: runs one rule over small model fragments, as the engine would (a fresh
 * per-evaluation memo, the entry's covered sites), with its parameters taken from a
 * built-in pack and checked against the rule's own schema. No cdktf: these tests stay fast.
 */
import Ajv from 'ajv';
import type {
  EgressFlow,
  InboundForward,
  NatEgress,
  NetworkModel,
  Site,
  Subnet,
  VirtualNetwork,
  VpnLink,
} from '../../../lib/model/types';
import { MODEL_VERSION } from '../../../lib/model/types';
import { builtinPacks } from '../../../lib/policy/pack';
import type { Rule, RuleResult } from '../../../lib/policy/rule';
import { RuleMemo } from '../../../lib/policy/rule-memo';

/** The params the first built-in pack entry using `rule` gives it. */
export function packParams<P>(rule: Rule<P>, requirement?: string): P {
  for (const pack of builtinPacks())
    for (const entry of pack.requirements)
      if (entry.rule === rule.slug && (requirement === undefined || entry.requirement === requirement))
        return entry.params as P;
  throw new Error(`no built-in pack entry uses ${rule.slug}${requirement ? ` as ${requirement}` : ''}`);
}

/** Runs a rule: `check` over one site (site rules) or sites (estate rules); `kinds` compactly. */
export interface RuleTester {
  check(...sites: Site[]): RuleResult[];
  /** `kind path` per result, for short assertions. */
  kinds(...sites: Site[]): string[];
}

const ajv = new Ajv({ strict: false });

/** A tester of `rule` with `params` (default: those of its built-in pack entry), validated by the rule's schema. */
export function ruleTester<P>(rule: Rule<P>, params: P = packParams(rule)): RuleTester {
  if (!ajv.validate(rule.params, params)) throw new Error(`params rejected by ${rule.slug}: ${ajv.errorsText()}`);
  const check = (...sites: Site[]): RuleResult[] => {
    const model: NetworkModel = { version: MODEL_VERSION, sites };
    const memo = new RuleMemo();
    if (rule.scope === 'estate') return rule.check({ model, sites, params, memo });
    return sites.flatMap((site) => rule.check({ model, site, sites, params, memo }));
  };
  return { check, kinds: (...sites) => check(...sites).map((r) => `${r.kind} ${r.path}`) };
}

/** A clinic with nothing in it but an empty VNet; `patch` adds the fragment under test. */
export function site(patch: Partial<Site> = {}): Site {
  return {
    name: 'clinic',
    kind: 'clinic',
    region: 'australiaeast',
    packs: [],
    path: 'estate/clinic',
    vnets: [],
    egress: [],
    inbound: [],
    bypass: [],
    tlsInspection: { enabled: false },
    natEgress: [],
    vpnLinks: [],
    vpnClientPools: [],
    logSinks: [],
    dns: { firewallServers: [], privateZones: [] },
    vendor: {},
    ...patch,
  };
}

/** An Allow network rule from the clinic to `fqdns` on TCP 443. */
export function egress(patch: Partial<EgressFlow> = {}): EgressFlow {
  const name = patch.name ?? 'rule';
  return {
    name,
    path: `estate/clinic/firewall/${name}`,
    address: `azurerm_firewall_policy_rule_collection_group.rules.${name}`,
    ruleKind: 'network',
    collection: 'egress',
    priority: 100,
    action: 'Allow',
    fqdns: ['example.org'],
    addresses: [],
    protocol: 'tcp',
    ports: ['443'],
    appProtocol: 'https',
    sources: ['10.1.1.0/24'],
    terminateTls: false,
    ...patch,
  };
}

/** A TCP port forward 8443 → 10.1.1.10:8443 with a reason. */
export function forward(patch: Partial<InboundForward> = {}): InboundForward {
  const name = patch.name ?? 'fwd';
  return {
    name,
    path: `estate/clinic/firewall/${name}`,
    address: `azurerm_firewall_policy_rule_collection_group.dnat.${name}`,
    protocol: 'tcp',
    externalPort: '8443',
    destination: '20.1.1.1',
    internalAddress: '10.1.1.10',
    internalPort: '8443',
    sources: ['203.0.113.7'],
    reason: 'vendor support',
    ...patch,
  };
}

/** A NAT gateway with a 4-minute idle timeout on subnet `clinical`. */
export function nat(patch: Partial<NatEgress> = {}): NatEgress {
  return {
    name: 'nat',
    path: 'estate/clinic/nat',
    address: 'azurerm_nat_gateway.nat',
    sku: 'Standard',
    idleTimeoutMinutes: 4,
    publicIps: ['20.1.1.2'],
    publicIpPrefixes: [],
    subnets: ['clinical'],
    ...patch,
  };
}

/** A workload subnet `clinical` 10.1.1.0/24 routed through the firewall. */
export function subnet(patch: Partial<Subnet> = {}): Subnet {
  const name = patch.name ?? 'clinical';
  return {
    name,
    path: `estate/clinic/vnet/${name}`,
    address: `azurerm_subnet.${name}`,
    role: 'workload',
    addressPrefixes: ['10.1.1.0/24'],
    egressVia: 'firewall',
    ...patch,
  };
}

/** VNet 10.1.0.0/16 holding `subnets`. */
export function vnet(subnets: Subnet[], patch: Partial<VirtualNetwork> = {}): VirtualNetwork {
  return {
    name: 'vnet',
    path: 'estate/clinic/vnet',
    address: 'azurerm_virtual_network.vnet',
    addressSpaces: ['10.1.0.0/16'],
    subnets,
    ...patch,
  };
}

/** A site-to-site link with IKEv2, a strong custom policy and a Key Vault key. */
export function vpnLink(patch: Partial<VpnLink> = {}): VpnLink {
  return {
    name: 'link',
    path: 'estate/clinic/vpn/link',
    address: 'azurerm_virtual_network_gateway_connection.link',
    protocol: 'IKEv2',
    remote: { name: 'centre', address: 'azurerm_local_network_gateway.centre', prefixes: ['192.168.10.0/24'] },
    localPrefixes: ['10.1.0.0/16'],
    ipsec: {
      ikeEncryption: 'AES256',
      ikeIntegrity: 'SHA256',
      dhGroup: 'DHGroup14',
      ipsecEncryption: 'GCMAES256',
      ipsecIntegrity: 'GCMAES256',
      pfsGroup: 'PFS2048',
    },
    sharedKey: { source: 'key-vault-secret', reference: 'data.azurerm_key_vault_secret.psk' },
    ...patch,
  };
}
