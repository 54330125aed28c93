// SPDX-License-Identifier: Apache-2.0
/**
 * What traffic a change lets through or stops, asked of the data-plane evaluator (`trace`) on
 * base and head with the same questions: every vendor obligation of the packs a site declares,
 * from each workload subnet; egress probes to an address no vendor names; and every inbound
 * path from the internet (each public IP of the site on the ports its DNAT, load balancer,
 * application gateway and NSG rules name, and the usual remote-administration ports).
 * Rule texts are not compared: only the answers, so a Deny added ahead of a vendor rule shows.
 */
import { compareText } from '../core/compare';
import { trace, type Hop, type TraceQuery, type Verdict } from '../dataplane';
import type { DataPlane } from '../model/dataplane';
import type { NetworkModel, Site } from '../model/types';
import type { Pack } from '../policy/pack';
import { vendorFlows } from '../policy/vendor-flows';
import type { ReachQuery } from './reach-queries';
import { exposureQueries, obligationQueries, probeQueries } from './reach-queries';

/** A question's answer on one side; `absent` when that side has no such site, subnet or entry point. */
export type ReachState = Verdict | 'absent';

/** Whether a change lets more through (broadening), less (narrowing), or only changes the path. */
export type ReachDirection = 'broadening' | 'narrowing' | 'path';

/** One question whose answer differs between base and head. */
export interface ReachabilityChange {
  readonly site: string;
  /** `obligation` (a vendor flow the site must reach), `egress` (probe to any internet address), `exposure` (from the internet). */
  readonly kind: ReachQuery['kind'];
  /** The question in words: `Implicit FTPS data — TCP 3000-3010 to csu.cherel.org.au from practice`. */
  readonly flow: string;
  /** The subnet the question starts from, or `internet`. */
  readonly from: string;
  /** The host, address or target it goes to. */
  readonly to: string;
  /** `TCP 3000-3010`. */
  readonly ports: string;
  /** Pack requirement of an obligation. @default absent for probes and exposure */
  readonly requirement?: string;
  readonly before: ReachState;
  readonly after: ReachState;
  readonly direction: ReachDirection;
  /** A vendor obligation that was reachable on base and is not on head: the review fails. */
  readonly broken: boolean;
  /** What decided on head (or on base when head lost the path): `network collection deny-non-web (priority 150)`. */
  readonly cause: string;
  /** One line for the reviewer, most telling words first. */
  readonly summary: string;
}

/** The reachability differences of a review. */
export interface ReachabilityDiff {
  /** Questions asked of both sides. */
  readonly questions: number;
  readonly changes: ReachabilityChange[];
  readonly broadening: number;
  readonly narrowing: number;
  readonly broken: number;
  /** Sites without a data plane on either side: nothing could be asked there (never assumed unchanged). */
  readonly unread: string[];
}

const RANK: Record<ReachState, number> = { absent: 0, denied: 0, unknown: 1, allowed: 2 };
export const REACH_WORD: Record<ReachState, string> = {
  absent: 'no such path',
  denied: 'blocked',
  unknown: 'unknown',
  allowed: 'reachable',
};

/** Asks every question of base and head and keeps those whose answer or deciding path differs. */
export function diffReachability(
  base: NetworkModel,
  head: NetworkModel,
  packs: readonly Pack[],
  extraPacks: readonly string[] = [],
): ReachabilityDiff {
  const names = [...new Set([...base.sites, ...head.sites].map((s) => s.name))].sort(compareText);
  const changes: ReachabilityChange[] = [];
  const unread: string[] = [];
  let questions = 0;
  for (const name of names) {
    const b = base.sites.find((s) => s.name === name);
    const h = head.sites.find((s) => s.name === name);
    if (b?.dataplane === undefined && h?.dataplane === undefined) {
      unread.push(name);
      continue;
    }
    const asked = questionsOf(b, h, packs, extraPacks);
    questions += asked.length;
    for (const q of asked) {
      const change = compare(q, base, b, head, h);
      if (change !== undefined) changes.push(change);
    }
  }
  return {
    questions,
    changes,
    broadening: changes.filter((c) => c.direction === 'broadening').length,
    narrowing: changes.filter((c) => c.direction === 'narrowing').length,
    broken: changes.filter((c) => c.broken).length,
    unread,
  };
}

/** The union of both sides' questions for one site, in a fixed order (obligations, probes, exposure). */
function questionsOf(
  b: Site | undefined,
  h: Site | undefined,
  packs: readonly Pack[],
  extraPacks: readonly string[],
): ReachQuery[] {
  const sides = [b, h].filter((s): s is Site => s !== undefined);
  const byKey = new Map<string, ReachQuery>();
  const obligations = (s: Site) => obligationQueries(s, (id) => flowsOf(s, id, packs), extraPacks);
  for (const make of [obligations, probeQueries, exposureQueries])
    for (const side of sides) for (const q of make(side)) if (!byKey.has(q.key)) byKey.set(q.key, q);
  return [...byKey.values()];
}

function flowsOf(site: Site, id: string, packs: readonly Pack[]) {
  const pack = packs.find((p) => p.id === id);
  return pack === undefined ? [] : vendorFlows(pack, site);
}

interface Answer {
  readonly state: ReachState;
  /** The hop that decided (first deny, or the last allow), for the cause. */
  readonly decisive?: Hop;
  readonly hops: Hop[];
}

/** Every port of the question on one side; the worst answer wins (denied, unknown, allowed). */
function answer(model: NetworkModel, site: Site | undefined, q: ReachQuery): Answer {
  if (site?.dataplane === undefined || !q.present(site)) return { state: 'absent', hops: [] };
  const results = q.tracedPorts.map((port) => trace(model, { ...q.query, port } satisfies TraceQuery));
  const worst =
    results.find((r) => r.verdict === 'denied') ?? results.find((r) => r.verdict === 'unknown') ?? results[0];
  const hops = worst.hops;
  const decisive =
    hops.find((h) => h.decision === 'deny' || h.decision === 'unknown') ??
    [...hops].reverse().find((h) => h.decision === 'allow' && h.step !== 'deliver' && h.step !== 'snat') ??
    hops[hops.length - 1];
  return { state: worst.verdict, decisive, hops };
}

const pathOf = (a: Answer): string =>
  a.hops
    .filter((h) => h.decision !== 'pass' || h.step === 'route')
    .map((h) => `${h.step} ${h.address} ${h.rule}`)
    .join('\n');

function compare(
  q: ReachQuery,
  base: NetworkModel,
  b: Site | undefined,
  head: NetworkModel,
  h: Site | undefined,
): ReachabilityChange | undefined {
  const before = answer(base, b, q);
  const after = answer(head, h, q);
  // An obligation whose site, subnet or pack exists on one side only is the site diff's and the governance section's.
  if (q.kind === 'obligation' && (before.state === 'absent' || after.state === 'absent')) return undefined;
  const rise = RANK[after.state] - RANK[before.state];
  // Only a path that still carries the traffic is worth naming when the answer stays the same.
  if (rise === 0 && (after.state !== 'allowed' || before.state !== 'allowed' || pathOf(before) === pathOf(after)))
    return undefined;
  const direction: ReachDirection = rise > 0 ? 'broadening' : rise < 0 ? 'narrowing' : 'path';
  const broken = q.kind === 'obligation' && before.state === 'allowed' && after.state !== 'allowed';
  const decider = after.state === 'absent' ? before : after;
  const cause = causeOf(decider.decisive, after.state === 'absent' ? undefined : b?.dataplane, q);
  return {
    site: q.site,
    kind: q.kind,
    flow: q.flow,
    from: q.from,
    to: q.to,
    ports: q.ports,
    ...(q.requirement === undefined ? {} : { requirement: q.requirement }),
    before: before.state,
    after: after.state,
    direction,
    broken,
    cause,
    summary: summaryOf(q, before.state, after.state, direction, cause),
  };
}

function summaryOf(q: ReachQuery, before: ReachState, after: ReachState, direction: ReachDirection, cause: string) {
  const how = cause === '' ? '' : after === 'allowed' ? ` via ${cause}` : ` by ${cause}`;
  if (q.kind === 'exposure' && direction === 'broadening' && after === 'allowed')
    return `newly reachable from the internet: ${q.flow}${how}`;
  if (q.kind === 'egress' && direction === 'broadening' && after === 'allowed')
    return `newly reachable: ${q.flow}${how}`;
  const word = direction === 'path' ? `${REACH_WORD[after]}, by another path` : REACH_WORD[after];
  return `${q.flow}: ${REACH_WORD[before]} → ${word}${how}`;
}

/** The deciding hop in words, with whether its rule is new in this change (absent from base's data plane). */
function causeOf(hop: Hop | undefined, base: DataPlane | undefined, q: ReachQuery): string {
  if (hop === undefined) return '';
  const rule = hop.rule.replace(/, group [^)]*\)/, ')');
  const what = hop.rule === '' ? `${hop.detail} at ${hop.address}` : rule;
  const via = q.kind === 'exposure' ? q.entry : '';
  const step = what.startsWith(hop.step) ? '' : `${hop.step} `;
  const text = via === '' ? what : `${via} (${step}${what})`;
  if (base === undefined || hop.rule === '' || hop.decision === 'pass') return text;
  return existedOnBase(hop, base) ? text : `${text}, added in this change`;
}

/** Whether base's data plane has the rule, route or NSG rule a hop names, at the same address (true when it cannot tell). */
function existedOnBase(hop: Hop, base: DataPlane): boolean {
  const labels: string[] = [];
  for (const p of base.policies)
    for (const g of p.groups)
      if (g.address === hop.address || p.address === hop.address)
        for (const c of g.collections) labels.push(`${c.kind} collection ${c.name} (`);
  for (const n of base.nsgs)
    if (n.address === hop.address) for (const r of n.rules) labels.push(`${n.name}/${r.name} (`);
  for (const t of base.routeTables)
    if (t.address === hop.address) for (const r of t.routes) labels.push(`${t.name}/${r.name}`);
  // NSGs and route tables belong to the site: one base does not hold is new. A policy may be
  // another site's parent, and `azure` is Azure's defaults: no claim either way.
  if (labels.length === 0) return !/^azurerm_(network_security_(group|rule)|route_table|route)\./.test(hop.address);
  return labels.some((l) => hop.rule.startsWith(l));
}
