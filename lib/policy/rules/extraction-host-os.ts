// SPDX-License-Identifier: Apache-2.0
import type { Rule } from '../rule';
import { violation } from '../rule';

/** How the vendor treats one operating system family. */
export interface OsVerdict {
  /** Case-insensitive regular expression over the declared OS name. */
  readonly pattern: string;
  readonly verdict: 'unsupported' | 'needs-update' | 'supported';
  /** What must be installed, for `needs-update`. @default nothing */
  readonly update?: string;
}

export interface ExtractionHostOsParams {
  /** Checked in order; the first match decides. */
  readonly systems: OsVerdict[];
}

/** The declared extraction host OS is supported; one that needs an update gets an info reminder. */
export const extractionHostOs: Rule<ExtractionHostOsParams> = {
  slug: 'extraction-host-os',
  scope: 'site',
  description: 'The declared operating system of the extraction host supports TLS 1.2 (with the named update where needed).',
  check: ({ site, params }) => {
    const os = site?.vendor.lumos?.extractionHostOs;
    if (site === undefined || os === undefined) return [];
    const match = params.systems.find((s) => patternOf(s.pattern).test(os));
    if (match === undefined || match.verdict === 'supported') return [];
    if (match.verdict === 'unsupported') {
      return [violation(site.path, 'extraction host OS cannot do TLS 1.2', os, 'Windows 8 / Server 2012 or later', { fix: 'move the extraction to a supported Windows version' })];
    }
    return [violation(site.path, `extraction host OS needs ${match.update} for TLS 1.2`, os, `${os} with ${match.update} installed`, { fix: `install ${match.update} and enable TLS 1.2 in SChannel`, severity: 'info' })];
  },
};

// Every lumos site is checked against the same few patterns: compile each once (bounded).
const PATTERN_CACHE_LIMIT = 1_000;
const patterns = new Map<string, RegExp>();

/** The pattern as a case-insensitive expression (neither global nor sticky, so `test` keeps no state). */
function patternOf(pattern: string): RegExp {
  let compiled = patterns.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(pattern, 'i');
    if (patterns.size >= PATTERN_CACHE_LIMIT) patterns.clear();
    patterns.set(pattern, compiled);
  }
  return compiled;
}
