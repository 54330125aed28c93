// SPDX-License-Identifier: Apache-2.0
import type { RequirementInfo } from '../../lib/report/context';
import { FINGERPRINT_NAME, fingerprints, renderSarif, toSarif, toUri } from '../../lib/report/sarif';
import { cleanEvaluation, finding, mixedEvaluation } from './evaluations';

const lumosInfo: RequirementInfo = {
  id: 'LUMOS-BY-HOSTNAME',
  rule: 'egress-by-hostname',
  pack: 'lumos',
  title: 'Lumos flows name the hostname, not an IP address',
  description: 'Rules for the Lumos endpoints must use the hostname; the addresses behind it can change.',
  severity: 'error',
  citation: 'Lumos PenCS network configuration guide, Outbound Traffic Destination Ports',
  remediation: 'Use destination_fqdns with csu.cherel.org.au.',
};

describe('SARIF report', () => {
  test('is a SARIF 2.1.0 log with one run by clinicnet', () => {
    const log = toSarif(cleanEvaluation());
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver.name).toBe('clinicnet');
    expect(log.runs[0].results).toEqual([]);
  });

  test('one reporting descriptor per requirement, sorted, with registry metadata when given', () => {
    const log = toSarif(mixedEvaluation(), { requirements: [lumosInfo] });
    const rules = log.runs[0].tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([
      'BASE-CIDR-NO-OVERLAP',
      'BASE-FIREWALL-LOGS',
      'HL7-AGENT-SPOF',
      'LUMOS-BY-HOSTNAME',
      'LUMOS-TLS12',
    ]);
    const lumos = rules[3];
    expect(lumos.name).toBe('egress-by-hostname');
    expect(lumos.shortDescription?.text).toBe(lumosInfo.title);
    expect(lumos.fullDescription?.text).toBe(lumosInfo.description);
    expect(lumos.help?.text).toContain('Lumos PenCS network configuration guide, Outbound Traffic Destination Ports');
    expect(lumos.defaultConfiguration?.level).toBe('error');
  });

  test('descriptors for requirements without metadata are derived from their findings', () => {
    const rules = toSarif(mixedEvaluation()).runs[0].tool.driver.rules ?? [];
    const hl7 = rules.find((r) => r.id === 'HL7-AGENT-SPOF');
    expect(hl7?.defaultConfiguration?.level).toBe('note');
    expect(hl7?.name).toBe('hl7-agent-spof');
    expect(hl7?.help?.text).toContain(finding().source);
  });

  test('registry requirements without findings still get a descriptor', () => {
    const rules = toSarif(cleanEvaluation(), { requirements: [lumosInfo] }).runs[0].tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['LUMOS-BY-HOSTNAME']);
  });

  test('one result per finding with rule id, matching rule index, level and message', () => {
    const log = toSarif(mixedEvaluation());
    const rules = log.runs[0].tool.driver.rules ?? [];
    const results = log.runs[0].results ?? [];
    expect(results).toHaveLength(5);
    for (const r of results) expect(rules[r.ruleIndex as number].id).toBe(r.ruleId);
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['BASE-CIDR-NO-OVERLAP', 'error'],
      ['LUMOS-BY-HOSTNAME', 'error'],
      ['BASE-FIREWALL-LOGS', 'warning'],
      ['HL7-AGENT-SPOF', 'note'],
      ['LUMOS-TLS12', 'error'],
    ]);
    expect(results[1].message.text).toBe(finding().message);
  });

  test('the Terraform address is the logical location; the file is the physical location when known', () => {
    const fileOf = (f: { site: string }) =>
      f.site === 'nsw-gp-parramatta' ? 'cdktf.out/stacks/nsw-gp-parramatta/cdk.tf.json' : undefined;
    const results = toSarif(mixedEvaluation(), { fileOf }).runs[0].results ?? [];
    const [estate, lumos] = results;
    expect(lumos.locations?.[0].logicalLocations).toEqual([
      {
        name: 'azurerm_firewall_policy_rule_collection_group.egress',
        fullyQualifiedName: 'nsw-gp-parramatta/azurerm_firewall_policy_rule_collection_group.egress',
        kind: 'resource',
      },
    ]);
    expect(lumos.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe(
      'cdktf.out/stacks/nsw-gp-parramatta/cdk.tf.json',
    );
    expect(estate.locations?.[0].physicalLocation).toBeUndefined();
  });

  test('the declared location (a .ts call site or .tf block) is the physical location, with its line, ahead of the file', () => {
    const fileOf = () => 'cdktf.out/stacks/nsw-gp-parramatta/cdk.tf.json';
    const locationOf = (f: { site: string }) =>
      f.site === 'nsw-gp-parramatta' ? { file: 'stacks/estate.ts', line: 88 } : undefined;
    const results = toSarif(mixedEvaluation(), { fileOf, locationOf }).runs[0].results ?? [];
    const [estate, lumos] = results;
    expect(lumos.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'stacks/estate.ts' },
      region: { startLine: 88 },
    });
    // No declared location: the input file, without a region (a generated file has no line to name).
    expect(estate.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'cdktf.out/stacks/nsw-gp-parramatta/cdk.tf.json' },
    });
    // The logical location is unchanged: code scanning still names the resource.
    expect(lumos.locations?.[0].logicalLocations?.[0].name).toBe(
      'azurerm_firewall_policy_rule_collection_group.egress',
    );
  });

  test('a declared file without a line (a JSON-syntax .tf.json) has no region; its path is a URI reference', () => {
    const locationOf = () => ({ file: 'infra/net work/main.tf.json' });
    const [first] = toSarif(mixedEvaluation(), { locationOf }).runs[0].results ?? [];
    expect(first.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/net%20work/main.tf.json' },
    });
  });

  test('suppressed findings are results with an external suppression and its justification', () => {
    const results = toSarif(mixedEvaluation()).runs[0].results ?? [];
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions?.[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
      justification: 'Vendor confirmed the proxy upgrade lands next quarter',
    });
    expect(results.filter((r) => r.suppressions === undefined)).toHaveLength(4);
  });

  test('every suppression is listed in the run properties', () => {
    const props = toSarif(mixedEvaluation()).runs[0].properties as { suppressions: { id: string; state: string }[] };
    expect(props.suppressions.map((s) => [s.id, s.state])).toEqual([
      ['CUSTO-INBOUND-SOURCES', 'unused'],
      ['LUMOS-TLS12', 'applied'],
    ]);
  });

  test('fingerprints are stable per (rule, requirement, site, path) and differ across them', () => {
    const results = toSarif(mixedEvaluation()).runs[0].results ?? [];
    const prints = results.map((r) => r.partialFingerprints?.[FINGERPRINT_NAME]);
    expect(new Set(prints).size).toBe(prints.length);
    const again =
      toSarif({ findings: [finding({ message: 'another wording' })], suppressed: [], suppressions: [] }).runs[0]
        .results ?? [];
    expect(again[0].partialFingerprints?.[FINGERPRINT_NAME]).toBe(prints[1]);
  });

  test('renders deterministically whatever order the findings arrive in', () => {
    const evaluation = mixedEvaluation();
    const shuffled = {
      ...evaluation,
      findings: [evaluation.findings[2], evaluation.findings[0], evaluation.findings[3], evaluation.findings[1]],
    };
    expect(renderSarif(shuffled)).toBe(renderSarif(evaluation));
    expect(renderSarif(evaluation).endsWith('}\n')).toBe(true);
  });

  test('file paths become URI references', () => {
    expect(toUri('cdktf.out/stacks/a b/cdk.tf.json')).toBe('cdktf.out/stacks/a%20b/cdk.tf.json');
    expect(toUri('/home/ci/plan.json')).toBe('file:///home/ci/plan.json');
    expect(toUri('C:\\work\\plan.json')).toBe('file:///C:/work/plan.json');
  });

  test('fingerprints are unique per finding even when findings agree in every identifying field', () => {
    const twin = finding({ rule: 'no-any-egress', requirement: 'BASE-NO-ANY-EGRESS' });
    const evaluation = {
      findings: [twin, { ...twin, message: 'other words' }, twin],
      suppressed: [],
      suppressions: [],
    };
    const prints = (toSarif(evaluation).runs[0].results ?? []).map((r) => r.partialFingerprints?.[FINGERPRINT_NAME]);
    expect(new Set(prints).size).toBe(3);
    // Stable across runs: the same findings give the same fingerprints.
    expect(fingerprints(evaluation.findings)).toEqual(fingerprints([twin, twin, twin]));
    expect(fingerprints(evaluation.findings)).toEqual(fingerprints(evaluation.findings));
  });

  test('fingerprints hash rule id, site, Terraform address and rule name, and never the message', () => {
    const base = finding({ ruleName: 'any-any' });
    const [print] = fingerprints([base]);
    expect(fingerprints([{ ...base, message: 'reworded', remediation: 'other', source: 'other' }])).toEqual([print]);
    for (const change of [
      { requirement: 'OTHER' },
      { site: 'other' },
      { path: 'other' },
      { address: 'azurerm_x.y' },
      { ruleName: 'other-rule' },
      { rule: 'other-rule' },
    ])
      expect([change, fingerprints([{ ...base, ...change }])[0]]).not.toEqual([change, print]);
    // A construct path with the same Terraform address is the same element.
    expect(fingerprints([{ ...base, path: 'estate/site/fw', address: base.path }])).toEqual([print]);
  });

  test('baselined findings are results with baselineState unchanged; the rest are new; the run counts them', () => {
    const hidden = finding({ site: 'old-site' });
    const log = toSarif({ findings: [finding()], suppressed: [], suppressions: [], baselined: [hidden] });
    const results = log.runs[0].results ?? [];
    expect(results.map((r) => [r.baselineState, r.properties?.site as string])).toEqual([
      ['new', 'nsw-gp-parramatta'],
      ['unchanged', 'old-site'],
    ]);
    expect(log.runs[0].properties?.baselined).toBe(1);
    // Without a baseline, no result claims a baseline state.
    const plain = toSarif(mixedEvaluation());
    expect((plain.runs[0].results ?? []).some((r) => r.baselineState !== undefined)).toBe(false);
    expect(plain.runs[0].properties?.baselined).toBeUndefined();
  });
});
