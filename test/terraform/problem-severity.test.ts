// SPDX-License-Identifier: Apache-2.0
/**
 * Reader problems carry the Terraform attribute they could not read (and the action of the rule
 * it sits in), so the one severity function for unknowns (lib/policy/unknowns.ts) makes an
 * unreadable value that could widen exposure an error and anything else a warning.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformInput } from '../../lib/terraform';
import { runPolicy } from '../../lib/policy/pipeline';
import type { Finding } from '../../lib/policy/finding';
import { tempFile } from './util';

type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };
type Block = Record<string, unknown> & { rule: Record<string, unknown>[] };

function fixture(): Doc {
  const file = path.join(__dirname, '..', 'fixtures', 'dataplane', 'dnat.cdk.tf.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Doc;
}

function collection(doc: Doc, kind: string): Block {
  return (doc.resource.azurerm_firewall_policy_rule_collection_group.rcg[kind] as Block[])[0];
}

/** The CLINICNET-UNREADABLE findings of the document. */
function unreadable(doc: Doc): Finding[] {
  const read = readTerraformInput(tempFile('clinic.cdk.tf.json', JSON.stringify(doc)));
  return runPolicy(read.model, read.problems).findings.filter((f) => f.requirement === 'CLINICNET-UNREADABLE');
}

describe('severity of what the reader could not read', () => {
  test('the untouched fixture has nothing unreadable (the cases below each add one problem)', () => {
    expect(unreadable(fixture())).toEqual([]);
  });

  test('a DNAT rule whose source cannot be read is an error: it could admit the whole internet', () => {
    const doc = fixture();
    collection(doc, 'nat_rule_collection').rule[0].source_addresses = 5;
    const read = readTerraformInput(tempFile('clinic.cdk.tf.json', JSON.stringify(doc)));
    expect(read.problems).toEqual([
      expect.objectContaining({
        address: 'azurerm_firewall_policy_rule_collection_group.rcg',
        attribute: 'nat_rule_collection[0].rule[0].source_addresses',
        action: 'Allow',
      }),
    ]);
    expect(unreadable(doc).map((f) => f.severity)).toEqual(['error']);
  });

  test('the same unreadable source in an Allow network rule is an error, in a Deny collection a warning', () => {
    const allow = fixture();
    collection(allow, 'network_rule_collection').rule[0].source_addresses = { not: 'a list' };
    expect(unreadable(allow).map((f) => f.severity)).toEqual(['error']);
    const deny = fixture();
    collection(deny, 'network_rule_collection').action = 'Deny';
    collection(deny, 'network_rule_collection').rule[0].source_addresses = { not: 'a list' };
    expect(unreadable(deny).map((f) => f.severity)).toEqual(['warning']);
  });

  test('an unreadable port of an Allow rule is an error; an unreadable collection priority too (it orders Allow and Deny)', () => {
    const ports = fixture();
    collection(ports, 'network_rule_collection').rule[0].destination_ports = ['99999'];
    expect(unreadable(ports).map((f) => [f.severity, f.message.includes('destination_ports')])).toEqual([
      ['error', true],
    ]);
    const priority = fixture();
    collection(priority, 'application_rule_collection').priority = 'first';
    expect(unreadable(priority).map((f) => f.severity)).toEqual(['error', 'error']);
  });

  test("a diagnostic setting's unreadable target is a warning: it can only lose logs, not open a path", () => {
    const doc = fixture();
    doc.resource.azurerm_monitor_diagnostic_setting = {
      fw: {
        name: 'diag-fw',
        target_resource_id: '${azurerm_firewall.fw.id}',
        log_analytics_workspace_id: 42,
        enabled_log: [{ category_group: 'allLogs' }],
      },
    };
    const found = unreadable(doc);
    expect(found.map((f) => [f.path, f.severity])).toEqual([['azurerm_monitor_diagnostic_setting.fw', 'warning']]);
  });

  test('an unreadable route next hop is an error: the subnet may bypass the firewall', () => {
    const doc = fixture();
    (doc.resource.azurerm_route_table.rt.route as Record<string, unknown>[])[0].next_hop_type = 'Elsewhere';
    expect(unreadable(doc).map((f) => [f.path, f.severity])).toEqual([['azurerm_route_table.rt', 'error']]);
  });

  test('a refused clinicnet_site declaration is an error: the site is checked without its declared intent', () => {
    const doc = fixture() as Doc & { output?: unknown };
    doc.output = { clinicnet_site: { value: { version: 1, site: 'clinic', packs: 'lumos' } } };
    expect(unreadable(doc).map((f) => [f.path, f.severity])).toEqual([['output.clinicnet_site', 'error']]);
  });
});
