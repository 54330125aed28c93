// SPDX-License-Identifier: Apache-2.0
/**
 * Suppression governance: a suppression is friction-free only within limits. It may not run
 * longer than a horizon, may not silence an error requirement rule-wide or estate-wide, and
 * may not touch a requirement its pack marks `suppressible: false`. A suppression that breaks
 * one of these silences nothing and is itself an error finding.
 */
import type { Suppression } from '../model/suppression';
import type { Finding } from './finding';
import type { Pack, PackEntry } from './pack';

/** Default horizon: one year from the run date. */
export const DEFAULT_MAX_SUPPRESSION_DAYS = 365;

/** The limits one run applies. */
export interface Governance {
  /** Latest allowed `expires` (YYYY-MM-DD). */
  readonly latestExpiry: string;
  /** The horizon in days, for messages. */
  readonly maxDays: number;
  /** Requirement ids and rule slugs of error-severity pack entries. */
  readonly errorIds: ReadonlySet<string>;
  /** Requirement ids (and their rule slugs) that may not be suppressed. */
  readonly unsuppressible: ReadonlySet<string>;
}

/** Governance refusal ids, as the clinicnet pack lists them (lib/policy/builtin.ts). */
export type Refusal = 'SUPPRESSION-TOO-LONG' | 'SUPPRESSION-TOO-BROAD' | 'SUPPRESSION-NOT-ALLOWED';

/**
 * The limits for a run on `today` with the given packs.
 * @throws Error when `maxDays` is not a whole number of days ≥ 1 (API misuse; the CLI validates first)
 */
export function governanceFor(
  packs: readonly Pack[],
  today: string,
  maxDays: number = DEFAULT_MAX_SUPPRESSION_DAYS,
): Governance {
  if (!Number.isInteger(maxDays) || maxDays < 1)
    throw new Error(`maxSuppressionDays must be a whole number ≥ 1, got ${maxDays}`);
  const errorIds = new Set<string>();
  const unsuppressible = new Set<string>();
  for (const entry of packs.flatMap((p) => p.requirements)) {
    if (entry.severity === 'error') addIds(errorIds, entry);
    if (!isSuppressible(entry)) addIds(unsuppressible, entry);
  }
  return { latestExpiry: addDays(today, maxDays), maxDays, errorIds, unsuppressible };
}

/** `entry.suppressible`, default true (the packs' schema carries the field). */
export function isSuppressible(entry: PackEntry): boolean {
  return entry.suppressible !== false;
}

function addIds(set: Set<string>, entry: PackEntry): void {
  set.add(entry.requirement);
  // A rule slug also names every requirement the rule checks.
  if (entry.rule !== undefined) set.add(entry.rule);
}

/** `date` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const time = new Date(`${date}T00:00:00Z`).getTime() + days * 86_400_000;
  return new Date(time).toISOString().slice(0, 10);
}

/** True when the suppression names neither a site nor a path: it covers the whole estate. */
export function isUnscoped(s: Suppression): boolean {
  return (s.site === undefined || s.site === '*') && (s.path === undefined || s.path === '');
}

/**
 * Why the suppression may not apply, judged from its own fields and from the findings it
 * would silence (`matches`); undefined when it may.
 */
export function refusalOf(s: Suppression, matches: readonly Finding[], g: Governance): Refusal | undefined {
  if (s.expires > g.latestExpiry) return 'SUPPRESSION-TOO-LONG';
  if (g.unsuppressible.has(s.id) || matches.some((f) => g.unsuppressible.has(f.requirement)))
    return 'SUPPRESSION-NOT-ALLOWED';
  if (isUnscoped(s) && (g.errorIds.has(s.id) || matches.some((f) => f.severity === 'error')))
    return 'SUPPRESSION-TOO-BROAD';
  // A path that is a prefix of every site's (`estate`) names a path in name only.
  if (new Set(matches.filter((f) => f.severity === 'error').map((f) => f.site)).size > 1)
    return 'SUPPRESSION-TOO-BROAD';
  return undefined;
}

/** Problem, got, expected and fix of a refusal, for its finding. */
export function refusalText(
  refusal: Refusal,
  s: Suppression,
  g: Governance,
): { problem: string; got: string; expected: string; fix: string } {
  switch (refusal) {
    case 'SUPPRESSION-TOO-LONG':
      return {
        problem: `suppression of ${s.id} expires too far ahead`,
        got: `expires ${s.expires}`,
        expected: `an expiry on or before ${g.latestExpiry} (${g.maxDays} days from today)`,
        fix: 'choose an earlier date and review the suppression then',
      };
    case 'SUPPRESSION-NOT-ALLOWED':
      return {
        problem: `${s.id} may not be suppressed`,
        got: `a suppression of ${s.id}`,
        expected: 'no suppression: its pack marks the requirement not suppressible',
        fix: 'fix the finding and remove the suppression',
      };
    case 'SUPPRESSION-TOO-BROAD':
      return {
        problem: `suppression of error requirement ${s.id} covers more than one site`,
        got: `id ${s.id}${s.site !== undefined ? `, site ${s.site}` : ''}${s.path !== undefined ? `, path ${s.path}` : ''}`,
        expected: 'a site or a path that limits it',
        fix: 'add the site (and path) the exception is for',
      };
  }
}
