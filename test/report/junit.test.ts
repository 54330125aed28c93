// SPDX-License-Identifier: Apache-2.0
import { renderJunit, xmlAttr, xmlText } from '../../lib/report/junit';
import { cleanEvaluation, finding, mixedEvaluation } from './evaluations';

const count = (xml: string, pattern: RegExp): number => (xml.match(pattern) ?? []).length;
const rootAttrs = (xml: string): string => /<testsuites([^>]*)>/.exec(xml)?.[1] ?? '';

describe('JUnit report', () => {
  test('starts with the XML declaration and one testsuites root', () => {
    const xml = renderJunit(mixedEvaluation());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
  });

  test('one testsuite per site plus one listing the suppressions', () => {
    const xml = renderJunit(mixedEvaluation());
    const suites = [...xml.matchAll(/<testsuite name="([^"]*)"/g)].map((m) => m[1]);
    expect(suites).toEqual(['estate', 'nsw-gp-parramatta', 'vic-clinic-geelong', 'suppressions']);
  });

  test('one testcase per (site, requirement) with a failure per finding', () => {
    const two = {
      findings: [finding(), finding({ path: 'azurerm_firewall_policy_rule_collection_group.other' })],
      suppressed: [],
      suppressions: [],
    };
    const xml = renderJunit(two);
    expect(count(xml, /<testcase /g)).toBe(1);
    expect(count(xml, /<failure /g)).toBe(2);
    expect(rootAttrs(xml)).toBe(' name="clinicnet" tests="1" failures="1" errors="0" skipped="0"');
  });

  test('counts: failed cases, skipped (only suppressed) cases, passing checks from the context', () => {
    const xml = renderJunit(mixedEvaluation(), {
      checks: [{ site: 'vic-clinic-geelong', requirement: 'HL7-ENCRYPTED' }],
    });
    // 4 cases with findings (the info one does not fail), 1 only suppressed, 1 passing check, 2 suppression entries.
    expect(rootAttrs(xml)).toBe(' name="clinicnet" tests="8" failures="3" errors="0" skipped="1"');
    expect(xml).toContain('<testcase classname="clinicnet.vic-clinic-geelong" name="HL7-ENCRYPTED"/>');
    expect(xml).toMatch(
      /<testcase classname="clinicnet.nsw-gp-parramatta" name="LUMOS-TLS12">\n\s+<skipped message="[^"]*suppressed by LUMOS-TLS12/,
    );
  });

  test('failure carries severity as type, the message, and resource/fix/guide in its body', () => {
    const xml = renderJunit({ findings: [finding({ severity: 'warning' })], suppressed: [], suppressions: [] });
    expect(xml).toContain(
      '<failure type="warning" message="[LUMOS-BY-HOSTNAME] rule names an IP address — got 203.0.113.7, expected csu.cherel.org.au; fix: use destination_fqdns">',
    );
    expect(xml).toContain('Resource: azurerm_firewall_policy_rule_collection_group.egress\n');
    expect(xml).toContain('Guide: Lumos PenCS network configuration guide');
  });

  test('escapes markup in attributes and text so the XML stays well-formed', () => {
    const nasty = finding({ message: 'got <"a" & \'b\'>\nnext', path: 'x<y>&z', remediation: ']]> & <script>' });
    const xml = renderJunit({ findings: [nasty], suppressed: [], suppressions: [] });
    // A line break from input is shown escaped (CI reporters echo messages into the job log).
    expect(xml).toContain('message="got &lt;&quot;a&quot; &amp; &apos;b&apos;&gt;\\nnext"');
    expect(xml).toContain('Resource: x&lt;y&gt;&amp;z');
    expect(xml).toContain('Fix: ]]&gt; &amp; &lt;script&gt;');
    // No raw markup characters remain inside attribute values.
    for (const [, value] of xml.matchAll(/="([^"]*)"/g))
      expect(value).not.toMatch(/[<>&](?!amp;|lt;|gt;|quot;|apos;|#\d+;)/);
  });

  test('characters XML cannot carry are replaced, not emitted', () => {
    expect(xmlText('a\u0000b\u001Fc\uD800d')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(xmlText('tab\tnewline\n')).toBe('tab\tnewline\n');
    expect(xmlAttr('a\tb')).toBe('a&#9;b');
    expect(xmlText('😀')).toBe('😀');
  });

  test('every suppression appears with its state', () => {
    const xml = renderJunit(mixedEvaluation());
    expect(xml).toContain(
      '<testcase classname="clinicnet.suppressions" name="CUSTO-INBOUND-SOURCES (suppressions.yaml:8)">',
    );
    expect(xml).toMatch(/<system-out>unused, 0 matched;/);
    expect(xml).toMatch(/<system-out>applied, 1 matched;/);
  });

  test('an empty evaluation is an empty, valid root', () => {
    expect(renderJunit(cleanEvaluation())).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="clinicnet" tests="0" failures="0" errors="0" skipped="0">\n</testsuites>\n',
    );
  });

  test('deterministic whatever order the findings arrive in', () => {
    const evaluation = mixedEvaluation();
    expect(renderJunit({ ...evaluation, findings: [...evaluation.findings].reverse() })).toBe(renderJunit(evaluation));
  });

  describe('the verdict agrees with the exit code (--fail-on)', () => {
    const info = finding({ severity: 'info', requirement: 'HL7-AGENT-SPOF', rule: 'hl7-agent-spof' });
    const warning = finding({ severity: 'warning', requirement: 'BASE-FIREWALL-LOGS', rule: 'firewall-logs' });
    const evaluation = { findings: [info, warning], suppressed: [], suppressions: [] };

    test('info findings are not failures by default: listed in the passing case output', () => {
      const xml = renderJunit(evaluation);
      expect(rootAttrs(xml)).toBe(' name="clinicnet" tests="2" failures="1" errors="0" skipped="0"');
      expect(xml).toContain('<failure type="warning"');
      expect(xml).not.toContain('<failure type="info"');
      expect(xml).toMatch(
        /<testcase classname="clinicnet.nsw-gp-parramatta" name="HL7-AGENT-SPOF">\n\s+<system-out>INFO \(not failing\): \[HL7-AGENT-SPOF\] rule names/,
      );
      expect(xml).toContain('Resource: azurerm_firewall_policy_rule_collection_group.egress');
    });

    test.each([
      ['error', 0],
      ['warning', 1],
      ['info', 2],
      ['never', 0],
    ] as const)('--fail-on %s: %i failures', (failOn, failures) => {
      const xml = renderJunit(evaluation, { failOn });
      expect(rootAttrs(xml)).toContain(`failures="${failures}"`);
      expect(count(xml, /<failure /g)).toBe(failures);
      expect(count(xml, /<system-out>/g)).toBe(2 - failures);
    });

    test('each finding names the line that declared it, when known (escaped for the CI log)', () => {
      const locationOf = (f: { severity: string }) =>
        f.severity === 'warning' ? { file: 'stacks/estate.ts', line: 88 } : { file: 'main.tf.json\u001b[31m' };
      const xml = renderJunit(evaluation, { locationOf });
      expect(xml).toMatch(/<failure type="warning"[^>]*>[^<]*Declared at: stacks\/estate\.ts:88\n/);
      expect(xml).toMatch(/<system-out>[^<]*Declared at: main\.tf\.json/);
      expect(xml).not.toContain('\u001b');
      expect(renderJunit(evaluation)).not.toContain('Declared at');
    });

    test('a suppressed finding beside a non-failing one: skipped, and the note is kept', () => {
      const xml = renderJunit({
        findings: [info],
        suppressed: [{ finding: info, suppression: mixedEvaluation().suppressions[1].suppression }],
        suppressions: [],
      });
      expect(xml).toContain('<skipped message=');
      expect(xml).toContain('<system-out>INFO (not failing)');
      expect(rootAttrs(xml)).toContain('failures="0"');
    });
  });
});
