// SPDX-License-Identifier: Apache-2.0
/**
 * Changes that alter what is checked or how traffic is inspected, shown at the top of a review
 * beside the suppression changes and never folded: a pack removed from a site (its checks
 * silently stop), a pack added, and TLS-inspection or proxy changes.
 */
import { compareText } from '../core/compare';
import type { NetworkModel } from '../model/types';
import type { SiteDiff } from './diff';

/** One governance change of one site. */
export interface GovernanceChange {
  readonly site: string;
  readonly kind: 'pack-removed' | 'pack-added' | 'tls-inspection' | 'proxy';
  /** One line for the reviewer. */
  readonly summary: string;
}

/** Packs removed and added per site (of sites on both sides), then TLS-inspection and proxy changes from the site diffs. */
export function diffGovernance(base: NetworkModel, head: NetworkModel, sites: readonly SiteDiff[]): GovernanceChange[] {
  const out: GovernanceChange[] = [];
  for (const h of [...head.sites].sort((x, y) => compareText(x.name, y.name))) {
    const b = base.sites.find((s) => s.name === h.name);
    if (b === undefined) continue;
    for (const pack of b.packs.filter((p) => !h.packs.includes(p)))
      out.push({
        site: h.name,
        kind: 'pack-removed',
        summary: `pack ${pack} REMOVED from ${h.name}: its checks no longer run there`,
      });
    for (const pack of h.packs.filter((p) => !b.packs.includes(p)))
      out.push({ site: h.name, kind: 'pack-added', summary: `pack ${pack} added to ${h.name}` });
  }
  for (const site of sites)
    for (const c of site.changes)
      if (c.area === 'tls-inspection' || c.area === 'proxy')
        out.push({ site: c.site, kind: c.area, summary: `${c.summary} on ${c.site}` });
  return out;
}
