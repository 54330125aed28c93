// SPDX-License-Identifier: Apache-2.0
/**
 * JUnit XML for CI systems that show test results: one test suite per site, one test case
 * per (site, requirement), one failure per finding at or above the fail-on severity, a skipped
 * marker for suppressed ones. Findings below it (info, by default) are listed in the case's
 * output but do not fail it, so the JUnit verdict agrees with the exit code. Suppressions get a
 * suite of their own so every report lists them.
 */
import { compareText } from '../core/compare';
import type { Evaluation, Suppression } from '../policy/evaluation';
import type { Finding, Severity } from '../policy/finding';
import { SEVERITY_ORDER } from '../policy/finding';
import type { ReportContext } from './context';
import { sortFindings, sortSuppressed, sortSuppressions } from '../policy/order';
import { terminalText as t } from '../core/escape';

// XML 1.0 cannot carry most control characters or unpaired surrogates, even escaped.
const INVALID_XML =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML element content. */
export function xmlText(value: string): string {
  return value.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for a double-quoted XML attribute (line breaks kept as character references). */
export function xmlAttr(value: string): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

interface TestCase {
  readonly site: string;
  readonly requirement: string;
  readonly failures: Finding[];
  /** Findings below the fail-on severity: reported, not failing. */
  readonly notes: Finding[];
  readonly suppressed: { finding: Finding; suppression: Suppression }[];
}

const attrs = (values: Record<string, string | number>): string =>
  Object.entries(values)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

// CI test reporters echo names and messages into the job log: input text is escaped for it too.
const suiteName = (site: string): string => (site === '*' ? 'estate' : t(site));

/** True when a finding of this severity fails the run (as `clinicnet check --fail-on` decides the exit code). */
function fails(severity: Severity, failOn: Severity | 'never'): boolean {
  return failOn !== 'never' && SEVERITY_ORDER[severity] <= SEVERITY_ORDER[failOn];
}

function casesOf(evaluation: Evaluation, context: ReportContext): TestCase[] {
  const cases = new Map<string, TestCase>();
  const caseFor = (site: string, requirement: string): TestCase => {
    const key = `${site}\u0000${requirement}`;
    let c = cases.get(key);
    if (c === undefined) cases.set(key, (c = { site, requirement, failures: [], notes: [], suppressed: [] }));
    return c;
  };
  const failOn = context.failOn ?? 'warning';
  for (const check of context.checks ?? []) caseFor(check.site, check.requirement);
  for (const f of sortFindings(evaluation.findings)) {
    const c = caseFor(f.site, f.requirement);
    (fails(f.severity, failOn) ? c.failures : c.notes).push(f);
  }
  for (const s of sortSuppressed(evaluation.suppressed))
    caseFor(s.finding.site, s.finding.requirement).suppressed.push(s);
  return [...cases.entries()].sort(([a], [b]) => compareText(a, b)).map(([, c]) => c);
}

/** Where (resource, input file, the line that declared it), which rule, the fix and the guide of a finding (escaped for the CI log). */
function findingBody(f: Finding, context: ReportContext): string[] {
  const file = context.fileOf?.(f);
  const declared = context.locationOf?.(f);
  const line = declared?.line !== undefined ? `:${declared.line}` : '';
  return [
    `Resource: ${t(f.path)}`,
    ...(file !== undefined ? [`File: ${t(file)}`] : []),
    ...(declared !== undefined ? [`Declared at: ${t(declared.file)}${line}`] : []),
    `Rule: ${t(f.rule)} (pack ${t(f.pack)}, ${f.kind})`,
    `Fix: ${t(f.remediation)}`,
    `Guide: ${t(f.source)}`,
  ];
}

function testCaseXml(c: TestCase, context: ReportContext): string[] {
  const open = `    <testcase${attrs({ classname: `clinicnet.${suiteName(c.site)}`, name: t(c.requirement) })}`;
  if (c.failures.length === 0 && c.notes.length === 0 && c.suppressed.length === 0) return [`${open}/>`];
  const lines = [`${open}>`];
  for (const f of c.failures) {
    const body = findingBody(f, context).join('\n');
    lines.push(`      <failure${attrs({ type: f.severity, message: t(f.message) })}>${xmlText(body)}</failure>`);
  }
  // A case whose only findings are suppressed did not fail, and did not silently pass either.
  if (c.failures.length === 0 && c.suppressed.length > 0) {
    const reasons = c.suppressed.map(
      ({ finding, suppression: s }) =>
        `${t(finding.path)}: suppressed by ${t(s.id)} (${t(s.owner)}, until ${t(s.expires)}): ${t(s.reason)}`,
    );
    lines.push(`      <skipped${attrs({ message: reasons.join('\n') })}/>`);
  }
  if (c.notes.length > 0) {
    // Below the fail-on severity: shown with the case, which passes (as the exit code says).
    const text = c.notes.map((f) => [
      `${f.severity.toUpperCase()} (not failing): ${t(f.message)}`,
      ...findingBody(f, context),
    ]);
    lines.push(`      <system-out>${xmlText(text.map((l) => l.join('\n')).join('\n\n'))}</system-out>`);
  }
  lines.push('    </testcase>');
  return lines;
}

function suppressionSuite(evaluation: Evaluation): string[] {
  const statuses = sortSuppressions(evaluation.suppressions);
  if (statuses.length === 0) return [];
  const lines = [
    `  <testsuite${attrs({ name: 'suppressions', tests: statuses.length, failures: 0, errors: 0, skipped: 0 })}>`,
  ];
  for (const { suppression: s, state, matched } of statuses) {
    const text = `${state}, ${matched} matched; site ${t(s.site ?? '*')}; path ${t(s.path ?? '*')}; owner ${t(s.owner)}; expires ${t(s.expires)}; reason: ${t(s.reason)}`;
    lines.push(
      `    <testcase${attrs({ classname: 'clinicnet.suppressions', name: `${t(s.id)} (${t(s.declaredAt)})` })}>`,
    );
    lines.push(`      <system-out>${xmlText(text)}</system-out>`, '    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines;
}

/** Renders the evaluation as JUnit XML; ends with a newline. */
export function renderJunit(evaluation: Evaluation, context: ReportContext = {}): string {
  const cases = casesOf(evaluation, context);
  const sites = [...new Set(cases.map((c) => c.site))];
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const site of sites) {
    const mine = cases.filter((c) => c.site === site);
    const failed = mine.filter((c) => c.failures.length > 0).length;
    const skips = mine.filter((c) => c.failures.length === 0 && c.suppressed.length > 0).length;
    tests += mine.length;
    failures += failed;
    skipped += skips;
    suites.push(
      `  <testsuite${attrs({ name: suiteName(site), tests: mine.length, failures: failed, errors: 0, skipped: skips })}>`,
    );
    for (const c of mine) suites.push(...testCaseXml(c, context));
    suites.push('  </testsuite>');
  }
  const suppressionLines = suppressionSuite(evaluation);
  tests += evaluation.suppressions.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'clinicnet', tests, failures, errors: 0, skipped })}>`,
    ...suites,
    ...suppressionLines,
    '</testsuites>',
    '',
  ].join('\n');
}
