// SPDX-License-Identifier: Apache-2.0
import { renderJsonReport, toJsonReport } from '../../lib/report/json';
import { cleanEvaluation, finding, mixedEvaluation } from './evaluations';

describe('JSON report', () => {
  test('has the documented top-level keys, in order', () => {
    expect(Object.keys(toJsonReport(mixedEvaluation()))).toEqual([
      'version',
      'findings',
      'suppressed',
      'suppressions',
      'summary',
    ]);
    expect(toJsonReport(mixedEvaluation()).version).toBe(1);
  });

  test('findings carry every field in a fixed key order', () => {
    const [first] = toJsonReport(mixedEvaluation()).findings;
    expect(Object.keys(first)).toEqual([
      'rule',
      'requirement',
      'severity',
      'kind',
      'pack',
      'site',
      'path',
      'message',
      'remediation',
      'source',
    ]);
  });

  test('findings are sorted by site, then severity, then requirement', () => {
    const report = toJsonReport(mixedEvaluation());
    expect(report.findings.map((f) => [f.site, f.severity, f.requirement])).toEqual([
      ['*', 'error', 'BASE-CIDR-NO-OVERLAP'],
      ['nsw-gp-parramatta', 'error', 'LUMOS-BY-HOSTNAME'],
      ['nsw-gp-parramatta', 'warning', 'BASE-FIREWALL-LOGS'],
      ['vic-clinic-geelong', 'info', 'HL7-AGENT-SPOF'],
    ]);
  });

  test('summary counts the unsuppressed findings by severity', () => {
    expect(toJsonReport(mixedEvaluation()).summary).toEqual({ error: 2, warning: 1, info: 1 });
    expect(toJsonReport(cleanEvaluation()).summary).toEqual({ error: 0, warning: 0, info: 0 });
  });

  test('a suppressed finding carries its suppression; optional scope fields appear only when set', () => {
    const report = toJsonReport(mixedEvaluation());
    expect(report.suppressed).toHaveLength(1);
    expect(report.suppressed[0].requirement).toBe('LUMOS-TLS12');
    expect(report.suppressed[0].suppression).toEqual({
      id: 'LUMOS-TLS12',
      site: 'nsw-gp-parramatta',
      reason: 'Vendor confirmed the proxy upgrade lands next quarter',
      owner: 'netops@example.org',
      expires: '2099-12-31',
      declaredAt: 'suppressions.yaml:2',
    });
    expect('path' in report.suppressed[0].suppression).toBe(false);
  });

  test('every suppression is listed, flat, with state and matches, sorted by id', () => {
    const report = toJsonReport(mixedEvaluation());
    expect(report.suppressions.map((s) => [s.id, s.state, s.matched])).toEqual([
      ['CUSTO-INBOUND-SOURCES', 'unused', 0],
      ['LUMOS-TLS12', 'applied', 1],
    ]);
    expect(Object.keys(report.suppressions[0])).toEqual([
      'id',
      'path',
      'reason',
      'owner',
      'expires',
      'declaredAt',
      'state',
      'matched',
    ]);
  });

  test('renders with two-space indent and a trailing newline', () => {
    const text = renderJsonReport(cleanEvaluation());
    expect(text).toBe(
      '{\n  "version": 1,\n  "findings": [],\n  "suppressed": [],\n  "suppressions": [],\n  "summary": {\n    "error": 0,\n    "warning": 0,\n    "info": 0\n  }\n}\n',
    );
  });

  test('the order findings arrive in does not change the bytes', () => {
    const evaluation = mixedEvaluation();
    const reversed = {
      ...evaluation,
      findings: [...evaluation.findings].reverse(),
      suppressions: [...evaluation.suppressions].reverse(),
    };
    expect(renderJsonReport(reversed)).toBe(renderJsonReport(evaluation));
  });

  test('extra fields on a finding do not leak into the report', () => {
    const extra = { ...finding(), internal: 'x' };
    expect(
      Object.keys(toJsonReport({ findings: [extra], suppressed: [], suppressions: [] }).findings[0]),
    ).not.toContain('internal');
  });

  test('with a baseline, the findings it hid are listed (sorted) before the summary, which does not count them', () => {
    const report = toJsonReport({
      findings: [finding()],
      suppressed: [],
      suppressions: [],
      baselined: [finding({ site: 'z-site' }), finding({ site: 'a-site', ruleName: 'any-any' })],
    });
    expect(Object.keys(report)).toEqual(['version', 'findings', 'suppressed', 'suppressions', 'baselined', 'summary']);
    expect(report.baselined?.map((f) => [f.site, f.ruleName])).toEqual([
      ['a-site', 'any-any'],
      ['z-site', undefined],
    ]);
    expect(report.summary.error).toBe(1);
    expect(Object.keys(toJsonReport(mixedEvaluation()))).not.toContain('baselined');
  });
});
