// SPDX-License-Identifier: Apache-2.0
/** Fail closed: an input with nothing to check is refused; network resources without a site are reported, once. */
import { readPlanBeforeAfter, readTerraformDocument } from '../../lib/terraform';
import { runCli } from '../cli/run-cli';
import { tempFile } from './util';

const NOTHING = { resource: { azurerm_storage_account: { s: { name: 'sa' } } }, output: { x: { value: 'y' } } };

/** Subnets of a VNet that is not in the document: no policy, VNet or declaration to make a site of them. */
const SITELESS = {
  resource: {
    azurerm_route_table: { rt: { name: 'rt' } },
    azurerm_subnet: {
      a: { name: 'a', address_prefixes: ['10.0.1.0/24'] },
      b: { name: 'b', address_prefixes: ['10.0.2.0/24'] },
    },
  },
};

describe('fail closed', () => {
  test('an input without any Azure network resource or declaration is refused', () => {
    expect(() => readTerraformDocument(NOTHING, 'other.cdk.tf.json')).toThrow(/TF-INPUT-NO-NETWORK/);
    expect(() => readTerraformDocument({ resource: {} }, 'empty.cdk.tf.json')).toThrow(/TF-INPUT-NO-NETWORK/);
  });

  test('the base side of a review may be empty when asked', () => {
    const result = readTerraformDocument(NOTHING, 'base.cdk.tf.json', { allowEmpty: true });
    expect(result.model.sites).toEqual([]);
    expect(result.problems).toEqual([]);
  });

  test('a declaration alone is something to check', () => {
    const doc = { output: { clinicnet_site: { value: { site: 'gp' } } } };
    expect(readTerraformDocument(doc, 'gp.cdk.tf.json').model.sites.map((s) => s.name)).toEqual(['gp']);
  });

  test('a plan is refused only when neither side has a network', () => {
    const plan = { format_version: '1.2', resource_changes: [] };
    expect(() => readPlanBeforeAfter(plan, 'plan.json')).toThrow(/TF-INPUT-NO-NETWORK/);
    const created = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'azurerm_virtual_network.v',
          mode: 'managed',
          type: 'azurerm_virtual_network',
          name: 'v',
          change: { actions: ['delete'], before: { name: 'vnet' }, after: null },
        },
      ],
    };
    expect(() => readPlanBeforeAfter(created, 'plan.json')).not.toThrow();
  });

  test('the CLI says so in one line with exit 2', async () => {
    const run = await runCli(['check', tempFile('other.cdk.tf.json', JSON.stringify(NOTHING))]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toContain('[TF-INPUT-NO-NETWORK] nothing to check in');
  });

  test('network resources without a site are one problem for the document, naming what was not checked', () => {
    const result = readTerraformDocument(SITELESS, 'net.cdk.tf.json');
    expect(result.model.sites).toEqual([]);
    expect(result.problems).toEqual([
      {
        site: '',
        address: 'net.cdk.tf.json',
        resourceType: 'document',
        message:
          'belongs to no site: 3 Azure network resource(s) (azurerm_route_table, azurerm_subnet) and no firewall policy, virtual network or clinicnet_site output to make a site of them, so only the estate rules check them',
      },
    ]);
  });

  test('check never says "No findings" for such an input', async () => {
    const run = await runCli(['check', tempFile('net.cdk.tf.json', JSON.stringify(SITELESS))]);
    expect(run.out).not.toContain('No findings');
    expect(run.out).toContain('belongs to no site');
  });
});
