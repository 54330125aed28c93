// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformInput } from '../../lib/terraform';
import { tempFile } from './util';

const fixture = path.join(__dirname, '..', 'fixtures', 'tf', 'interpolated-vnet-name.cdk.tf.json');

describe('Terraform files beside a stack are reported, never passed over', () => {
  const stack = tempFile('cdk.tf.json', fs.readFileSync(fixture, 'utf8'));
  const dir = path.dirname(stack);
  fs.writeFileSync(path.join(dir, 'main_override.tf.json'), '{"resource": {}}');
  fs.writeFileSync(path.join(dir, 'extra.tf'), '');
  fs.writeFileSync(path.join(dir, 'notes.json'), '{}');

  test('an override file and another .tf file are one problem each; other files are not', () => {
    const result = readTerraformInput(stack);
    expect(result.problems).toEqual([
      {
        site: '',
        address: path.join(dir, 'extra.tf'),
        resourceType: 'file',
        message:
          'a Terraform file beside stack cove that Terraform also applies; clinicnet does not read it, so what it configures is not checked',
      },
      {
        site: '',
        address: path.join(dir, 'main_override.tf.json'),
        resourceType: 'file',
        message:
          'an override file beside stack cove that Terraform merges into it; clinicnet does not read it, so what it changes is not checked',
      },
    ]);
  });

  test('a stack file of another name (a copied fixture) is not taken for a stack directory', () => {
    expect(readTerraformInput(fixture).problems).toEqual([]);
  });
});
