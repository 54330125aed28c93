// SPDX-License-Identifier: Apache-2.0
/**
 * The policy engine: applies each pack's entries to the sites they cover, turns rule
 * results into findings with the pack's metadata, then applies suppressions.
 */
import { defineError } from '../core/errors';
import type { NetworkModel, Site } from '../model/types';
import { sortFindings } from './order';
import type { Evaluation, Suppression } from './evaluation';
import type { Finding } from './finding';
import type { Pack, PackEntry } from './pack';
import { builtinPacks } from './pack';
import { ruleBySlug } from './registry';
import type { Rule, RuleResult } from './rule';
import { applySuppressions } from './suppressions';
import { appendAll } from '../core/append';

/** How to evaluate: which packs, which suppressions, which day it is. */
export interface EvaluateOptions {
  /** @default the built-in packs of `policies/` */
  readonly packs?: Pack[];
  /** @default none */
  readonly suppressions?: Suppression[];
  /** YYYY-MM-DD, for suppression expiry. @default today (UTC) */
  readonly today?: string;
  /** Pack ids applied to every site in addition to its own (a CLI `--packs`). @default none */
  readonly extraPacks?: string[];
}

const unknownPack = defineError({
  code: 'POLICY-UNKNOWN-PACK',
  title: 'A pack id was asked for that no loaded pack has.',
  message: (id: string, known: string) =>
    `unknown policy pack — got "${id}", expected one of ${known}; fix: use one of those ids`,
  example: ['lumoss', 'azure, baseline, custo, hl7, immtrac, lumos, onepacs'],
});

const unknownRule = defineError({
  code: 'POLICY-UNKNOWN-RULE',
  title: 'A pack entry names a rule slug the registry does not have.',
  message: (pack: string, requirement: string, slug: string) =>
    `unknown rule in pack ${pack} — got rule "${slug}" for ${requirement}, expected a slug from lib/policy/registry.ts; fix: correct the slug`,
  example: ['lumos', 'LUMOS-TLS12', 'tls-minimun'],
});

/**
 * Unknowns are reported at warning level whatever the requirement's severity: they may
 * well pass, so they must not fail a synth on their own, yet they are never silent.
 */
const UNKNOWN_SEVERITY = 'warning';

/** Evaluates every applicable requirement over the model. Rules that throw become unknown findings. */
export function evaluate(model: NetworkModel, options: EvaluateOptions = {}): Evaluation {
  const packs = options.packs ?? builtinPacks();
  const byId = new Map(packs.map((p) => [p.id, p]));
  for (const id of options.extraPacks ?? []) {
    if (!byId.has(id)) throw unknownPack(id, [...byId.keys()].sort().join(', '));
  }
  const findings: Finding[] = [];
  const extraPacks = options.extraPacks ?? [];
  for (const pack of packs) {
    const sites = model.sites.filter((site) => packApplies(pack, site, extraPacks));
    for (const entry of pack.requirements) {
      if (entry.rule === undefined) continue;
      const rule = ruleBySlug(entry.rule);
      if (rule === undefined) throw unknownRule(pack.id, entry.requirement, entry.rule);
      // Most entries cover every site of their pack: no filtered copy for those.
      const covered = entry.when?.custoRoles === undefined ? sites : sites.filter((site) => entryApplies(entry, site));
      if (rule.scope === 'estate') {
        if (covered.length > 0) run(findings, rule, entry, pack, model, undefined);
      } else {
        for (const site of covered) run(findings, rule, entry, pack, model, site);
      }
    }
  }
  appendAll(findings, undeclaredPacks(model, byId));
  const outcome = applySuppressions(
    dedupe(findings),
    options.suppressions ?? [],
    options.today ?? new Date().toISOString().slice(0, 10),
  );
  return { findings: sortFindings(outcome.findings), suppressed: outcome.suppressed, suppressions: outcome.statuses };
}

/** The pack ids that apply to a site, sorted: every-site packs, its own, and the extra ones. */
export function packsForSite(site: Site, packs: readonly Pack[], extraPacks: readonly string[] = []): string[] {
  return packs
    .filter((p) => packApplies(p, site, extraPacks))
    .map((p) => p.id)
    .sort();
}

/** True when the pack applies to the site: an every-site pack, one the site declares, or an extra one. */
export function packApplies(pack: Pack, site: Site, extra: readonly string[]): boolean {
  return pack.appliesTo === 'every-site' || (site.packs as string[]).includes(pack.id) || extra.includes(pack.id);
}

function entryApplies(entry: PackEntry, site: Site): boolean {
  const roles = entry.when?.custoRoles;
  return roles === undefined || (site.vendor.custo !== undefined && roles.includes(site.vendor.custo.role));
}

/** Runs the rule for the entry (at the site) and appends its findings: most runs find nothing. */
function run(
  findings: Finding[],
  rule: Rule<unknown>,
  entry: PackEntry,
  pack: Pack,
  model: NetworkModel,
  site: Site | undefined,
): void {
  let results: RuleResult[];
  try {
    results = rule.check({ model, site, params: entry.params ?? {} });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    results = [
      {
        kind: 'unknown',
        path: site?.path ?? '*',
        problem: `rule ${rule.slug} could not be evaluated`,
        got: `error "${reason}"`,
        expected: 'a model the rule can read',
        fix: 'report this as a clinicnet bug, with the model',
      },
    ];
  }
  for (const r of results) findings.push(toFinding(r, rule, entry, pack, site));
}

function toFinding(r: RuleResult, rule: Rule<unknown>, entry: PackEntry, pack: Pack, site: Site | undefined): Finding {
  const severity = r.kind === 'unknown' ? UNKNOWN_SEVERITY : (r.severity ?? entry.severity);
  return {
    rule: rule.slug,
    requirement: entry.requirement,
    severity,
    kind: r.kind,
    pack: pack.id,
    site: r.site ?? site?.name ?? '*',
    path: r.path,
    message: `[${entry.requirement}] ${r.problem} — got ${r.got}, expected ${r.expected}; fix: ${r.fix ?? entry.remediation}`,
    remediation: entry.remediation,
    source: `${entry.source.document} — ${entry.source.section}`,
  };
}

/** A site declaring a pack nobody loaded cannot be checked against it: say so. */
function undeclaredPacks(model: NetworkModel, byId: ReadonlyMap<string, Pack>): Finding[] {
  return model.sites.flatMap((site) =>
    (site.packs as string[])
      .filter((id) => !byId.has(id))
      .map((id): Finding => ({
        rule: 'pack-known',
        requirement: 'PACK-UNKNOWN',
        severity: UNKNOWN_SEVERITY,
        kind: 'unknown',
        pack: 'clinicnet',
        site: site.name,
        path: site.path,
        message: `[PACK-UNKNOWN] site declares a pack that is not loaded — got "${id}", expected one of ${[...byId.keys()].sort().join(', ')}; fix: correct the pack id or load the pack`,
        remediation: 'Correct the pack id or load the pack.',
        source: 'clinicnet policy packs',
      })),
  );
}

/** Two entries may reach the same conclusion through the same rule (e.g. an estate rule per pack). */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.requirement, f.rule, f.site, f.path, f.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
