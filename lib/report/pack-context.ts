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
  // Each pack's sites once, in model order, not every site per requirement entry.
  const sitesByPack = new Map<string, Site[]>();
  for (const site of model.sites) {
    for (const id of new Set(packsForSite(site, packs, extraPacks))) {
      const sites = sitesByPack.get(id);
      if (sites === undefined) sitesByPack.set(id, [site]);
      else sites.push(site);
    }
  }
  const requirements: RequirementInfo[] = [];
  const checks: CheckedRequirement[] = [];
  // Sites already checked per requirement: a requirement in two packs is one check at a site.
  const checkedSites = new Map<string, Set<string>>();
  for (const pack of packs.filter((p) => sitesByPack.has(p.id))) {
    const sites = sitesByPack.get(pack.id) ?? [];
    for (const entry of pack.requirements.filter(checkable)) {
      requirements.push(info(pack, entry));
      const estate = ruleBySlug(entry.rule)?.scope === 'estate';
      let checked = checkedSites.get(entry.requirement);
      if (checked === undefined) checkedSites.set(entry.requirement, (checked = new Set()));
      for (const site of sites) {
        if (!coversSite(entry, site)) continue;
        const name = estate ? '*' : site.name;
        if (!checked.has(name)) {
          checked.add(name);
          checks.push({ site: name, requirement: entry.requirement });
        }
        // An estate requirement is one check however many sites it covers.
        if (estate) break;
      }
    }
  }
  return { requirements, checks };
}
