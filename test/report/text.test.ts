// SPDX-License-Identifier: Apache-2.0
import { renderJsonReport } from '../../lib/report/json';
import { renderTextReport } from '../../lib/report/text';
import { cleanEvaluation, finding, mixedEvaluation } from './evaluations';

describe('text report', () => {
  test('headline counts findings, suppressed findings and suppressions', () => {
    expect(renderTextReport(mixedEvaluation()).split('\n')[0]).toBe(
      'clinicnet check: 2 errors, 1 warning, 1 info; 1 suppressed; 2 suppressions',
    );
  });

  test('lists errors first, then warnings, then info; within each, by site (estate-wide first)', () => {
    const headings = renderTextReport(mixedEvaluation())
      .split('\nSuppressed findings')[0]
      .split('\n')
      .filter((l) => /^(Site |Estate-wide|Errors|Warnings|Info)/.test(l) || /^ {2}(ERROR|WARNING|INFO) /.test(l))
      .map((l) => l.trim().split(':')[0]);
    expect(headings).toEqual([
      'Errors (2)',
      'Estate-wide',
      'ERROR BASE-CIDR-NO-OVERLAP',
      'Site nsw-gp-parramatta',
      'ERROR LUMOS-BY-HOSTNAME',
      'Warnings (1)',
      'Site nsw-gp-parramatta',
      'WARNING BASE-FIREWALL-LOGS',
      'Info (1)',
      'Site vic-clinic-geelong',
      'INFO HL7-AGENT-SPOF',
    ]);
  });

  test('an error at a later site still comes before a warning at an earlier one; other formats keep site order', () => {
    const findings = [
      finding({ site: 'a-site', severity: 'warning', requirement: 'BASE-FIREWALL-LOGS' }),
      finding({ site: 'z-site', severity: 'error' }),
    ];
    const text = renderTextReport({ findings, suppressed: [], suppressions: [] });
    expect(text.indexOf('Site z-site')).toBeLessThan(text.indexOf('Site a-site'));
    const json = renderJsonReport({ findings, suppressed: [], suppressions: [] });
    expect(json.indexOf('"a-site"')).toBeLessThan(json.indexOf('"z-site"'));
  });

  test('each finding says where, how to fix it, and the guide it comes from', () => {
    const text = renderTextReport(
      { findings: [finding()], suppressed: [], suppressions: [] },
      { fileOf: () => 'plan.json' },
    );
    expect(text).toContain(
      [
        '  ERROR LUMOS-BY-HOSTNAME: [LUMOS-BY-HOSTNAME] rule names an IP address — got 203.0.113.7, expected csu.cherel.org.au; fix: use destination_fqdns',
        '    Rule: egress-by-hostname (pack lumos)',
        '    Resource: azurerm_firewall_policy_rule_collection_group.egress',
        '    File: plan.json',
        '    Fix: Name csu.cherel.org.au in destination_fqdns instead of an address.',
        '    Guide: Lumos PenCS network configuration guide, Outbound Traffic Destination Ports',
      ].join('\n'),
    );
  });

  test('unknown findings say they could not be evaluated', () => {
    expect(renderTextReport(mixedEvaluation())).toContain(
      'Rule: firewall-logs (pack baseline, could not be evaluated)',
    );
  });

  test('lists suppressed findings and every suppression with state and scope', () => {
    const text = renderTextReport(mixedEvaluation());
    expect(text).toContain(
      'Suppressed findings (1)\n  ERROR LUMOS-TLS12 at nsw-gp-parramatta azurerm_firewall_policy_rule_collection_group.egress — suppressed by LUMOS-TLS12 (netops@example.org, until 2099-12-31)',
    );
    expect(text).toContain(
      '  CUSTO-INBOUND-SOURCES [unused, 0 matched] every site, path azurerm_firewall_policy_rule_collection_group.inbound*; owner netops@example.org; expires 2099-12-31; declared at suppressions.yaml:8',
    );
    expect(text).toContain('  LUMOS-TLS12 [applied, 1 matched] site nsw-gp-parramatta;');
  });

  test('a clean evaluation says so', () => {
    expect(renderTextReport(cleanEvaluation())).toBe(
      'clinicnet check: 0 errors, 0 warnings, 0 info; 0 suppressed; 0 suppressions\n\nNo findings.\n',
    );
  });

  test('input text is shown escaped: one line per field, no CI command, no ESC or bidi character', () => {
    const hostile = finding({
      site: '##vso[task.complete result=Succeeded]',
      message: 'bad\n::error::forged \u001b[2J \u202Eevil',
      path: '  ::stop-commands::x',
    });
    const lines = renderTextReport({ findings: [hostile], suppressed: [], suppressions: [] }).split('\n');
    expect(lines.slice(4, 7)).toEqual([
      'Site #\\x23vso[task.complete result=Succeeded]',
      '  ERROR LUMOS-BY-HOSTNAME: bad\\n::error::forged \\x1b[2J \\u{202e}evil',
      '    Rule: egress-by-hostname (pack lumos)',
    ]);
    expect(lines[7]).toBe('    Resource:   \\x3a:stop-commands::x');
  });
});
