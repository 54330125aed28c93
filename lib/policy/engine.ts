// SPDX-License-Identifier: Apache-2.0
/**
 * The policy engine: applies each pack's entries to the sites they cover and turns rule
 * results into findings with the pack's metadata. Suppressions, baseline and order are the
 * pipeline's (lib/policy/pipeline.ts), the one entry every command calls.
 */
import { defineError } from '../core/errors';
import type { NetworkModel, Site } from '../model/types';
import { unknownPackFinding } from './builtin';
import type { Evaluation } from './evaluation';
import type { Finding, Severity } from './finding';
import type { Pack, PackEntry } from './pack';
import { entryApplies } from './applies';
import { builtinPacks, unknownPack } from './pack';
import { ruleBySlug } from './registry';
import { type PolicyOptions, runPolicy } from './pipeline';
import type { Rule, RuleContext, RuleResult } from './rule';
import { RuleMemo } from './rule-memo';
import { unknownSeverity } from './unknowns';
import { appendAll } from '../core/append';

/** Which rules to run: which packs, and which apply everywhere. */
export interface RuleOptions {
  /** @default the built-in packs of `policies/` */
  readonly packs?: readonly Pack[];
  /** Pack ids applied to every site in addition to its own (a CLI `--packs`). @default none */
  readonly extraPacks?: readonly string[];
}

/** How {@link evaluate} evaluates: as {@link runPolicy}. */
export type EvaluateOptions = PolicyOptions;

const unknownRule = defineError({
  code: 'POLICY-UNKNOWN-RULE',
  title: 'A pack entry names a rule slug the registry does not have.',
  message: (pack: string, requirement: string, slug: string) =>
    `unknown rule in pack ${pack} — got rule "${slug}" for ${requirement}, expected a slug from lib/policy/registry.ts; fix: correct the slug`,
  example: ['lumos', 'LUMOS-TLS12', 'tls-minimun'],
});

/**
 * Evaluates the model with no reader problems and no baseline.
 * @deprecated call {@link runPolicy}; kept until the synth gate calls it
 */
export function evaluate(model: NetworkModel, options: EvaluateOptions = {}): Evaluation {
  return runPolicy(model, [], options);
}

/**
 * Runs every applicable rule over the model; rules that throw become unknown findings. The
 * findings are unsorted, unsuppressed and de-duplicated.
 */
export function runRules(model: NetworkModel, options: RuleOptions = {}): Finding[] {
  const packs = options.packs ?? builtinPacks();
  const byId = new Map(packs.map((p) => [p.id, p]));
  const extraPacks = options.extraPacks ?? [];
  for (const id of extraPacks) {
    if (!byId.has(id)) throw unknownPack(id, [...byId.keys()].sort().join(', '));
  }
  const findings: Finding[] = [];
  const memo = new RuleMemo();
  for (const pack of packs) {
    const sites = model.sites.filter((site) => packApplies(pack, site, extraPacks));
    for (const entry of pack.requirements) {
      if (entry.rule === undefined) continue;
      const rule = ruleBySlug(entry.rule);
      if (rule === undefined) throw unknownRule(pack.id, entry.requirement, entry.rule);
      // Most entries cover every site of their pack: no filtered copy for those.
      const covered = entry.when?.custoRoles === undefined ? sites : sites.filter((site) => entryApplies(entry, site));
      const params = entry.params ?? {};
      if (rule.scope === 'estate') {
        if (covered.length > 0) run(findings, rule, entry, pack, contextOf(model, undefined, params, covered, memo));
      } else {
        for (const site of covered) run(findings, rule, entry, pack, contextOf(model, site, params, covered, memo));
      }
    }
  }
  appendAll(findings, undeclaredPacks(model, byId));
  return dedupe(findings);
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
  return pack.appliesTo === 'every-site' || site.packs.includes(pack.id) || extra.includes(pack.id);
}

/**
 * A rule's context, always built by this one literal: every rule run sees objects of one shape,
 * so the rules' reads of it stay monomorphic (a spread per run made them megamorphic).
 */
function contextOf(
  model: NetworkModel,
  site: Site | undefined,
  params: unknown,
  sites: readonly Site[],
  memo: RuleMemo,
): RuleContext<unknown> {
  return { model, site, params, sites, memo };
}

/** Runs the rule for the entry (at the context's site) and appends its findings: most runs find nothing. */
function run(findings: Finding[], rule: Rule<unknown>, entry: PackEntry, pack: Pack, ctx: RuleContext<unknown>): void {
  const site = ctx.site;
  let results: RuleResult[];
  try {
    results = rule.check(ctx);
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

/**
 * The severity of a rule result: a violation's own or its entry's; an unknown is as loud as
 * what it could hide (lib/policy/unknowns.ts), whatever its requirement's severity.
 */
export function resultSeverity(r: RuleResult, entrySeverity: Severity): Severity {
  return r.kind === 'unknown' ? unknownSeverity(r.field, r.action) : (r.severity ?? entrySeverity);
}

function toFinding(r: RuleResult, rule: Rule<unknown>, entry: PackEntry, pack: Pack, site: Site | undefined): Finding {
  return {
    rule: rule.slug,
    requirement: entry.requirement,
    severity: resultSeverity(r, entry.severity),
    kind: r.kind,
    pack: pack.id,
    site: r.site ?? site?.name ?? '*',
    path: r.path,
    message: `[${entry.requirement}] ${r.problem} — got ${r.got}, expected ${r.expected}; fix: ${r.fix ?? entry.remediation}`,
    remediation: entry.remediation,
    source: `${entry.source.document} — ${entry.source.section}`,
    ...(r.ruleName !== undefined ? { ruleName: r.ruleName } : {}),
    ...(r.address !== undefined ? { address: r.address } : {}),
  };
}

/** A site declaring a pack nobody loaded cannot be checked against it: say so. */
function undeclaredPacks(model: NetworkModel, byId: ReadonlyMap<string, Pack>): Finding[] {
  const known = [...byId.keys()].sort().join(', ');
  return model.sites.flatMap((site) =>
    site.packs.filter((id) => !byId.has(id)).map((id) => unknownPackFinding(site, id, known)),
  );
}

/** Two entries may reach the same conclusion through the same rule (e.g. an estate rule per pack). */
function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = [f.requirement, f.rule, f.site, f.path, f.ruleName ?? '', f.message].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
