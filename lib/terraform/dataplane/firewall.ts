// SPDX-License-Identifier: Apache-2.0
/** Firewall policies (with `base_policy_id`), rule collection groups and firewalls, for the data plane. */
import type {
  DataPlaneFirewall,
  DataPlaneSubnet,
  ExplicitProxyPorts,
  FirewallPolicy,
  FirewallRule,
  RuleCollection,
  RuleCollectionGroup,
  RuleCollectionKind,
} from '../../model/dataplane';
import type { Maybe } from '../../model/types';
import { isUnknown, unknown } from '../../model/types';
import { Cidr, formatAddress } from '../../net/cidr';
import type { SiteContext } from '../context';
import type { TfResource } from '../document';
import type { AttributeReader, DocumentIndex } from '../values';
import { refAddress, refList } from './refs';

const KINDS: readonly [string, RuleCollectionKind][] = [
  ['nat_rule_collection', 'dnat'],
  ['network_rule_collection', 'network'],
  ['application_rule_collection', 'application'],
];

/** Members of each IP group: its `cidrs` and its `azurerm_ip_group_cidr` resources. */
function ipGroupMembers(ctx: SiteContext): Map<TfResource, Maybe<string>[]> {
  const members = new Map<TfResource, Maybe<string>[]>();
  for (const group of ctx.ofType('azurerm_ip_group'))
    members.set(
      group,
      ctx.read(group, (r) => r.strings('cidrs')),
    );
  for (const member of ctx.ofType('azurerm_ip_group_cidr')) {
    ctx.read(member, (r) => {
      const group = refList(ctx.index, r, 'ip_group_id').resources[0] ?? r.target('ip_group_id')?.resource;
      const cidr = r.str('cidr') ?? unknown(`${member.address}.cidr`);
      if (group !== undefined) members.get(group)?.push(cidr);
    });
  }
  return members;
}

/** Addresses plus the members of the IP groups an attribute names. */
function withGroups(
  index: DocumentIndex,
  r: AttributeReader,
  addresses: string,
  groups: string,
  members: Map<TfResource, Maybe<string>[]>,
): Maybe<string>[] {
  const list = refList(index, r, groups);
  // Most rules name no IP group: their addresses are the list itself, not a copy of it.
  if (list.resources.length === 0 && list.unknowns.length === 0) return r.strings(addresses);
  const resolved = list.resources.flatMap(
    (g) => members.get(g) ?? [unknown(`${g.address}: IP group outside the site`)],
  );
  return [...r.strings(addresses), ...resolved, ...list.unknowns];
}

/** A DNAT rule's destination: the public IP resource it names (its address is assigned at apply), or the literal. */
function dnatDestination(b: AttributeReader): Maybe<string> {
  const resource = b.referencedResource('destination_address');
  if (resource?.type === 'azurerm_public_ip') return resource.address;
  return b.str('destination_address') ?? unknown(`${b.resource.address}: DNAT destination_address`);
}

function ruleOf(
  index: DocumentIndex,
  b: AttributeReader,
  kind: RuleCollectionKind,
  members: Map<TfResource, Maybe<string>[]>,
): FirewallRule {
  const rule: { -readonly [K in keyof FirewallRule]?: FirewallRule[K] } = {
    name: b.text('name') ?? '(unnamed)',
    sources: withGroups(index, b, 'source_addresses', 'source_ip_groups', members),
    destinations:
      kind === 'dnat'
        ? [dnatDestination(b)]
        : withGroups(index, b, 'destination_addresses', 'destination_ip_groups', members),
    fqdns: b.strings('destination_fqdns'),
    fqdnTags: b.strings('destination_fqdn_tags'),
    webCategories: b.strings('web_categories'),
    protocols:
      kind === 'application'
        ? b.blocks('protocols').map((p) => {
            const type = p.str('type');
            const port = p.str('port');
            return typeof type === 'string' && typeof port === 'string'
              ? `${type}:${port}`
              : unknown(`${b.resource.address}: application protocol of ${b.text('name') ?? 'a rule'}`);
          })
        : b.strings('protocols'),
    ports: b.strings('destination_ports'),
  };
  if (kind === 'application') {
    if (b.has('destination_urls')) rule.urls = b.strings('destination_urls');
    rule.terminateTls = b.bool('terminate_tls') === true;
  }
  if (kind === 'dnat') {
    rule.translated = {
      address:
        b.str('translated_address') ?? b.str('translated_fqdn') ?? unknown(`${b.resource.address}: translated_address`),
      port: b.str('translated_port') ?? unknown(`${b.resource.address}: translated_port`),
    };
  }
  return rule as FirewallRule;
}

function groupOf(ctx: SiteContext, g: TfResource, members: Map<TfResource, Maybe<string>[]>): RuleCollectionGroup {
  return ctx.read(g, (r) => {
    const collections: RuleCollection[] = [];
    for (const [block, kind] of KINDS) {
      for (const c of r.blocks(block)) {
        const action = c.str('action');
        collections.push({
          name: c.text('name') ?? block,
          kind,
          priority: c.num('priority') ?? unknown(`${g.address}: ${block} priority`),
          action:
            action === 'Allow' || action === 'Deny' || action === 'Dnat'
              ? action
              : unknown(`${g.address}: ${block} action ${JSON.stringify(action)}`),
          rules: c.blocks('rule').map((b) => ruleOf(ctx.index, b, kind, members)),
        });
      }
    }
    return {
      name: r.text('name') ?? g.address,
      address: g.address,
      priority: r.num('priority') ?? unknown(`${g.address}.priority`),
      collections,
    };
  });
}

export function readPolicies(ctx: SiteContext): FirewallPolicy[] {
  const members = ipGroupMembers(ctx);
  const groups = new Map<string, RuleCollectionGroup[]>();
  for (const g of ctx.ofType('azurerm_firewall_policy_rule_collection_group')) {
    const policy = ctx.read(g, (r) => refAddress(r, 'firewall_policy_id'));
    const key = policy === undefined || isUnknown(policy) ? '' : policy;
    groups.set(key, [...(groups.get(key) ?? []), groupOf(ctx, g, members)]);
  }
  return ctx.ofType('azurerm_firewall_policy').map((p) =>
    ctx.read(p, (r) => {
      const policy: { -readonly [K in keyof FirewallPolicy]?: FirewallPolicy[K] } = {
        name: r.text('name') ?? p.address,
        address: p.address,
      };
      const base = refAddress(r, 'base_policy_id');
      if (base !== undefined) policy.basePolicy = base;
      policy.threatIntelMode = r.str('threat_intelligence_mode') ?? 'Alert';
      policy.dnsProxy = r.blocks('dns')[0]?.bool('proxy_enabled') ?? false;
      if (r.has('private_ip_ranges')) policy.privateRanges = r.strings('private_ip_ranges');
      const proxy = explicitProxyPorts(r, p.address);
      if (proxy !== undefined) policy.explicitProxy = proxy;
      policy.groups = groups.get(p.address) ?? [];
      return policy as FirewallPolicy;
    }),
  );
}

/**
 * The explicit proxy's ports when `explicit_proxy.enabled` is true (or not known: then where
 * clients reach it is not known either); undefined when the policy has no enabled proxy.
 */
function explicitProxyPorts(r: AttributeReader, address: string): ExplicitProxyPorts | undefined {
  const block = r.blocks('explicit_proxy')[0];
  const enabled = block?.bool('enabled');
  if (block === undefined || enabled === undefined || enabled === false) return undefined;
  if (isUnknown(enabled)) {
    const why = unknown(`${address}: explicit_proxy.enabled is ${enabled.unknown}`);
    return { httpPort: why, httpsPort: why };
  }
  const port = (name: string): Maybe<number> =>
    block.num(name) ?? unknown(`${address}: explicit_proxy.${name} not set`);
  return { httpPort: port('http_port'), httpsPort: port('https_port') };
}

/** The fourth address of a prefix: where Azure puts a firewall in AzureFirewallSubnet. */
function fourthAddress(prefix: Maybe<string> | undefined): Maybe<string> {
  if (prefix === undefined || isUnknown(prefix))
    return unknown('firewall private IP: AzureFirewallSubnet prefix unknown');
  try {
    const cidr = Cidr.parse(prefix);
    return formatAddress(cidr.first + 4n, cidr.version);
  } catch {
    return unknown(`firewall private IP: AzureFirewallSubnet prefix "${prefix}" unreadable`);
  }
}

export function readFirewalls(ctx: SiteContext, subnets: readonly DataPlaneSubnet[]): DataPlaneFirewall[] {
  return ctx.ofType('azurerm_firewall').map((f) =>
    ctx.read(f, (r) => {
      const config = r.blocks('ip_configuration');
      const subnet = config[0] === undefined ? undefined : refAddress(config[0], 'subnet_id');
      const prefix = subnets.find((s) => s.address === subnet)?.prefixes[0];
      const stated = config[0]?.str('private_ip_address');
      const firewall: { -readonly [K in keyof DataPlaneFirewall]?: DataPlaneFirewall[K] } = {
        name: r.text('name') ?? f.address,
        address: f.address,
      };
      const policy = refAddress(r, 'firewall_policy_id');
      if (policy !== undefined) firewall.policy = policy;
      if (subnet !== undefined) firewall.subnet = subnet;
      firewall.privateIp = stated !== undefined && !isUnknown(stated) ? stated : fourthAddress(prefix);
      firewall.publicIps = config
        .map((c) => refAddress(c, 'public_ip_address_id'))
        .filter((p): p is Maybe<string> => p !== undefined);
      const hub = r.blocks('virtual_hub')[0];
      if (hub !== undefined) firewall.hub = refAddress(hub, 'virtual_hub_id') ?? unknown(`${f.address}.virtual_hub`);
      return firewall as DataPlaneFirewall;
    }),
  );
}
