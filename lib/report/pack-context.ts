// SPDX-License-Identifier: Apache-2.0
/** Report context from the packs: requirement metadata for SARIF, and the checks each site ran for JUnit. */
import type { NetworkModel, Site } from '../model/types';
import { packsForSite } from '../policy/engine';
import type { Pack, PackEntry } from '../policy/pack';
import { ruleBySlug } from '../policy/registry';
import type { CheckedRequirement, ReportContext, RequirementInfo } from './context';

function info(pack: Pack, entry: PackEntry & { rule: string }): RequirementInfo {
  return {
    id: entry.requirement,
    rule: entry.rule,
    pack: pack.id,
    title: entry.title,
    description: ruleBySlug(entry.rule)?.description ?? entry.title,
    severity: entry.severity,
    citation: `${entry.source.document} — ${entry.source.section}`,
    remediation: entry.remediation,
  };
}

// Uncheckable entries never produce findings; they are listed in docs/RULES.md instead.
const checkable = (entry: PackEntry): entry is PackEntry & { rule: string } => entry.rule !== undefined;

const coversSite = (entry: PackEntry, site: Site): boolean =>
  entry.when?.custoRoles === undefined || (site.vendor.custo !== undefined && entry.when.custoRoles.includes(site.vendor.custo.role));

/** Requirements and (site, requirement) checks of the packs that apply to the model's sites. */
export function packContext(model: NetworkModel, packs: readonly Pack[], extraPacks: readonly string[] = []): Pick<ReportContext, 'requirements' | 'checks'> {
  // Each site's packs once, not once per requirement entry.
  const sitePacks = model.sites.map((site) => ({ site, packs: new Set(packsForSite(site, packs, extraPacks)) }));
  const applied = new Set(sitePacks.flatMap((s) => [...s.packs]));
  const requirements: RequirementInfo[] = [];
  const checks = new Map<string, CheckedRequirement>();
  for (const pack of packs.filter((p) => applied.has(p.id))) {
    for (const entry of pack.requirements.filter(checkable)) {
      requirements.push(info(pack, entry));
      const estate = ruleBySlug(entry.rule)?.scope === 'estate';
      for (const { site, packs: ids } of sitePacks) {
        if (!ids.has(pack.id) || !coversSite(entry, site)) continue;
        const check = { site: estate ? '*' : site.name, requirement: entry.requirement };
        checks.set(`${check.site}\u0000${check.requirement}`, check);
        // An estate requirement is one check however many sites it covers.
        if (estate) break;
      }
    }
  }
  return { requirements, checks: [...checks.values()] };
}
