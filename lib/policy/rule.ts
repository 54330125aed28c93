// SPDX-License-Identifier: Apache-2.0
/**
 * The contract between the engine and the rules. A rule is a pure function over the
 * network model; it knows nothing of packs, requirement ids or severities — the engine
 * supplies those from the pack entry that applies it.
 */
import type { NetworkModel, Site } from '../model/types';
import type { FindingKind, Severity } from './finding';
import type { RuleAction } from './unknowns';

/** What a rule sees: the whole estate, the site under check (site rules) and its parameters. */
export interface RuleContext<P> {
  readonly model: NetworkModel;
  /** The site being checked. @default absent for estate-wide rules */
  readonly site?: Site;
  readonly params: P;
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

/** A rule: its slug, scope, a one-line description of the compliant condition, and the check. */
export interface Rule<P = unknown> {
  readonly slug: string;
  readonly scope: RuleScope;
  /** One sentence: what a compliant model looks like. */
  readonly description: string;
  readonly check: (ctx: RuleContext<P>) => RuleResult[];
}

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
