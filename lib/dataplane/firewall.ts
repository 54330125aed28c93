// SPDX-License-Identifier: Apache-2.0
/**
 * Azure Firewall rule processing ("Azure Firewall rule processing logic", "Azure Firewall
 * Policy rule sets"): DNAT, then network, then application rules; within a kind the parent
 * policy's collections before the child's, then rule collection group priority, collection
 * priority, rule order; the first match decides; nothing matched is denied.
 */
import { compareText } from '../core/compare';
import { memoByText } from '../core/memo';
import type { FirewallPolicy, FirewallRule, RuleCollection, RuleCollectionKind } from '../model/dataplane';
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';
import { Fqdn } from '../net/fqdn';
import type { Estate, SitePlane } from './estate';
import type { Candidate, Decision, Outcome } from './first-match';
import { firstMatch } from './first-match';
import type { Endpoint } from './match';
import { anyAddress, anyPort, describeEndpoint, protocolCovers } from './match';
import type { Packet } from './nsg';
import type { SourceLog } from './shared-segments';
import type { Tri } from './types';
import { allOf, anyOf, anyOfEach } from './types';

/** A firewall's policy, its ancestors first. */
export interface PolicyChain {
  readonly policies: FirewallPolicy[];
  /** Why the chain is incomplete (an unknown or missing parent). */
  readonly unknown?: string;
}

export function policyChain(estate: Estate, site: SitePlane, address: string): PolicyChain {
  // Built once per site and policy: every trace through the firewall asks for it.
  return site.memoOf('policy-chain', address, () => buildChain(estate, site, address));
}

function buildChain(estate: Estate, site: SitePlane, address: string): PolicyChain {
  const policies: FirewallPolicy[] = [];
  let current: string | undefined = address;
  let from = site;
  while (current !== undefined) {
    const found = estate.policy(from, current);
    if (found === undefined) return { policies, unknown: `firewall policy ${current} is not in the input` };
    if (policies.includes(found.policy)) return { policies, unknown: `base_policy_id of ${current} forms a cycle` };
    policies.unshift(found.policy);
    from = found.site;
    const base: Maybe<string> | undefined = found.policy.basePolicy;
    if (base !== undefined && isUnknown(base))
      return { policies, unknown: `parent policy of ${found.policy.name}: ${base.unknown}` };
    current = base;
  }
  return { policies };
}

/** The strictest threat-intelligence mode of the chain (a child may only tighten its parent's). */
export function threatIntelMode(chain: PolicyChain): Maybe<string> {
  const modes = ['Off', 'Alert', 'Deny'];
  let strictest = -1;
  for (const p of chain.policies) {
    if (isUnknown(p.threatIntelMode)) return p.threatIntelMode;
    strictest = Math.max(strictest, modes.indexOf(p.threatIntelMode));
  }
  return modes[strictest] ?? 'Alert';
}

interface Placed {
  readonly policy: FirewallPolicy;
  readonly group: string;
  readonly groupPriority: Maybe<number>;
  readonly collection: RuleCollection;
}

const numberOr = (n: Maybe<number>) => (isUnknown(n) ? Number.MAX_SAFE_INTEGER : n);

/** Collections of one kind in Azure's order; those whose place cannot be known are `floating`. */
export function orderedCollections(chain: PolicyChain, kind: RuleCollectionKind): Ordered<Placed> {
  return placedRules(chain, kind).collections;
}

/** Ordered and floating lists of one kind. */
export interface Ordered<T> {
  readonly ordered: T[];
  readonly floating: T[];
}

/**
 * One rule in its place, with what a hop says of it; independent of any packet. Its label is
 * written on first use: most rules never decide a hop.
 */
class PlacedRule implements Candidate {
  private text: string | undefined;

  public constructor(
    public readonly placed: Placed,
    public readonly rule: FirewallRule,
    public readonly address: string,
    public readonly action: Decision,
  ) {}

  public get label(): string {
    return (this.text ??= labelOf(this.placed, this.rule));
  }
}

function labelOf(placed: Placed, rule: FirewallRule): string {
  const c = placed.collection;
  const priority = (n: Maybe<number>) => (isUnknown(n) ? 'unknown priority' : `priority ${n}`);
  return `${c.kind} collection ${c.name} (${priority(c.priority)}, group ${placed.group} ${priority(placed.groupPriority)}, policy ${placed.policy.name}) rule ${rule.name}`;
}

const placedByChain = new WeakMap<PolicyChain, Map<RuleCollectionKind, PlacedKind>>();

interface PlacedKind {
  readonly collections: Ordered<Placed>;
  readonly rules: Ordered<PlacedRule>;
}

/** The chain's collections and rules of one kind in Azure's order, worked out once per chain. */
function placedRules(chain: PolicyChain, kind: RuleCollectionKind): PlacedKind {
  let byKind = placedByChain.get(chain);
  if (byKind === undefined) placedByChain.set(chain, (byKind = new Map<RuleCollectionKind, PlacedKind>()));
  let found = byKind.get(kind);
  if (found === undefined) byKind.set(kind, (found = placeKind(chain, kind)));
  return found;
}

function placeKind(chain: PolicyChain, kind: RuleCollectionKind): PlacedKind {
  const collections: Ordered<Placed> = { ordered: [], floating: [] };
  for (const policy of chain.policies) {
    const placed = policy.groups.flatMap((g) =>
      g.collections
        .filter((c) => c.kind === kind)
        .map((collection) => ({ policy, group: g.name, groupPriority: g.priority, collection })),
    );
    placed.sort(
      (a, b) =>
        numberOr(a.groupPriority) - numberOr(b.groupPriority) ||
        compareText(a.group, b.group) ||
        numberOr(a.collection.priority) - numberOr(b.collection.priority) ||
        compareText(a.collection.name, b.collection.name),
    );
    for (const p of placed)
      (isUnknown(p.groupPriority) || isUnknown(p.collection.priority)
        ? collections.floating
        : collections.ordered
      ).push(p);
  }
  const rulesOf = (list: Placed[]) =>
    list.flatMap((placed) => placed.collection.rules.map((r) => placeRule(placed, r)));
  return { collections, rules: { ordered: rulesOf(collections.ordered), floating: rulesOf(collections.floating) } };
}

function placeRule(placed: Placed, rule: FirewallRule): PlacedRule {
  const c = placed.collection;
  const address = placed.policy.groups.find((g) => g.name === placed.group)?.address ?? placed.policy.address;
  return new PlacedRule(
    placed,
    rule,
    address,
    isUnknown(c.action) ? 'unknown' : c.action === 'Deny' ? 'deny' : 'allow',
  );
}

/** A rule's FQDN pattern as parsed, or undefined when it is not a name Azure would take. */
const parsedFqdn = memoByText((pattern: string): Fqdn | undefined => {
  try {
    return Fqdn.parse(pattern);
  } catch {
    return undefined;
  }
});

function fqdnCovers(pattern: Maybe<string>, destination: Endpoint, network: boolean, dnsProxy: Maybe<boolean>): Tri {
  if (isUnknown(pattern)) return { unknown: pattern.unknown };
  if (destination.kind !== 'host') {
    // Only a network rule matches a name by its addresses, and never a wildcard name.
    if (!network || pattern.startsWith('*')) return false;
    return { unknown: `whether ${pattern} resolves to ${describeEndpoint(destination)}` };
  }
  const fqdn = parsedFqdn(pattern);
  if (fqdn === undefined) return false;
  // Network rules take no wildcards, and resolve names only through the DNS proxy.
  if (network && fqdn.isWildcard) return false;
  if (!fqdn.matches(destination.host)) return false;
  if (!network) return true;
  return isUnknown(dnsProxy) ? { unknown: `DNS proxy: ${dnsProxy.unknown}` } : dnsProxy;
}

function ruleMatches(
  rule: FirewallRule,
  kind: RuleCollectionKind,
  deny: boolean,
  packet: Packet,
  dnsProxy: Maybe<boolean>,
  sources: SourceLog | undefined,
): Tri {
  const network = kind === 'network';
  // The cheap tests first: most rules are decided by protocol or port without the rest.
  const protocol = protocolMatches(rule, network, packet);
  if (protocol === false) return false;
  const port = network ? anyPort(rule.ports, packet.port) : true;
  if (port === false) return false;
  const source =
    sources === undefined ? anyAddress(rule.sources, packet.source, []) : sources.covers(rule.sources, packet.source);
  if (source === false) return false;
  const destination = destinationMatches(rule, network, deny, packet, dnsProxy);
  if (destination === false) return false;
  // `allOf` of the four, none false: the first unknown, else true.
  if (protocol !== true) return protocol;
  if (port !== true) return port;
  return source !== true ? source : destination;
}

/** Any of the rule's protocols carries the packet. */
function protocolMatches(rule: FirewallRule, network: boolean, packet: Packet): Tri {
  return network
    ? anyOfEach(rule.protocols, (p) => protocolCovers(p, packet.protocol))
    : anyOfEach(rule.protocols, (p) => applicationProtocol(p, packet));
}

function destinationMatches(
  rule: FirewallRule,
  network: boolean,
  deny: boolean,
  packet: Packet,
  dnsProxy: Maybe<boolean>,
): Tri {
  // `anyOf` of addresses, FQDNs, URLs and web categories, in that order.
  const d = packet.destination;
  const byAddress = anyAddress(rule.destinations, d, []);
  if (byAddress === true) return true;
  const byFqdn = anyOfEach(rule.fqdns, (f) => fqdnCovers(f, d, network, dnsProxy));
  if (byFqdn === true) return true;
  const byUrl = anyOfEach(rule.urls ?? [], (u) => urlCovers(u, d));
  if (byUrl === true) return true;
  const first = byAddress !== false ? byAddress : byFqdn !== false ? byFqdn : byUrl;
  // Microsoft's web categories may or may not hold a host: only a Deny makes that matter.
  const w = rule.webCategories[0];
  if (first === false && deny && w !== undefined)
    return { unknown: `whether ${describeEndpoint(d)} is in web category ${isUnknown(w) ? w.unknown : w}` };
  return first;
}

/** A URL rule matches a host only for some paths, which a packet does not carry. */
function urlCovers(url: Maybe<string>, destination: Endpoint): Tri {
  if (isUnknown(url)) return { unknown: url.unknown };
  const host = url.replace(/^[a-z]+:\/\//i, '').split('/')[0];
  const match = fqdnCovers(host, destination, false, true);
  return match === true ? { unknown: `whether the request path matches URL ${url}` } : match;
}

/** `Https:443` against a TCP packet: application rules see HTTP, HTTPS and MSSQL only. */
function applicationProtocol(pattern: Maybe<string>, packet: Packet): Tri {
  if (isUnknown(pattern)) return { unknown: pattern.unknown };
  const type = pattern.split(':')[0];
  if (packet.protocol !== 'tcp' || !['http', 'https', 'mssql'].includes(type.toLowerCase())) return false;
  return applicationPort(pattern) === packet.port;
}

/** The port of an application rule's protocol (`Https:443` → 443; NaN when it has none). */
export function applicationPort(pattern: string): number {
  return Number(pattern.split(':')[1]);
}

/** Nothing matched: one object for every packet, never changed. */
const DEFAULT_DENY: Outcome<PlacedRule> = { decision: 'deny', detail: 'no rule matched: default deny' };

/** The filter rules a packet of one protocol meets: network then application (TCP) or network only (UDP). */
interface FilterRules {
  readonly ordered: readonly PlacedRule[];
  readonly floating: readonly PlacedRule[];
}

/** What a packet meets: a TCP or UDP packet's rules, or those of a request the explicit proxy took. */
type FilterKind = 'tcp' | 'udp' | 'proxied';

const filterByChain = new WeakMap<PolicyChain, { [K in FilterKind]?: FilterRules }>();

const NO_RULES = { ordered: [], floating: [] };

/**
 * The chain's filter rules for a packet (network, then application rules for TCP) or a proxied
 * request (application rules only), worked out once per chain: placed rules are the candidates.
 */
function filterRules(chain: PolicyChain, which: FilterKind): FilterRules {
  let byKind = filterByChain.get(chain);
  if (byKind === undefined) filterByChain.set(chain, (byKind = {}));
  let found = byKind[which];
  if (found === undefined) {
    const network = which === 'proxied' ? NO_RULES : placedRules(chain, 'network').rules;
    const application = which === 'udp' ? NO_RULES : placedRules(chain, 'application').rules;
    found = {
      ordered: [...network.ordered, ...application.ordered],
      floating: [...network.floating, ...application.floating],
    };
    byKind[which] = found;
  }
  return found;
}

/**
 * What the firewall's network then application rules do with an outbound or east-west packet;
 * with `proxied`, a request handed to the explicit proxy, which only application rules see.
 * `sources`, when given, answers (and records) every question the rules ask of the source.
 */
export function evaluateFilterRules(
  chain: PolicyChain,
  packet: Packet,
  dnsProxy: Maybe<boolean>,
  sources?: SourceLog,
  proxied = false,
): Outcome & { readonly kind?: RuleCollectionKind } {
  const { ordered, floating } = filterRules(chain, proxied ? 'proxied' : packet.protocol);
  const matches = (c: PlacedRule): Tri =>
    ruleMatches(c.rule, c.placed.collection.kind, c.action === 'deny', packet, dnsProxy, sources);
  const outcome = firstMatch(ordered, matches, DEFAULT_DENY);
  for (const c of floating) {
    if (matches(c) !== false && c.action !== outcome.decision) {
      return { decision: 'unknown', by: c, detail: `${c.label}: its place in the processing order is unknown` };
    }
  }
  // The deciding rule is an ordered one (floating ones returned above): its kind is its collection's.
  const kind = outcome.by?.placed.collection.kind;
  if (kind !== undefined) return { ...outcome, kind };
  const notes = outcome.by === undefined ? nearMisses(chain, packet, dnsProxy, sources) : [];
  return notes.length === 0 ? outcome : { ...outcome, detail: `${outcome.detail}; ${notes.join('; ')}` };
}

/** Why rules that name the destination host did not match it: never silent about a near miss. */
function nearMisses(
  chain: PolicyChain,
  packet: Packet,
  dnsProxy: Maybe<boolean>,
  sources: SourceLog | undefined,
): string[] {
  const d = packet.destination;
  if (d.kind !== 'host') return [];
  const named = (names: readonly Maybe<string>[]) =>
    names.some((n) => !isUnknown(n) && (n === d.host || (n.startsWith('*.') && d.host.endsWith(n.slice(1)))));
  const notes: string[] = [];
  for (const kind of ['network', 'application'] as const) {
    for (const { collection } of orderedCollections(chain, kind).ordered) {
      for (const rule of collection.rules) {
        const label = `${kind} rule ${rule.name} (${collection.name})`;
        if (kind === 'network' && named(rule.fqdns)) {
          const wildcard = rule.fqdns.some((n) => !isUnknown(n) && n.startsWith('*.'));
          if (wildcard) notes.push(`${label} names it by a wildcard, which network rules do not support`);
          else if (dnsProxy !== true) notes.push(`${label} names it, but FQDNs in network rules need DNS proxy`);
        }
        if (
          kind === 'application' &&
          named(rule.fqdns) &&
          ruleMatches(rule, kind, false, packet, dnsProxy, sources) === false
        )
          notes.push(`${label} names it for ${rule.protocols.map((p) => (isUnknown(p) ? '?' : p)).join(', ')} only`);
        if (kind === 'application' && rule.fqdnTags.length > 0 && notes.length < 3)
          notes.push(`${label} uses FQDN tags, which hold Microsoft services, never a third-party host`);
      }
    }
  }
  return [...new Set(notes)].slice(0, 3);
}

/** The DNAT rule that takes an inbound packet to the firewall's public address, if any. */
export function evaluateDnat(
  chain: PolicyChain,
  packet: Packet,
  isFrontend: (destination: Maybe<string>) => Tri,
): { readonly outcome: Outcome; readonly rule?: FirewallRule } {
  const { ordered } = placedRules(chain, 'dnat').rules;
  // A DNAT rule that matches translates: whatever its collection says, it lets the packet on.
  const candidates = ordered.map((p) => new PlacedRule(p.placed, p.rule, p.address, 'allow'));
  const matches = ({ rule }: PlacedRule): Tri =>
    allOf([
      anyOf(rule.protocols.map((p) => protocolCovers(p, packet.protocol))),
      anyPort(rule.ports, packet.port),
      anyAddress(rule.sources, packet.source, []),
      anyOf(rule.destinations.map(isFrontend)),
    ]);
  const outcome = firstMatch(candidates, matches, {
    decision: 'deny',
    detail: 'no DNAT rule for this address and port',
  });
  const rule = outcome.by?.rule;
  return rule === undefined ? { outcome } : { outcome, rule };
}
