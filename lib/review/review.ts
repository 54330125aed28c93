// SPDX-License-Identifier: Apache-2.0
/**
 * A review of one change (base → head): the model diff, the findings diff, a verdict and
 * the few lines a reviewer must read first. Markdown and JSON both render this object.
 */
import type { NetworkModel } from '../model/types';
import type { Evaluation, SuppressionStatus } from '../policy/evaluation';
import { SEVERITY_ORDER, type Finding, type Severity } from '../policy/finding';
import { sortSuppressions } from '../policy/order';
import { compareChanges, diffModels, type Change, type DiffOptions, type SiteDiff } from './diff';
import { diffFindings, type FindingsDiff } from './findings';
import { diffSuppressions, type SuppressionChange } from './suppressions';
import { diffGovernance, type GovernanceChange } from './governance';
import { diffReachability, type ReachabilityDiff } from './reachability';
import type { Pack } from '../policy/pack';
import { renderMermaid, siteGraph, type GraphPath } from '../dataplane/graph';
import type { NetworkModel as Model } from '../model/types';
import { builtinPacks } from '../policy/pack';

/** Highlighted security-relevant changes; the rest are in the per-site tables. */
const MAX_CHANGE_HIGHLIGHTS = 8;
/** Highlighted new findings; the rest are in the findings table. */
const MAX_FINDING_HIGHLIGHTS = 5;

/** Numbers behind the verdict. */
export interface ReviewCounts {
  readonly sitesAdded: number;
  readonly sitesRemoved: number;
  readonly sitesChanged: number;
  readonly changes: number;
  readonly securityRelevant: number;
  readonly newFindings: number;
  readonly fixedFindings: number;
  readonly unchangedFindings: number;
  /** Head findings at or above the fail-on severity: the review fails when there is one, as `check` does. */
  readonly blocking: number;
  /** Suppressions the change adds or changes. */
  readonly suppressionChanges: number;
  /** Questions whose answer lets more through on head (new internet exposure, wider egress, a dropped Deny). */
  readonly broadening: number;
  /** Questions whose answer lets less through on head. */
  readonly narrowing: number;
  /** Vendor obligations reachable on base and not on head: each fails the review. */
  readonly brokenObligations: number;
  /** Packs removed or added, TLS-inspection and proxy changes. */
  readonly governanceChanges: number;
}

/** Everything a review says; {@link renderReviewMarkdown} and {@link renderReviewJson} render it. */
export interface Review {
  /** One line: blocked, needs review, or fine, and why. */
  readonly verdict: string;
  /** The most important changes and new findings, one line each, most important first. */
  readonly highlights: string[];
  /** False when the change touches no site, no reachability answer, no suppression and no pack: CI may skip the comment. */
  readonly networkChanged: boolean;
  /** Whether any broadening fails the review (`--fail-on-broadening`). */
  readonly failOnBroadening: boolean;
  /** Whether a broken vendor obligation fails the review (always, unless `--fail-on never`). */
  readonly failOnBrokenObligations: boolean;
  /** Suppressions head adds or changes, every one (never folded or cut): they silence findings. */
  readonly suppressionChanges: SuppressionChange[];
  /** Packs removed or added, TLS-inspection and proxy changes, every one (never folded or cut). */
  readonly governance: GovernanceChange[];
  /** What traffic the change lets through or stops, asked of the data plane on both sides. */
  readonly reachability: ReachabilityDiff;
  /** A Mermaid flowchart per changed site with a data plane (head's, base's when removed), added and blocked paths marked. */
  readonly pictures: SitePicture[];
  readonly counts: ReviewCounts;
  /** Every site of base or head, by name (unchanged ones with no changes). */
  readonly sites: SiteDiff[];
  readonly findings: FindingsDiff;
  /** Head's suppressions, applied or not (every report lists them). */
  readonly suppressions: SuppressionStatus[];
}

/** One changed site's picture. */
export interface SitePicture {
  readonly site: string;
  /** Mermaid flowchart source (no fence); labels escaped, node ids generated. */
  readonly mermaid: string;
}

/** Changed sites drawn; the rest are named in the JSON's reachability changes and the site tables. */
const MAX_PICTURES = 10;

/** The changed sites' pictures, with the paths the change added or blocked. */
function picturesOf(base: Model, head: Model, changed: ReadonlySet<string>, reach: ReachabilityDiff): SitePicture[] {
  const out: SitePicture[] = [];
  for (const name of [...changed].sort()) {
    const site = head.sites.find((s) => s.name === name) ?? base.sites.find((s) => s.name === name);
    if (site?.dataplane === undefined || out.length >= MAX_PICTURES) continue;
    const paths: GraphPath[] = reach.changes
      .filter((c) => c.site === name && c.direction !== 'path')
      .map((c) => ({
        from: c.from,
        to: c.to,
        label: c.ports,
        state: c.after === 'allowed' ? 'added' : c.before === 'allowed' ? 'blocked' : 'reachable',
      }));
    out.push({ site: name, mermaid: renderMermaid(siteGraph(site, { paths })) });
  }
  return out;
}

/** The two sides of a review. */
export interface ReviewInput extends DiffOptions {
  readonly base: NetworkModel;
  readonly head: NetworkModel;
  readonly baseEvaluation: Evaluation;
  readonly headEvaluation: Evaluation;
  /** Lowest severity of a head finding that blocks the change, as `check --fail-on`. @default 'error' */
  readonly failOn?: Severity | 'never';
  /** Packs the sites' declared pack ids are looked up in (obligations). @default the built-in packs */
  readonly packs?: readonly Pack[];
  /** Pack ids asked of every site besides those it declares (`--packs`). @default none */
  readonly extraPacks?: readonly string[];
  /** Any broadening fails the review (exit 1), with or without an error finding. @default false */
  readonly failOnBroadening?: boolean;
}

/** Compares base and head and decides the verdict. */
export function buildReview(input: ReviewInput): Review {
  const sites = diffModels(input.base, input.head, input).sites;
  const findings = diffFindings(input.baseEvaluation.findings, input.headEvaluation.findings);
  const changes = sites.flatMap((s) => s.changes);
  const concerns = changes.filter((c) => c.concern !== undefined).sort(compareChanges);
  const suppressionChanges = diffSuppressions(input.baseEvaluation.suppressions, input.headEvaluation.suppressions);
  const reachability = diffReachability(input.base, input.head, input.packs ?? builtinPacks(), input.extraPacks);
  const governance = diffGovernance(input.base, input.head, sites);
  const counts: ReviewCounts = {
    sitesAdded: sites.filter((s) => s.status === 'added').length,
    sitesRemoved: sites.filter((s) => s.status === 'removed').length,
    sitesChanged: sites.filter((s) => s.status === 'changed').length,
    changes: changes.length,
    securityRelevant: concerns.length,
    newFindings: findings.new.length,
    fixedFindings: findings.fixed.length,
    unchangedFindings: findings.unchanged.length,
    blocking: blockingCount(input.headEvaluation.findings, input.failOn ?? 'error'),
    suppressionChanges: suppressionChanges.length,
    broadening: reachability.broadening,
    narrowing: reachability.narrowing,
    brokenObligations: reachability.broken,
    governanceChanges: governance.length,
  };
  const failOnBroadening = input.failOnBroadening ?? false;
  return {
    verdict: verdictOf(counts, input.failOn ?? 'error', failOnBroadening),
    highlights: [...changeHighlights(concerns), ...findingHighlights(findings.new)],
    networkChanged:
      counts.sitesAdded +
        counts.sitesRemoved +
        counts.sitesChanged +
        reachability.changes.length +
        suppressionChanges.length +
        governance.length >
      0,
    failOnBroadening,
    failOnBrokenObligations: input.failOn !== 'never',
    suppressionChanges,
    governance,
    reachability,
    pictures: picturesOf(
      input.base,
      input.head,
      new Set([
        ...sites.filter((x) => x.status !== 'unchanged').map((x) => x.site),
        ...reachability.changes.map((c) => c.site),
      ]),
      reachability,
    ),
    counts,
    sites,
    findings,
    suppressions: sortSuppressions(input.headEvaluation.suppressions),
  };
}

/**
 * Exit code as `check` gives it: 1 when a head finding is at or above the fail-on severity, when a
 * vendor obligation reachable on base is not on head, or (with `--fail-on-broadening`) on any broadening; else 0.
 */
export function reviewExitCode(review: Review): number {
  const c = review.counts;
  const broken = review.failOnBrokenObligations && c.brokenObligations > 0;
  return c.blocking > 0 || broken || (review.failOnBroadening && c.broadening > 0) ? 1 : 0;
}

function blockingCount(findings: readonly Finding[], failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  return findings.filter((f) => SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[failOn]).length;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function verdictOf(c: ReviewCounts, failOn: Severity | 'never', failOnBroadening: boolean): string {
  const touched = c.sitesAdded + c.sitesRemoved + c.sitesChanged;
  const scope = `${plural(c.changes, 'change')} across ${plural(touched, 'site')}, ${c.securityRelevant} security-relevant`;
  const findings = `${c.newFindings} new, ${c.fixedFindings} fixed finding${c.fixedFindings === 1 ? '' : 's'}`;
  // A suppression hides findings: the verdict names every one the change adds or changes.
  const suppressions =
    c.suppressionChanges > 0 ? `; ${plural(c.suppressionChanges, 'suppression')} added or changed` : '';
  const level = failOn === 'error' ? 'error' : failOn === 'never' ? 'blocking' : `${failOn}-or-worse`;
  const reach = `${c.broadening} broadening, ${c.narrowing} narrowing`;
  const governance = c.governanceChanges > 0 ? `; ${plural(c.governanceChanges, 'governance change')}` : '';
  const tail = `${scope}; ${reach}; ${findings}${suppressions}${governance}.`;
  if (c.blocking > 0) return `❌ Blocked: head has ${plural(c.blocking, `${level} finding`)}; ${tail}`;
  if (c.brokenObligations > 0 && failOn !== 'never')
    return `❌ Blocked: ${plural(c.brokenObligations, 'vendor flow')} reachable on base ${c.brokenObligations === 1 ? 'is' : 'are'} not on head; ${tail}`;
  if (failOnBroadening && c.broadening > 0)
    return `❌ Blocked: ${c.broadening} broadening (--fail-on-broadening); ${tail}`;
  if (c.securityRelevant > 0 || c.suppressionChanges > 0 || c.broadening > 0 || c.governanceChanges > 0)
    return `⚠️ Needs review: no ${level} findings on head; ${tail}`;
  return `✅ No ${level} findings on head; ${tail}`;
}

function changeHighlights(concerns: readonly Change[]): string[] {
  const lines = concerns.slice(0, MAX_CHANGE_HIGHLIGHTS).map((c) => `${c.summary} on ${c.site}`);
  const more = concerns.length - MAX_CHANGE_HIGHLIGHTS;
  return more > 0
    ? [...lines, `… and ${plural(more, 'more security-relevant change')} in the site tables below`]
    : lines;
}

function findingHighlights(added: readonly Finding[]): string[] {
  // Errors first, then warnings; info findings are in the table only.
  const notable = added
    .filter((f) => f.severity !== 'info')
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const lines = notable
    .slice(0, MAX_FINDING_HIGHLIGHTS)
    .map((f) => `new ${f.severity} finding ${f.requirement} on ${f.site}: ${f.message}`);
  const more = notable.length - MAX_FINDING_HIGHLIGHTS;
  return more > 0 ? [...lines, `… and ${plural(more, 'more new finding')} below`] : lines;
}
