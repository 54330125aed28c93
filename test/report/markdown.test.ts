// SPDX-License-Identifier: Apache-2.0
import { MARKDOWN_MAX_ROWS, renderMarkdown } from '../../lib/report/markdown';
import { cleanEvaluation, finding, mixedEvaluation } from './evaluations';

describe('Markdown report', () => {
  test('headline says the outcome and the counts', () => {
    expect(renderMarkdown(mixedEvaluation()).split('\n')[0]).toBe(
      '### ❌ clinicnet check: 2 errors, 1 warning, 1 info',
    );
    expect(renderMarkdown(cleanEvaluation())).toBe('### ✅ clinicnet check: 0 errors, 0 warnings, 0 info\n');
    const warningOnly = { findings: [finding({ severity: 'warning' })], suppressed: [], suppressions: [] };
    expect(renderMarkdown(warningOnly).split('\n')[0]).toBe('### ⚠️ clinicnet check: 0 errors, 1 warning, 0 info');
  });

  test('one table row per finding, in report order', () => {
    const rows = renderMarkdown(mixedEvaluation())
      .split('\n')
      .filter((l) => /^\| (❌|⚠️|ℹ️)/.test(l));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('BASE-CIDR-NO-OVERLAP');
    expect(rows[1]).toBe(
      '| ❌ error | LUMOS-BY-HOSTNAME | nsw-gp-parramatta | `azurerm_firewall_policy_rule_collection_group.egress` | \\[LUMOS-BY-HOSTNAME\\] rule names an IP address — got `203.0.113.7`, expected `csu.cherel.org.au`; fix: use destination\\_fqdns |',
    );
  });

  test('suppressed findings and every suppression are listed in folded sections', () => {
    const md = renderMarkdown(mixedEvaluation());
    expect(md).toContain('<details><summary>Suppressed findings (1)</summary>');
    expect(md).toContain('<details><summary>Suppressions (2)</summary>');
    expect(md).toMatch(
      /\| CUSTO-INBOUND-SOURCES \| \\\* \| `azurerm_firewall_policy_rule_collection_group.inbound` \| unused \| 0 \|/,
    );
  });

  test('cells cannot break the table or inject HTML (every cell goes through markdownText)', () => {
    const hostile = finding({ site: 'a|b\nc <img src=x> *.customed.de', message: '@team <!-- ![x](y) #1' });
    const row = renderMarkdown({ findings: [hostile], suppressed: [], suppressions: [] })
      .split('\n')
      .find((l) => l.startsWith('| ❌'));
    expect(row).toBe(
      '| ❌ error | LUMOS-BY-HOSTNAME | a\\|b\\\\nc \\<img src=x\\> `*.customed.de` | `azurerm_firewall_policy_rule_collection_group.egress` | `@team` \\<\\!-- \\!\\[x\\]\\(y\\) `#1` |',
    );
  });

  test('long finding lists are cut with a count of the rest', () => {
    const many = Array.from({ length: MARKDOWN_MAX_ROWS + 3 }, (_, i) =>
      finding({ path: `azurerm_x.r${String(i).padStart(3, '0')}` }),
    );
    const md = renderMarkdown({ findings: many, suppressed: [], suppressions: [] });
    expect(md.split('\n').filter((l) => l.startsWith('| ❌'))).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(md).toContain('…and 3 more; see the full report.');
  });

  test('mentions findings hidden by a baseline', () => {
    expect(renderMarkdown(cleanEvaluation(), { hiddenByBaseline: 2 })).toContain(
      '2 findings already in the baseline not shown.',
    );
  });
});
