// SPDX-License-Identifier: Apache-2.0
/** What a report may know besides the evaluation: requirement metadata, the checks run, files. */
import type { SourceLocation } from '../core/source-location';
import type { Finding, Severity } from '../policy/finding';

/** One requirement as a pack applies it, for rule descriptors and help text. */
export interface RequirementInfo {
  /** Catalog id (`LUMOS-BY-HOSTNAME`). */
  readonly id: string;
  /** Rule slug that checks it (`egress-by-hostname`). */
  readonly rule: string;
  readonly pack: string;
  /** One line: what it wants. */
  readonly title: string;
  /** What it checks, in a sentence or two. */
  readonly description: string;
  readonly severity: Severity;
  /** Vendor document and section. */
  readonly citation: string;
  readonly remediation: string;
}

/** One requirement checked at one site (`*` for estate-wide checks). */
export interface CheckedRequirement {
  readonly site: string;
  readonly requirement: string;
}

/** Optional facts that make reports richer; every report works without them. */
export interface ReportContext {
  /** Metadata of the requirements the packs apply. @default derived from the findings */
  readonly requirements?: readonly RequirementInfo[];
  /** Every (site, requirement) evaluated, so passing checks can be listed. @default only those with findings */
  readonly checks?: readonly CheckedRequirement[];
  /** The input file a finding comes from, when known. @default no file */
  readonly fileOf?: (finding: Finding) => string | undefined;
  /**
   * Where the user declared what a finding is about — the `.ts` line that created the construct,
   * or the `.tf` line of the resource block — so code-scanning formats place it on that line
   * (ahead of `fileOf`, which names the generated input file). @default unknown: `fileOf` alone
   */
  readonly locationOf?: (finding: Finding) => SourceLocation | undefined;
  /** Findings left out because a baseline report already had them. @default 0 */
  readonly hiddenByBaseline?: number;
  /**
   * Lowest severity that fails the run (`clinicnet check --fail-on`), so formats with a verdict
   * (JUnit) agree with the exit code; `never` fails nothing. @default `warning`: info never fails
   */
  readonly failOn?: Severity | 'never';
}

/** Requirement metadata for every requirement in `context` or in `findings`, sorted by id. */
export function requirementsOf(findings: readonly Finding[], context: ReportContext = {}): RequirementInfo[] {
  const byId = new Map<string, RequirementInfo>();
  for (const info of context.requirements ?? []) if (!byId.has(info.id)) byId.set(info.id, info);
  for (const f of findings) {
    if (byId.has(f.requirement)) continue;
    // No registry entry (reader problems, or a caller without packs): the finding describes itself.
    byId.set(f.requirement, {
      id: f.requirement,
      rule: f.rule,
      pack: f.pack,
      title: `${f.requirement} (${f.rule})`,
      description: f.remediation,
      severity: f.severity,
      citation: f.source,
      remediation: f.remediation,
    });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
