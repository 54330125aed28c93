// SPDX-License-Identifier: Apache-2.0
/**
 * A DNAT rule listening on `${azurerm_public_ip.fw.ip_address}` listens on that public IP: known
 * by identity (the model names the resource), not an unknown, and reports name the resource.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformInput } from '../../lib/terraform';
import { renderNetworkDoc } from '../../lib/artefacts/network-md';
import { validateModel } from '../../lib/model/validate';
import { runPolicy } from '../../lib/policy/pipeline';
import { tempFile } from './util';

type Doc = { resource: Record<string, Record<string, Record<string, unknown>>> };

function withListenAddress(value: string): string {
  const file = path.join(__dirname, '..', 'fixtures', 'dataplane', 'dnat.cdk.tf.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as Doc;
  const nat = doc.resource.azurerm_firewall_policy_rule_collection_group.rcg.nat_rule_collection as {
    rule: Record<string, unknown>[];
  }[];
  nat[0].rule[0].destination_address = value;
  return tempFile('clinic.cdk.tf.json', JSON.stringify(doc));
}

describe("a forward's listen address", () => {
  test('a reference to a public IP of the same input is that resource, by identity', () => {
    const read = readTerraformInput(withListenAddress('${azurerm_public_ip.fw.ip_address}'));
    const [site] = read.model.sites;
    expect(site.inbound.map((f) => f.destination)).toEqual([{ ref: 'azurerm_public_ip.fw' }]);
    expect(() => validateModel(read.model)).not.toThrow();
    expect(read.problems).toEqual([]);
    const unknowns = runPolicy(read.model, read.problems).findings.filter((f) => f.kind === 'unknown');
    expect(unknowns.map((f) => f.message).join('\n')).not.toContain('ip_address');
  });

  test('NETWORK.md names the public IP, never the raw expression', () => {
    const read = readTerraformInput(withListenAddress('${azurerm_public_ip.fw.ip_address}'));
    const doc = renderNetworkDoc(read.model.sites[0]);
    const row = doc.split('\n').find((l) => l.startsWith('| custo |'));
    expect(row).toContain('| TCP 8443 on the public IP `azurerm_public_ip.fw` \\(known after apply\\) |');
    expect(doc).not.toContain('${');
  });

  test('a literal stays the address; a variable or a resource of another kind stays unknown', () => {
    const literal = readTerraformInput(withListenAddress('203.0.113.10')).model.sites[0];
    expect(literal.inbound[0].destination).toBe('203.0.113.10');
    const variable = readTerraformInput(withListenAddress('${var.listen}')).model.sites[0];
    expect(variable.inbound[0].destination).toEqual({ unknown: expect.stringContaining('var.listen') as string });
    const other = readTerraformInput(withListenAddress('${azurerm_subnet.practice.name}')).model.sites[0];
    expect(other.inbound[0].destination).not.toHaveProperty('ref');
  });
});
