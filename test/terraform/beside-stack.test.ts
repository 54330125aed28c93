// SPDX-License-Identifier: Apache-2.0
/** Terraform files beside a stack: JSON override files merged by Terraform's rules, any other reported. */
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformInput } from '../../lib/terraform';
import { findingsOf } from './findings';
import { tempFile } from './util';

const fixture = path.join(__dirname, '..', 'fixtures', 'tf', 'interpolated-vnet-name.cdk.tf.json');

/** The clinic's default route sent straight to the internet, and an override of a resource the stack lacks. */
const ROUTE_OVERRIDE = {
  resource: {
    azurerm_route_table: {
      rt: { route: [{ name: 'default', address_prefix: '0.0.0.0/0', next_hop_type: 'Internet' }] },
    },
    azurerm_nat_gateway: { ghost: { name: 'ng-ghost' } },
  },
};

describe('Terraform files beside a stack', () => {
  const stack = tempFile('cdk.tf.json', fs.readFileSync(fixture, 'utf8'));
  const dir = path.dirname(stack);
  fs.writeFileSync(path.join(dir, 'main_override.tf.json'), JSON.stringify(ROUTE_OVERRIDE));
  fs.writeFileSync(path.join(dir, 'tags_override.tf'), '');
  fs.writeFileSync(path.join(dir, 'extra.tf'), '');
  fs.writeFileSync(path.join(dir, 'notes.json'), '{}');

  test('a JSON override is merged (its route replaces the stack’s routes); the rest is one problem each', () => {
    const { read, findings } = findingsOf(stack);
    const route = read.model.sites[0].vnets[0].subnets.find((s) => s.name === 'practice');
    expect(route?.egressVia).toBe('internet');
    expect(read.problems.map((p) => [path.basename(p.address), p.message])).toEqual([
      [
        'extra.tf',
        'a Terraform file beside stack cove that Terraform also applies; clinicnet does not read it, so what it configures is not checked',
      ],
      [
        'main_override.tf.json',
        'an override file beside stack cove: azurerm_nat_gateway.ghost overrides nothing (Terraform refuses this); it is not read',
      ],
      [
        'tags_override.tf',
        'an override file beside stack cove that Terraform merges into it; clinicnet does not read native syntax beside a stack, so what it changes is not checked',
      ],
    ]);
    expect(findings.filter((f) => f[0] !== 'CLINICNET-UNREADABLE')).toEqual([
      ['BASE-NO-ANY-EGRESS', 'cove', 'azurerm_subnet.practice'],
    ]);
  });

  test('the same stack without the files beside it is clean (the fixture is unchanged)', () => {
    expect(findingsOf(fixture).findings).toEqual([]);
    expect(readTerraformInput(fixture).problems).toEqual([]);
  });
});
