// SPDX-License-Identifier: Apache-2.0
/** The firewall, its policy and its rule collection groups (egress flows and inbound forwards). */
import { memoByText } from '../core/memo';
import { decodeAnnotations, DESCRIPTION_PREFIX, type RuleAnnotations } from '../model/encoding';
import type {
  AppProtocol,
  EgressFlow,
  Firewall,
  InboundForward,
  Maybe,
  ResourceRef,
  TransportProtocol,
} from '../model/types';
import { APP_PROTOCOLS, isUnknown, unknown } from '../model/types';
import { ClinicnetError } from '../core/errors';
import { Port } from '../net/port';
import type { Draft, SiteContext } from './context';
import type { TfResource } from './document';
import { oneOf } from './network';
import type { AttributeReader } from './values';
import { appendAll } from '../core/append';

/** The site's firewall: the one attached to its policy (others are reported). */
export function readFirewall(ctx: SiteContext, policy: TfResource | undefined): Firewall | undefined {
  const firewalls = ctx.ofType('azurerm_firewall');
  const attached = firewalls.filter((f) => ctx.read(f, (r) => r.target('firewall_policy_id')?.resource === policy));
  const chosen = attached[0] ?? (policy === undefined ? firewalls[0] : undefined);
  for (const other of firewalls.filter((f) => f !== chosen)) {
    ctx.problem(other, 'a second firewall in the site (or one not attached to its policy) is not in the model');
  }
  if (chosen === undefined) return undefined;
  const dnsProxy: Maybe<boolean> =
    policy === undefined
      ? unknown('no firewall policy')
      : ctx.read(policy, (p) => p.blocks('dns')[0]?.bool('proxy_enabled') ?? false);
  return ctx.read(chosen, (r) =>
    withHub(r, {
      name: r.text('name') ?? chosen.address,
      path: chosen.path,
      address: chosen.address,
      policyAddress: policy?.address ?? '',
      tier: oneOf(r, 'sku_tier', r.str('sku_tier') ?? unknown(`${chosen.address}.sku_tier`), [
        'Basic',
        'Standard',
        'Premium',
      ] as const),
      dnsProxy,
      subnets: r
        .blocks('ip_configuration')
        .map((ip) => {
          const name = ip.target('subnet_id')?.name;
          if (typeof name === 'string') return name;
          ip.problem(`an ip_configuration subnet is ${name === undefined ? 'missing' : name.unknown}`, 'subnet_id');
          return undefined;
        })
        .filter((name): name is string => name !== undefined),
    }),
  );
}

/** The firewall with its vWAN hub when it is a secured-hub firewall (`sku_name = "AZFW_Hub"`, a `virtual_hub` block). */
function withHub(r: AttributeReader, firewall: Firewall): Firewall {
  const hub = r.blocks('virtual_hub')[0];
  if (r.text('sku_name') !== 'AZFW_Hub' && hub === undefined) return firewall;
  const target = hub?.target('virtual_hub_id');
  return { ...firewall, virtualHub: target?.address ?? unknown(`${r.resource.address}.virtual_hub`) };
}

/** Source or destination list: addresses plus IP groups, which the model cannot see into. */
function addressList(r: AttributeReader, addresses: string, ipGroups: string): Maybe<string>[] {
  const listed = r.strings(addresses);
  const groups = r.strings(ipGroups);
  return groups.length === 0
    ? listed
    : [...listed, ...groups.map((g) => unknown(`IP group ${isUnknown(g) ? g.unknown : g}`))];
}

/** True for a port in Azure form (`443`, `3000-3010`, `*`); every site's rules repeat the same few texts. */
const isPortText = memoByText((text) => {
  try {
    Port.parse(text);
    return true;
  } catch (e) {
    if (!(e instanceof ClinicnetError)) throw e;
    return false;
  }
});

/** A port in Azure form as read, or an unknown with a read problem. */
function checkedPort(rule: AttributeReader, where: string, value: Maybe<string>): Maybe<string> {
  if (isUnknown(value) || isPortText(value)) return value;
  rule.problem(`${where} is ${JSON.stringify(value)}, expected a port 1-65535, a range from-to, or *`, where);
  return unknown(`${rule.resource.address} ${where} (unreadable)`);
}

function appProtocolOf(r: AttributeReader, annotated: string | undefined, fallback: AppProtocol): AppProtocol {
  if (annotated === undefined) return fallback;
  if ((APP_PROTOCOLS as readonly string[]).includes(annotated)) return annotated as AppProtocol;
  r.problem(
    `description names application protocol "${annotated}", expected one of ${APP_PROTOCOLS.join(', ')}`,
    'description',
  );
  return 'other';
}

/** `TCP`/`UDP`/`Any`/`ICMP` protocol lists as one transport protocol. */
function transportOf(r: AttributeReader): TransportProtocol {
  // One pass, no set: every network and DNAT rule of every site comes through here.
  let only: string | undefined;
  let same = true;
  for (const p of r.strings('protocols')) {
    // The model has no unknown protocol: read it as any, and say so, so the guess is never silent.
    if (isUnknown(p)) r.problem(`protocols holds ${p.unknown}, read as any protocol`, 'protocols');
    const name = isUnknown(p) ? 'any' : p.toLowerCase();
    if (only === undefined) only = name;
    else if (only !== name) same = false;
  }
  return same && (only === 'tcp' || only === 'udp') ? only : 'any';
}

interface CollectionInfo {
  readonly resource: TfResource;
  readonly name: string;
  readonly priority: number;
  readonly action: string;
}

function collectionsOf(rcg: AttributeReader, block: string): { info: CollectionInfo; rules: AttributeReader[] }[] {
  return rcg.blocks(block).map((c) => {
    const priority = c.num('priority');
    if (priority === undefined || isUnknown(priority)) c.problem(`a ${block} has no known priority`, 'priority');
    return {
      info: {
        resource: rcg.resource,
        name: c.text('name') ?? `${block}?`,
        priority: typeof priority === 'number' ? priority : 0,
        action: c.text('action') ?? '',
      },
      rules: c.blocks('rule'),
    };
  });
}

/** The fields every egress flow has, in the model's key order, after the rule's own. */
type FlowTail = Pick<
  EgressFlow,
  'ruleKind' | 'fqdns' | 'addresses' | 'protocol' | 'ports' | 'appProtocol' | 'terminateTls'
>;

/** The collection's and the rule's common fields, then the annotations that are present. */
function egressHead(info: CollectionInfo, rule: AttributeReader): { notes: RuleAnnotations; flow: Draft<EgressFlow> } {
  const notes = decodeAnnotations(rule.text('description'));
  const action = info.action === 'Deny' ? 'Deny' : 'Allow';
  if (info.action !== 'Allow' && info.action !== 'Deny')
    rule.problem(`collection ${info.name} has action "${info.action}", expected Allow or Deny`);
  // Built by assignment, in one key order, not by spreading: thousands of flows share a few shapes.
  const flow: Draft<EgressFlow> = {
    name: rule.text('name') ?? info.resource.address,
    path: info.resource.path,
    address: info.resource.address,
    collection: info.name,
    priority: info.priority,
    action,
    sources: addressList(rule, 'source_addresses', 'source_ip_groups'),
  };
  if (notes.purpose !== undefined) flow.purpose = notes.purpose;
  if (notes.req !== undefined) flow.requirement = notes.req;
  if (notes.vpn !== undefined) flow.viaVpn = notes.vpn;
  // Any other value says nothing: the rule then takes the flow as handed to the proxy (the safe side).
  if (notes.proxy === 'yes' || notes.proxy === 'no') flow.viaProxy = notes.proxy === 'yes';
  return { notes, flow };
}

function egressFlow(flow: Draft<EgressFlow>, tail: FlowTail): EgressFlow {
  flow.ruleKind = tail.ruleKind;
  flow.fqdns = tail.fqdns;
  flow.addresses = tail.addresses;
  flow.protocol = tail.protocol;
  flow.ports = tail.ports;
  flow.appProtocol = tail.appProtocol;
  flow.terminateTls = tail.terminateTls;
  return flow as EgressFlow;
}

/**
 * The application protocol of an application rule written without a clinicnet annotation:
 * its one protocol type, or `https` for the usual Http + Https pair (web traffic, which the
 * firewall carries in an application rule); anything else is `other`.
 */
function fallbackAppProtocol(only: string | undefined, mixed: boolean, kinds: ReadonlySet<string>): AppProtocol {
  if (!mixed) return only === 'http' || only === 'https' || only === 'mssql' ? only : 'other';
  return kinds.size === 2 && kinds.has('http') && kinds.has('https') ? 'https' : 'other';
}

/** MLLP's registered port; HL7 feeds are also named after the protocol. */
const MLLP_PORT = '2575';
const MLLP_NAME = /hl7|mllp/i;

/**
 * A network rule's protocol when its description declares none: MLLP for TCP 2575 or a rule or
 * collection named after HL7/MLLP (clear text unless declared `mllp-tls`), else `other`.
 */
function networkAppProtocol(info: CollectionInfo, rule: AttributeReader, ports: readonly Maybe<string>[]): AppProtocol {
  const name = rule.text('name') ?? '';
  if (ports.includes(MLLP_PORT) || MLLP_NAME.test(name) || MLLP_NAME.test(info.name)) return 'mllp';
  return 'other';
}

/** Where an application rule keeps its parts: a policy's rule collection group, or a classic rule collection. */
interface AppRuleShape {
  readonly protocols: string;
  readonly fqdns: string;
  readonly tags: string;
}
const POLICY_APP_RULE: AppRuleShape = {
  protocols: 'protocols',
  fqdns: 'destination_fqdns',
  tags: 'destination_fqdn_tags',
};
const CLASSIC_APP_RULE: AppRuleShape = { protocols: 'protocol', fqdns: 'target_fqdns', tags: 'fqdn_tags' };

function applicationFlow(info: CollectionInfo, rule: AttributeReader, shape = POLICY_APP_RULE): EgressFlow {
  const { notes, flow } = egressHead(info, rule);
  // One pass over the protocol blocks: their types (for the fallback protocol) and ports.
  const ports: Maybe<string>[] = [];
  let only: string | undefined;
  let mixed = false;
  const kinds = new Set<string>();
  for (const p of rule.blocks(shape.protocols)) {
    const type = p.str('type');
    if (type !== undefined && isUnknown(type))
      p.problem(`protocols.type holds ${type.unknown}; the rule's application protocol is a guess`, 'type');
    const kind = type === undefined || isUnknown(type) ? 'other' : type.toLowerCase();
    kinds.add(kind);
    if (only === undefined) only = kind;
    else if (only !== kind) mixed = true;
    ports.push(checkedPort(rule, 'protocols.port', p.str('port') ?? unknown(`${info.resource.address} protocol port`)));
  }
  const fallback = fallbackAppProtocol(only, mixed, kinds);
  const urls = rule.strings('destination_urls').map((u) => (isUnknown(u) ? u : u.split('/')[0]));
  const tags = rule.strings(shape.tags).map((t) => unknown(`FQDN tag ${isUnknown(t) ? t.unknown : t}`));
  const categories = rule.strings('web_categories').map((c) => unknown(`web category ${isUnknown(c) ? c.unknown : c}`));
  return egressFlow(flow, {
    ruleKind: 'application',
    fqdns:
      urls.length + tags.length + categories.length === 0
        ? rule.strings(shape.fqdns)
        : [...rule.strings(shape.fqdns), ...urls, ...tags, ...categories],
    addresses: rule.strings('destination_addresses'),
    protocol: 'tcp',
    ports,
    appProtocol: appProtocolOf(rule, notes.app, fallback),
    terminateTls: rule.bool('terminate_tls') === true,
  });
}

function networkFlow(info: CollectionInfo, rule: AttributeReader): EgressFlow {
  const { notes, flow } = egressHead(info, rule);
  const protocol = transportOf(rule);
  const ports = rule.strings('destination_ports').map((p) => checkedPort(rule, 'destination_ports', p));
  const fallback = protocol === 'udp' ? 'other' : networkAppProtocol(info, rule, ports);
  return egressFlow(flow, {
    ruleKind: 'network',
    fqdns: rule.strings('destination_fqdns'),
    addresses: addressList(rule, 'destination_addresses', 'destination_ip_groups'),
    protocol,
    ports,
    appProtocol: appProtocolOf(rule, notes.app, fallback),
    terminateTls: false,
  });
}

/** A DNAT rule's reason: the clinicnet annotation, else its plain description (how plain Terraform says why). */
function reasonOf(description: string | undefined, notes: RuleAnnotations): string | undefined {
  if (notes.reason !== undefined) return notes.reason;
  if (description === undefined || description.startsWith(DESCRIPTION_PREFIX)) return undefined;
  const text = description.trim();
  return text === '' ? undefined : text;
}

function inboundForward(info: CollectionInfo, rule: AttributeReader): InboundForward {
  const description = rule.text('description');
  const notes = decodeAnnotations(description);
  const reason = reasonOf(description, notes);
  const ports = rule.strings('destination_ports');
  if (ports.length !== 1)
    rule.problem(`a DNAT rule has ${ports.length} destination ports, expected exactly one`, 'destination_ports');
  return {
    name: rule.text('name') ?? info.resource.address,
    path: info.resource.path,
    address: info.resource.address,
    protocol: transportOf(rule),
    externalPort: checkedPort(rule, 'destination_ports', ports[0] ?? unknown(`${info.resource.address} DNAT port`)),
    destination: listenAddress(rule) ?? unknown(`${info.resource.address} DNAT destination`),
    internalAddress:
      rule.str('translated_address') ?? rule.str('translated_fqdn') ?? unknown(`${info.resource.address} DNAT target`),
    internalPort: checkedPort(
      rule,
      'translated_port',
      rule.str('translated_port') ?? unknown(`${info.resource.address} DNAT target port`),
    ),
    sources: addressList(rule, 'source_addresses', 'source_ip_groups'),
    ...(reason !== undefined ? { reason } : {}),
    ...(notes.req !== undefined ? { requirement: notes.req } : {}),
  };
}

/**
 * The address a DNAT rule listens on. `${azurerm_public_ip.fw.ip_address}` is assigned at apply,
 * but it is that public IP's address, known by identity: the model says which resource it is.
 */
function listenAddress(rule: AttributeReader): Maybe<string> | ResourceRef | undefined {
  // Policy DNAT rules name one address; classic NAT rule collections a list.
  const value = rule.str('destination_address') ?? rule.strings('destination_addresses')[0];
  if (value === undefined || !isUnknown(value)) return value;
  const resource = rule.referencedResource('destination_address');
  return resource?.type === 'azurerm_public_ip' && resource.mode === 'managed' ? { ref: resource.address } : value;
}

/** Egress flows and inbound forwards from every rule collection group of the site. */
export function readRules(ctx: SiteContext): { egress: EgressFlow[]; inbound: InboundForward[] } {
  const egress: EgressFlow[] = [];
  const inbound: InboundForward[] = [];
  for (const rcg of ctx.ofType('azurerm_firewall_policy_rule_collection_group')) {
    ctx.read(rcg, (r) => {
      for (const { info, rules } of collectionsOf(r, 'application_rule_collection'))
        appendAll(
          egress,
          rules.map((rule) => applicationFlow(info, rule)),
        );
      for (const { info, rules } of collectionsOf(r, 'network_rule_collection'))
        appendAll(
          egress,
          rules.map((rule) => networkFlow(info, rule)),
        );
      for (const { info, rules } of collectionsOf(r, 'nat_rule_collection'))
        appendAll(
          inbound,
          rules.map((rule) => inboundForward(info, rule)),
        );
    });
  }
  readClassicCollections(ctx, egress, inbound);
  return { egress, inbound };
}

/**
 * Classic rule collections (`azurerm_firewall_{application,network,nat}_rule_collection`, on a
 * firewall without a policy): each resource is one collection of the same rules.
 */
function readClassicCollections(ctx: SiteContext, egress: EgressFlow[], inbound: InboundForward[]): void {
  const kinds = [
    ['azurerm_firewall_application_rule_collection', 'application'],
    ['azurerm_firewall_network_rule_collection', 'network'],
    ['azurerm_firewall_nat_rule_collection', 'nat'],
  ] as const;
  for (const [type, kind] of kinds) {
    for (const resource of ctx.ofType(type)) {
      ctx.read(resource, (r) => {
        const priority = r.num('priority');
        if (priority === undefined || isUnknown(priority))
          r.problem('the collection has no known priority', 'priority');
        const info = {
          resource,
          name: r.text('name') ?? resource.address,
          priority: typeof priority === 'number' ? priority : 0,
          action: r.text('action') ?? '',
        };
        const rules = r.blocks('rule');
        if (kind === 'application')
          appendAll(
            egress,
            rules.map((rule) => applicationFlow(info, rule, CLASSIC_APP_RULE)),
          );
        else if (kind === 'network')
          appendAll(
            egress,
            rules.map((rule) => networkFlow(info, rule)),
          );
        else if (info.action === 'Dnat')
          appendAll(
            inbound,
            rules.map((rule) => inboundForward(info, rule)),
          );
        else r.problem(`a NAT rule collection with action "${info.action}" is not read (expected Dnat)`);
      });
    }
  }
}
