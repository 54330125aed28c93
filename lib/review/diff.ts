// SPDX-License-Identifier: Apache-2.0
/**
 * What a change does to each clinic's network: the difference between two network
 * models, per site, with the security-relevant changes marked so reviews show them first.
 */
import { compareText as text } from '../core/compare';
import type { NetworkModel, Site } from '../model/types';
import {
  bypassChange,
  egressChange,
  inboundChange,
  natChange,
  proxyChanges,
  tlsInspectionChanges,
  vpnChange,
  type VendorOf,
} from './element-changes';

/** Whether an element appeared, disappeared or changed between base and head. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** The part of a site a change touches. */
export type ChangeArea = 'site' | 'egress' | 'inbound' | 'bypass' | 'tls-inspection' | 'proxy' | 'nat' | 'vpn';

/** Why a change needs a reviewer's attention, most important first. */
export const CONCERNS = [
  'new-inbound',
  'wider-inbound',
  'wider-egress',
  'removed-bypass',
  'removed-obligation',
  'weaker-tls',
  'new-tls-inspection',
  'wider-vpn',
  'weaker-vpn',
] as const;

/** A reason a change is security-relevant. */
export type Concern = (typeof CONCERNS)[number];

/** One change to one element of one site. */
export interface Change {
  readonly site: string;
  readonly area: ChangeArea;
  readonly kind: ChangeKind;
  /** Flow, forward, NAT or link name, or bypass host. */
  readonly subject: string;
  /** One line saying what changed. */
  readonly summary: string;
  /** The element before the change. @default absent for an addition */
  readonly before?: string;
  /** The element after the change. @default absent for a removal */
  readonly after?: string;
  /** Catalog requirement the element serves. @default none */
  readonly requirement?: string;
  /** Set when the change is security-relevant. @default not security-relevant */
  readonly concern?: Concern;
  /** Construct path or Terraform address of the element (head's, or base's for a removal). */
  readonly path: string;
}

/** What happened to a site as a whole. */
export type SiteStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** Every change to one site, security-relevant first. */
export interface SiteDiff {
  readonly site: string;
  readonly status: SiteStatus;
  readonly changes: Change[];
}

/** The difference between two models: one entry per site in either, sorted by name. */
export interface ModelDiff {
  readonly sites: SiteDiff[];
}

/** Options for {@link diffModels}. */
export interface DiffOptions {
  /**
   * Names the vendor behind a requirement id, for summaries ("Lumos flow removed").
   * @default the requirement id's prefix (`LUMOS`)
   */
  readonly vendorOf?: (requirement: string) => string | undefined;
}

const KIND_ORDER: Record<ChangeKind, number> = { removed: 0, added: 1, changed: 2 };

/** Sort key: concerns in {@link CONCERNS} order, then deletions, additions, other changes. */
export function compareChanges(a: Change, b: Change): number {
  const rank = (c: Change) => (c.concern === undefined ? CONCERNS.length : CONCERNS.indexOf(c.concern));
  return (
    rank(a) - rank(b) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    text(a.site, b.site) ||
    text(a.area, b.area) ||
    text(a.subject, b.subject)
  );
}

/** Compares two models site by site. */
export function diffModels(base: NetworkModel, head: NetworkModel, options: DiffOptions = {}): ModelDiff {
  const vendorOf = options.vendorOf ?? ((req: string) => req.split('-')[0]);
  const baseSites = new Map(base.sites.map((s) => [s.name, s]));
  const headSites = new Map(head.sites.map((s) => [s.name, s]));
  const names = [...new Set([...baseSites.keys(), ...headSites.keys()])].sort(text);
  return {
    sites: names.map((name) => {
      const before = baseSites.get(name);
      const after = headSites.get(name);
      if (after === undefined) return removedSite(before as Site);
      const changes = diffSite(before ?? emptySite(after), after, vendorOf);
      if (before === undefined) {
        changes.unshift({
          site: name,
          area: 'site',
          kind: 'added',
          subject: name,
          summary: `new ${after.kind} site ${name}`,
          path: after.path,
        });
      }
      const status: SiteStatus = before === undefined ? 'added' : changes.length > 0 ? 'changed' : 'unchanged';
      return { site: name, status, changes: changes.sort(compareChanges) };
    }),
  };
}

function removedSite(site: Site): SiteDiff {
  const summary =
    `site ${site.name} DELETED with ${site.egress.length} egress flow(s), ${site.inbound.length} inbound forward(s), ` +
    `${site.vpnLinks.length} VPN link(s)`;
  return {
    site: site.name,
    status: 'removed',
    changes: [{ site: site.name, area: 'site', kind: 'removed', subject: site.name, summary, path: site.path }],
  };
}

/** A site with nothing in it, so a new site diffs as "everything added". */
function emptySite(like: Site): Site {
  return {
    ...like,
    egress: [],
    inbound: [],
    bypass: [],
    natEgress: [],
    vpnLinks: [],
    proxy: undefined,
    tlsInspection: { enabled: false },
  };
}

function diffSite(before: Site, after: Site, vendorOf: VendorOf): Change[] {
  const site = after.name;
  return [
    ...diffKeyed(
      before.egress,
      after.egress,
      (f) => f.name,
      (b, a) => egressChange(site, b, a, vendorOf),
    ),
    ...diffKeyed(
      before.inbound,
      after.inbound,
      (f) => f.name,
      (b, a) => inboundChange(site, b, a, vendorOf),
    ),
    ...diffKeyed(
      before.bypass,
      after.bypass,
      (e) => e.host,
      (b, a) => bypassChange(site, b, a),
    ),
    ...diffKeyed(
      before.natEgress,
      after.natEgress,
      (n) => n.name,
      (b, a) => natChange(site, b, a),
    ),
    ...diffKeyed(
      before.vpnLinks,
      after.vpnLinks,
      (l) => l.name,
      (b, a) => vpnChange(site, b, a),
    ),
    ...tlsInspectionChanges(site, before.tlsInspection, after.tlsInspection, after.path),
    ...proxyChanges(site, before.proxy, after.proxy, after.path),
  ];
}

/** Pairs elements by key and asks `compare` for the change of each pair (or none). */
function diffKeyed<T>(
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
  compare: (b: T | undefined, a: T | undefined) => Change | undefined,
): Change[] {
  const b = new Map(before.map((item) => [key(item), item]));
  const a = new Map(after.map((item) => [key(item), item]));
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort(text);
  return keys.map((k) => compare(b.get(k), a.get(k))).filter((c): c is Change => c !== undefined);
}
