// SPDX-License-Identifier: Apache-2.0
/**
 * The `clinicnet` pack: findings clinicnet raises itself rather than a vendor's requirement —
 * input it could not read, packs it does not have, suppressions and their governance. They
 * are listed here once, so docs/RULES.md documents exactly what the pipeline emits.
 */
import type { InputProblem } from '../model/problem';
import type { Finding, Severity } from './finding';
import { problemSeverity } from './unknowns';

/** Pack id of the built-in findings. */
export const BUILTIN_PACK = 'clinicnet';

/** Rule slug of the findings that stand for input the reader could not fully read. */
export const READER_RULE = 'terraform-reader';
/** Requirement id of those findings (suppressible like any other). */
export const UNREADABLE_REQUIREMENT = 'CLINICNET-UNREADABLE';

/** One built-in requirement, as docs/RULES.md lists it. */
export interface BuiltinRequirement {
  readonly id: string;
  readonly rule: string;
  /** Severity, or how it is decided. */
  readonly severity: string;
  readonly meaning: string;
}

/** Every finding clinicnet raises on its own, in the order docs/RULES.md lists them. */
export const BUILTIN_REQUIREMENTS: readonly BuiltinRequirement[] = [
  {
    id: UNREADABLE_REQUIREMENT,
    rule: READER_RULE,
    severity: 'error or warning (lib/policy/unknowns.ts)',
    meaning: 'A resource could not be fully read; error when the unknown value could widen exposure, else warning.',
  },
  {
    id: 'PACK-UNKNOWN',
    rule: 'pack-known',
    severity: 'warning',
    meaning: 'A site declares a pack that is not loaded.',
  },
  {
    id: 'SUPPRESSION-EXPIRED',
    rule: 'suppression',
    severity: 'error',
    meaning: 'A suppression is past its `expires` date; it silences nothing.',
  },
  { id: 'SUPPRESSION-UNUSED', rule: 'suppression', severity: 'warning', meaning: 'A suppression matches no finding.' },
  {
    id: 'SUPPRESSION-TOO-LONG',
    rule: 'suppression-governance',
    severity: 'error',
    meaning:
      'A suppression expires beyond the allowed horizon (one year from the run date unless `--max-suppression-days` says otherwise); it silences nothing.',
  },
  {
    id: 'SUPPRESSION-TOO-BROAD',
    rule: 'suppression-governance',
    severity: 'error',
    meaning:
      'A suppression of an error-severity requirement names neither a site nor a path (rule-wide or estate-wide), or its path silences errors at more than one site; it silences nothing.',
  },
  {
    id: 'SUPPRESSION-NOT-ALLOWED',
    rule: 'suppression-governance',
    severity: 'error',
    meaning: 'A suppression targets a requirement its pack marks `suppressible: false`; it silences nothing.',
  },
];

/** A reader problem as a finding, so nothing unreadable passes silently. */
export function problemFinding(problem: InputProblem): Finding {
  return {
    rule: READER_RULE,
    requirement: UNREADABLE_REQUIREMENT,
    severity: problemSeverity(problem),
    kind: 'unknown',
    pack: BUILTIN_PACK,
    // A resource that belongs to no site is an estate-wide problem.
    site: problem.site === '' ? '*' : problem.site,
    path: problem.address,
    message:
      `[${UNREADABLE_REQUIREMENT}] ${problem.resourceType} could not be fully read — got ${problem.message}, ` +
      'expected every value the checks need; fix: make the value known before apply, or check the synthesized JSON instead',
    remediation:
      'Give the value a literal or a reference clinicnet can resolve; until then the requirements that depend on it are unproven.',
    source: 'clinicnet terraform reader',
  };
}

/** A site declaring a pack nobody loaded cannot be checked against it: say so. */
export function unknownPackFinding(site: { name: string; path: string }, id: string, known: string): Finding {
  const severity: Severity = 'warning';
  return {
    rule: 'pack-known',
    requirement: 'PACK-UNKNOWN',
    severity,
    kind: 'unknown',
    pack: BUILTIN_PACK,
    site: site.name,
    path: site.path,
    message: `[PACK-UNKNOWN] site declares a pack that is not loaded — got "${id}", expected one of ${known}; fix: correct the pack id or load the pack`,
    remediation: 'Correct the pack id or load the pack.',
    source: 'clinicnet policy packs',
  };
}
