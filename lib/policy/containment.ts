// SPDX-License-Identifier: Apache-2.0
/**
 * Whether everything one firewall rule matches is also matched by another, decided only on known
 * values: any unknown, unreadable or unsupported element answers "not proven" (false), so a
 * shadowed-rule finding is never a guess.
 */
import type { FirewallRule, RuleCollectionKind } from '../model/dataplane';
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';
import { cidrOf } from '../dataplane/match';

const ANY = new Set(['*', 'any', '0.0.0.0/0']);

/** Known values only; undefined when any is unknown. */
function knownAll(values: readonly Maybe<string>[]): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    if (isUnknown(v)) return undefined;
    out.push(v.trim());
  }
  return out;
}

/** A rule's lists as known, trimmed values (undefined when any value is unknown). */
interface KnownRule {
  readonly sources: string[] | undefined;
  readonly destinations: string[] | undefined;
  readonly fqdns: string[] | undefined;
  readonly ports: string[] | undefined;
  readonly protocols: string[] | undefined;
}

/** Reads a rule's known values; {@link RuleContainment} remembers them for one evaluation. */
type KnownOf = (rule: FirewallRule) => KnownRule;

function readKnown(rule: FirewallRule): KnownRule {
  return {
    sources: knownAll(rule.sources),
    destinations: knownAll(rule.destinations),
    fqdns: knownAll(rule.fqdns),
    ports: knownAll(rule.ports),
    protocols: knownAll(rule.protocols),
  };
}

function isAny(values: readonly string[]): boolean {
  for (const v of values) if (ANY.has(v.toLowerCase())) return true;
  return false;
}

/** Every address or CIDR of `inner` lies in one of `outer` (`*` covers all; names must be equal). */
function addressesWithin(inner: readonly string[], outer: readonly string[]): boolean {
  if (isAny(outer)) return true;
  // Loops, not every/some with closures: a site's rules are compared pair by pair.
  for (const i of inner) if (!addressWithin(i, outer)) return false;
  return true;
}

function addressWithin(inner: string, outer: readonly string[]): boolean {
  const a = cidrOf(inner);
  for (const o of outer) {
    const b = cidrOf(o);
    if (a !== undefined && b !== undefined ? b.contains(a) : inner.toLowerCase() === o.toLowerCase()) return true;
  }
  return false;
}

const portRange = (p: string): [number, number] | undefined => {
  if (p === '*') return [0, 65535];
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(p);
  return m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
};

function portsWithin(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((i) => {
    const a = portRange(i);
    return (
      a !== undefined &&
      outer.some((o) => {
        const b = portRange(o);
        return b !== undefined && b[0] <= a[0] && a[1] <= b[1];
      })
    );
  });
}

function protocolsWithin(inner: readonly string[], outer: readonly string[]): boolean {
  const o = outer.map((p) => p.toLowerCase());
  return o.includes('any') || inner.every((p) => o.includes(p.toLowerCase()));
}

/** An application-rule host pattern covers another: equal, `*`, or a wildcard over it. */
function hostWithin(inner: string, outer: string): boolean {
  const i = inner.toLowerCase();
  const o = outer.toLowerCase();
  if (o === '*' || i === o) return true;
  return o.startsWith('*.') && i.endsWith(o.slice(1)) && i.length > o.length - 1;
}

/** Whether `outer` (network kind) matches every packet `inner` (network kind) matches. */
function networkWithin(innerRule: FirewallRule, outerRule: FirewallRule, dnsProxy: boolean, known: KnownOf): boolean {
  const { sources: is, destinations: id, fqdns: iF, ports: ip, protocols: ipr } = known(innerRule);
  const { sources: os, destinations: od, fqdns: oF, ports: op, protocols: opr } = known(outerRule);
  if (is === undefined || os === undefined || id === undefined || od === undefined || iF === undefined) return false;
  if (oF === undefined || ip === undefined || op === undefined || ipr === undefined || opr === undefined) return false;
  if (is.length === 0 || ip.length === 0 || ipr.length === 0 || id.length + iF.length === 0) return false;
  if (!addressesWithin(is, os) || !portsWithin(ip, op) || !protocolsWithin(ipr, opr)) return false;
  if (isAny(od)) return true;
  // FQDNs only within the same FQDNs, and only where they match at all (DNS proxy on, no wildcard).
  if (iF.length > 0 && (!dnsProxy || iF.some((f) => f.includes('*')))) return false;
  return addressesWithin(id, od) && iF.every((f) => oF.some((g) => f.toLowerCase() === g.toLowerCase()));
}

/** Whether `outer` (application kind) matches every request `inner` (application kind) matches. */
function applicationWithin(inner: FirewallRule, outer: FirewallRule, known: KnownOf): boolean {
  if ((outer.urls ?? []).length > 0 || (inner.urls ?? []).length > 0) return false;
  if (inner.fqdnTags.length > 0 || inner.webCategories.length > 0) return false;
  const { sources: is, fqdns: iF, protocols: ipr } = known(inner);
  const { sources: os, fqdns: oF, protocols: opr } = known(outer);
  if (is === undefined || os === undefined || iF === undefined || oF === undefined) return false;
  if (ipr === undefined || opr === undefined) return false;
  if (is.length === 0 || iF.length === 0 || ipr.length === 0) return false;
  return (
    addressesWithin(is, os) &&
    ipr.every((p) => opr.some((q) => p.toLowerCase() === q.toLowerCase())) &&
    iF.every((f) => oF.some((g) => hostWithin(f, g)))
  );
}

/** A network rule to any destination on TCP ports covering an application rule's ports (network rules run first). */
function networkCoversApplication(app: FirewallRule, net: FirewallRule, known: KnownOf): boolean {
  const { sources: as, protocols: apr } = known(app);
  const { sources: ns, destinations: nd, ports: np, protocols: npr } = known(net);
  if (as === undefined || ns === undefined || nd === undefined || np === undefined) return false;
  if (npr === undefined || apr === undefined) return false;
  if (as.length === 0 || apr.length === 0 || !isAny(nd) || !addressesWithin(as, ns)) return false;
  if (!protocolsWithin(['tcp'], npr)) return false;
  const ports = apr.map((p) => p.split(':')[1] ?? '');
  return ports.every((p) => /^\d{1,5}$/.test(p)) && portsWithin(ports, np);
}

/**
 * Containment questions of one evaluation. A site's rules are compared pair by pair, so each
 * rule's known values are read once; the rule keeps one of these in the evaluation's memo, so
 * nothing outlives the evaluation.
 */
export class RuleContainment {
  private readonly knownByRule = new Map<FirewallRule, KnownRule>();

  private readonly known: KnownOf = (rule) => {
    let found = this.knownByRule.get(rule);
    if (found === undefined) this.knownByRule.set(rule, (found = readKnown(rule)));
    return found;
  };

  /** Whether the earlier rule (of kind `outerKind`) provably decides all traffic of the later one; `dnsProxy` of the policy. */
  public within(
    inner: FirewallRule,
    innerKind: RuleCollectionKind,
    outer: FirewallRule,
    outerKind: RuleCollectionKind,
    dnsProxy: boolean,
  ): boolean {
    if (innerKind === 'network' && outerKind === 'network') return networkWithin(inner, outer, dnsProxy, this.known);
    if (innerKind === 'application' && outerKind === 'application') return applicationWithin(inner, outer, this.known);
    if (innerKind === 'application' && outerKind === 'network')
      return networkCoversApplication(inner, outer, this.known);
    return false;
  }
}
