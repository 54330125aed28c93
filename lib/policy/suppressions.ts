// SPDX-License-Identifier: Apache-2.0
/**
 * Suppressions: parsing (from a file or a construct) and matching against findings.
 * An expired suppression silences nothing and is itself an error, as is one that breaks
 * governance (lib/policy/governance.ts); one that matches nothing is a warning, so stale
 * suppressions do not pile up unseen.
 */
import { defineError } from '../core/errors';
import type { Finding } from './finding';
import type { SuppressedFinding, Suppression, SuppressionStatus } from './evaluation';
import { type Governance, governanceFor, type Refusal, refusalOf, refusalText } from './governance';

const suppressionInvalid = defineError({
  code: 'SUPPRESSION-INVALID',
  title: 'A suppression lacks an id, a reason of at least 10 characters, an owner or an ISO expiry date.',
  message: (at: string, field: string, got: string, expected: string) =>
    `invalid suppression at ${at}: ${field} — got ${got}, expected ${expected}; fix: give every suppression id, reason (10+ characters), owner and expires (YYYY-MM-DD)`,
  example: ['suppressions.yaml:3', 'reason', '"temp"', 'at least 10 characters saying why'],
});

const MIN_REASON = 10;
const FIELDS = ['id', 'reason', 'owner', 'expires', 'site', 'path'];

/** Validates one suppression; `declaredAt` (construct path or `file:line`) names it in errors and reports. */
export function parseSuppression(data: unknown, declaredAt: string): Suppression {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw suppressionInvalid(
      declaredAt,
      'entry',
      JSON.stringify(data) ?? 'nothing',
      'an object with id, reason, owner, expires',
    );
  }
  const record = data as Record<string, unknown>;
  const extra = Object.keys(record).find((k) => !FIELDS.includes(k));
  if (extra !== undefined)
    throw suppressionInvalid(declaredAt, extra, `unknown field "${extra}"`, `only ${FIELDS.join(', ')}`);
  const text = (field: string, min: number, expected: string, optional = false): string | undefined => {
    const value = record[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || value.trim().length < min)
      throw suppressionInvalid(declaredAt, field, JSON.stringify(value) ?? 'nothing', expected);
    return value.trim();
  };
  const id = text('id', 1, 'a requirement id (LUMOS-TLS12) or rule slug') as string;
  const reason = text('reason', MIN_REASON, `at least ${MIN_REASON} characters saying why`) as string;
  const owner = text('owner', 1, 'the person or team who answers for it') as string;
  const expires = text('expires', 1, 'an ISO date YYYY-MM-DD') as string;
  if (!isIsoDate(expires))
    throw suppressionInvalid(
      declaredAt,
      'expires',
      JSON.stringify(record.expires),
      'a real calendar date as YYYY-MM-DD',
    );
  const site = text('site', 1, 'a site name', true);
  const path = text('path', 1, 'a construct path or Terraform address', true);
  return {
    id,
    reason,
    owner,
    expires,
    declaredAt,
    ...(site !== undefined ? { site } : {}),
    ...(path !== undefined ? { path } : {}),
  };
}

/** True for `YYYY-MM-DD` naming a real day. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** True when the suppression covers the finding (id, then optional site and path prefix). */
export function suppressionMatches(s: Suppression, f: Finding): boolean {
  if (s.id !== f.requirement && s.id !== f.rule) return false;
  if (s.site !== undefined && s.site !== f.site) return false;
  if (s.path === undefined || s.path === '') return true;
  return f.path === s.path || f.path.startsWith(`${s.path}/`);
}

/** The outcome of applying suppressions to findings. */
export interface SuppressionOutcome {
  readonly findings: Finding[];
  readonly suppressed: SuppressedFinding[];
  readonly statuses: SuppressionStatus[];
}

/**
 * Applies the live suppressions (expires on or after `today`, and within governance) and adds
 * a finding for each expired (error), refused (error) and unused (warning) suppression.
 * @param governance the limits of the run @default one year from `today`, no pack limits
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  today: string,
  governance: Governance = governanceFor([], today),
): SuppressionOutcome {
  const refused = refusals(findings, suppressions, today, governance);
  const live = suppressions.filter((s) => s.expires >= today && !refused.has(s));
  const matched = new Map<Suppression, number>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const by = live.find((s) => suppressionMatches(s, finding));
    if (by === undefined) {
      kept.push(finding);
    } else {
      suppressed.push({ finding, suppression: by });
      matched.set(by, (matched.get(by) ?? 0) + 1);
    }
  }
  const statuses = suppressions.map((s): SuppressionStatus => {
    const count = matched.get(s) ?? 0;
    if (s.expires < today) return { suppression: s, state: 'expired', matched: 0 };
    const refusal = refused.get(s);
    if (refusal !== undefined) return { suppression: s, state: 'refused', matched: 0, refusal };
    return { suppression: s, state: count > 0 ? 'applied' : 'unused', matched: count };
  });
  const own = statuses.filter((s) => s.state !== 'applied').map((s) => suppressionFinding(s, today, governance));
  return { findings: [...kept, ...own], suppressed, statuses };
}

/** The unexpired suppressions that break governance, with why. */
function refusals(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  today: string,
  governance: Governance,
): Map<Suppression, Refusal> {
  const refused = new Map<Suppression, Refusal>();
  for (const s of suppressions) {
    if (s.expires < today) continue;
    const refusal = refusalOf(
      s,
      findings.filter((f) => suppressionMatches(s, f)),
      governance,
    );
    if (refusal !== undefined) refused.set(s, refusal);
  }
  return refused;
}

function suppressionFinding(status: SuppressionStatus, today: string, governance: Governance): Finding {
  const s = status.suppression;
  const text = status.refusal !== undefined ? refusalText(status.refusal, s, governance) : stateText(status, today);
  const requirement = status.refusal ?? (status.state === 'expired' ? 'SUPPRESSION-EXPIRED' : 'SUPPRESSION-UNUSED');
  return {
    rule: status.refusal !== undefined ? 'suppression-governance' : 'suppression',
    requirement,
    severity: status.state === 'unused' ? 'warning' : 'error',
    kind: 'violation',
    pack: 'clinicnet',
    site: s.site ?? '*',
    path: s.declaredAt,
    message: `[${requirement}] ${text.problem} — got ${text.got}, expected ${text.expected}; fix: ${text.fix}`,
    remediation: text.fix,
    source: 'clinicnet suppressions (docs/RULES.md)',
  };
}

function stateText(
  status: SuppressionStatus,
  today: string,
): { problem: string; got: string; expected: string; fix: string } {
  const s = status.suppression;
  if (status.state === 'expired')
    return {
      problem: `suppression of ${s.id} expired on ${s.expires}`,
      got: `expires ${s.expires} (today ${today}), owner ${s.owner}`,
      expected: 'an expiry date in the future',
      fix: 'fix the finding, or renew the suppression with a new date and reason',
    };
  return {
    problem: `suppression of ${s.id} matches no finding`,
    got: `id ${s.id}${s.site ? `, site ${s.site}` : ''}${s.path ? `, path ${s.path}` : ''}`,
    expected: 'a suppression that silences at least one finding',
    fix: 'remove the suppression',
  };
}
