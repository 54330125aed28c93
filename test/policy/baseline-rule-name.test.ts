// SPDX-License-Identifier: Apache-2.0
/**
 * Findings about a firewall rule name that rule (`ruleName`, `address`), so a baseline entry
 * and a SARIF fingerprint identify the rule, not the rule collection group it sits in.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformInput } from '../../lib/terraform';
import { runPolicy } from '../../lib/policy/pipeline';
import type { Finding } from '../../lib/policy/finding';
import { fingerprints } from '../../lib/report/sarif';
import { tempFile } from '../terraform/util';

type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };

/** The data-plane DNAT fixture with two allow-any network rules in its one rule collection group. */
function twoAllowAny(): string {
  const file = path.join(__dirname, '..', 'fixtures', 'dataplane', 'dnat.cdk.tf.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Doc;
  const rcg = doc.resource.azurerm_firewall_policy_rule_collection_group.rcg;
  const anyRule = (name: string) => ({
    name,
    protocols: ['Any'],
    source_addresses: ['10.20.1.0/24'],
    destination_addresses: ['*'],
    destination_ports: ['*'],
  });
  (rcg.network_rule_collection as { rule: unknown[] }[])[0].rule.push(anyRule('open-a'), anyRule('open-b'));
  return tempFile('clinic.cdk.tf.json', JSON.stringify(doc));
}

const allowAny = (findings: readonly Finding[]) => findings.filter((f) => f.requirement === 'BASE-NO-ANY-EGRESS');

describe('findings name the firewall rule they are about', () => {
  const read = readTerraformInput(twoAllowAny());
  const first = allowAny(runPolicy(read.model, read.problems).findings);

  test('each allow-any rule is its own finding, with its rule name and the group address', () => {
    expect(first.map((f) => [f.ruleName, f.address, f.path])).toEqual([
      [
        'open-a',
        'azurerm_firewall_policy_rule_collection_group.rcg',
        'azurerm_firewall_policy_rule_collection_group.rcg',
      ],
      [
        'open-b',
        'azurerm_firewall_policy_rule_collection_group.rcg',
        'azurerm_firewall_policy_rule_collection_group.rcg',
      ],
    ]);
  });

  test('a baseline holding one of them still reports the other', () => {
    const [a] = first;
    const baseline = [{ rule: a.rule, requirement: a.requirement, site: a.site, path: a.path, ruleName: a.ruleName }];
    const evaluation = runPolicy(read.model, read.problems, { baseline });
    expect(allowAny(evaluation.findings).map((f) => f.ruleName)).toEqual(['open-b']);
    expect(allowAny(evaluation.baselined ?? []).map((f) => f.ruleName)).toEqual(['open-a']);
  });

  test('their SARIF fingerprints differ, and each stays the same without the other', () => {
    const both = fingerprints(first);
    expect(new Set(both).size).toBe(2);
    // Told apart by rule name, not by rank: open-b alone keeps its fingerprint.
    expect(fingerprints([first[1]])).toEqual([both[1]]);
  });
});
