// SPDX-License-Identifier: Apache-2.0
/** Report context from the packs: requirement metadata for SARIF, and the checks each site ran for JUnit. */
import type { NetworkModel, Site } from '../model/types';
import { packApplies } from '../policy/engine';
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
  entry.when?.custoRoles === undefined ||
  (site.vendor.custo !== undefined && entry.when.custoRoles.includes(site.vendor.custo.role));

/** Requirements and (site, requirement) checks of the packs that apply to the model's sites. */
export function packContext(
  model: NetworkModel,
  packs: readonly Pack[],
  extraPacks: readonly string[] = [],
): Pick<ReportContext, 'requirements' | 'checks'> {
  const sitesByPack = sitesOfPacks(model, packs, extraPacks);
  const applied = packs.filter((p) => sitesByPack.has(p.id));
  // A requirement in two packs (or two entries) is one check at a site, and so is a site name listed twice:
  // only then are the sites already checked remembered, not for every one of the 10,000s of checks.
  const entries = new Map<string, number>();
  for (const pack of applied)
    for (const entry of pack.requirements)
      if (checkable(entry)) entries.set(entry.requirement, (entries.get(entry.requirement) ?? 0) + 1);
  const namesUnique = new Set(model.sites.map((site) => site.name)).size === model.sites.length;
  const requirements: RequirementInfo[] = [];
  const checks: CheckedRequirement[] = [];
  const checkedSites = new Map<string, Set<string>>();
  for (const pack of applied) {
    const sites = sitesByPack.get(pack.id) ?? [];
    for (const entry of pack.requirements) {
      if (!checkable(entry)) continue;
      requirements.push(info(pack, entry));
      const estate = ruleBySlug(entry.rule)?.scope === 'estate';
      let checked: Set<string> | undefined;
      if (!namesUnique || entries.get(entry.requirement) !== 1) {
        checked = checkedSites.get(entry.requirement);
        if (checked === undefined) checkedSites.set(entry.requirement, (checked = new Set()));
      }
      for (const site of sites) {
        if (!coversSite(entry, site)) continue;
        const name = estate ? '*' : site.name;
        if (checked === undefined || !checked.has(name)) {
          checked?.add(name);
          checks.push({ site: name, requirement: entry.requirement });
        }
        // An estate requirement is one check however many sites it covers.
        if (estate) break;
      }
    }
  }
  return { requirements, checks };
}

/**
 * Each pack id's sites once, in model order: a site is listed under every id of the packs
 * that apply to it (every-site, its own, the extra ones).
 */
function sitesOfPacks(model: NetworkModel, packs: readonly Pack[], extraPacks: readonly string[]): Map<string, Site[]> {
  // Packs by id, so that two packs of one id list a site once.
  const byId = new Map<string, Pack[]>();
  for (const pack of packs) {
    const same = byId.get(pack.id);
    if (same === undefined) byId.set(pack.id, [pack]);
    else same.push(pack);
  }
  const groups = [...byId.values()];
  const sitesByPack = new Map<string, Site[]>();
  for (const site of model.sites) {
    for (const group of groups) {
      if (!anyApplies(group, site, extraPacks)) continue;
      const sites = sitesByPack.get(group[0].id);
      if (sites === undefined) sitesByPack.set(group[0].id, [site]);
      else sites.push(site);
    }
  }
  return sitesByPack;
}

function anyApplies(packs: readonly Pack[], site: Site, extraPacks: readonly string[]): boolean {
  for (const pack of packs) if (packApplies(pack, site, extraPacks)) return true;
  return false;
}
