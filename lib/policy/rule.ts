// SPDX-License-Identifier: Apache-2.0
/**
 * The contract between the engine and the rules. A rule is a pure function over the
 * network model; it knows nothing of packs, requirement ids or severities — the engine
 * supplies those from the pack entry that applies it. A rule declares its parameters'
 * JSON schema beside their type (`JSONSchemaType<P>` makes the compiler hold the two
 * together); policies/schema.json is generated from those declarations.
 */
import type { JSONSchemaType } from 'ajv';
import type { NetworkModel, Site } from '../model/types';
import type { FindingKind, Severity } from './finding';
import type { RuleAction } from './unknowns';
import type { RuleMemo } from './rule-memo';

export { RuleMemo, memoSlot, type MemoSlot } from './rule-memo';

/** What the engine passes to a rule: the whole estate, the site under check (site rules) and its parameters. */
export interface RuleContext<P> {
  readonly model: NetworkModel;
  /** The site being checked. @default absent for estate-wide rules */
  readonly site?: Site;
  readonly params: P;
  /**
   * The sites the pack entry covers in this evaluation (the pack applies to them, and the entry's
   * `when`). Estate rules that concern only the pack's sites read these, never the pack ids.
   */
  readonly sites: readonly Site[];
  /**
   * Work shared between rule runs of one evaluation (parsed port lists, address plans);
   * the engine makes a new one per evaluation, so nothing outlives it or leaks between models.
   */
  readonly memo: RuleMemo;
}

/** What a site rule sees: the site is always there. */
export interface SiteRuleContext<P> extends RuleContext<P> {
  readonly site: Site;
}

/** One problem a rule found; the engine turns it into a Finding with the pack's metadata. */
export interface RuleResult {
  readonly kind: FindingKind;
  /** Construct path or Terraform address of the offending element. */
  readonly path: string;
  /** Site the result belongs to. @default the site under check, or `*` for estate rules */
  readonly site?: string;
  /** What is wrong, in a few words. */
  readonly problem: string;
  readonly got: string;
  readonly expected: string;
  /** A fix specific to this result. @default the pack entry's remediation */
  readonly fix?: string;
  /** Overrides the entry's severity for a lesser variant of the same requirement. @default the entry's severity */
  readonly severity?: Severity;
  /**
   * For an unknown: the model field whose value is unknown (`EgressFlow.ports`), which decides
   * its severity (lib/policy/unknowns.ts). @default unnamed: warning
   */
  readonly field?: string;
  /** For an unknown in a firewall or NSG rule: that rule's action. @default not a rule */
  readonly action?: RuleAction;
  /** Name of the firewall or NSG rule the result is about. @default none: the element at `path` */
  readonly ruleName?: string;
  /** Terraform address of the element, when `path` is a construct path. @default `path` */
  readonly address?: string;
}

/** `site` rules run once per site the entry applies to; `estate` rules once per evaluation. */
export type RuleScope = 'site' | 'estate';

/** The JSON schema of a rule's parameters, typed by them. */
export type ParamsSchema<P> = JSONSchemaType<P>;

/** A rule: its slug, scope, a one-line description of the compliant condition, its parameters' schema, and the check. */
export interface Rule<P = unknown> {
  readonly slug: string;
  readonly scope: RuleScope;
  /** One sentence: what a compliant model looks like. */
  readonly description: string;
  /**
   * JSON schema of the `params` a pack entry gives this rule, copied into policies/schema.json.
   * Typed by `P` where the rule is declared ({@link siteRule}, {@link estateRule}); plain data here,
   * so rules of different parameters share one registry.
   */
  readonly params: Readonly<Record<string, unknown>>;
  readonly check: (ctx: RuleContext<P>) => RuleResult[];
}

/** What {@link siteRule} and {@link estateRule} take. */
interface RuleSpec<P, C> {
  readonly slug: string;
  readonly description: string;
  readonly params: ParamsSchema<P>;
  readonly check: (ctx: C) => RuleResult[];
}

/** A rule run once per site; its check never sees a missing site. */
export function siteRule<P>(spec: RuleSpec<P, SiteRuleContext<P>>): Rule<P> {
  return {
    slug: spec.slug,
    scope: 'site',
    description: spec.description,
    params: spec.params,
    // The engine always passes the site to site rules; a call without one has nothing to check.
    // The context is passed on as it is (no copy): rules read one shape of object.
    check: (ctx) => (hasSite(ctx) ? spec.check(ctx) : []),
  };
}

const hasSite = <P>(ctx: RuleContext<P>): ctx is SiteRuleContext<P> => ctx.site !== undefined;

/** A rule run once per evaluation over the whole estate. */
export function estateRule<P>(spec: RuleSpec<P, RuleContext<P>>): Rule<P> {
  return { slug: spec.slug, scope: 'estate', description: spec.description, params: spec.params, check: spec.check };
}

/** Parameters of a rule that takes none. */
export type NoParams = Record<string, never>;

/** The schema of {@link NoParams}. */
export const NO_PARAMS = {
  description: 'This rule takes no parameters.',
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
} as unknown as ParamsSchema<NoParams>;

/** A violation result. */
export function violation(
  path: string,
  problem: string,
  got: string,
  expected: string,
  extra: Partial<RuleResult> = {},
): RuleResult {
  return { kind: 'violation', path, problem, got, expected, ...extra };
}

/** An unknown result: `what` could not be evaluated because of `reason`. */
export function cannotEvaluate(
  path: string,
  what: string,
  reason: string,
  expected: string,
  extra: Partial<RuleResult> = {},
): RuleResult {
  return {
    kind: 'unknown',
    path,
    problem: `${what} could not be evaluated`,
    got: `unknown (${reason})`,
    expected,
    ...extra,
  };
}
