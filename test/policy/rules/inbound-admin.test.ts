// SPDX-License-Identifier: Apache-2.0
import * as path from 'path';
import type { Site } from '../../../lib/model/types';
import { inboundAdmin } from '../../../lib/policy/rules/inbound-admin';
import { readTerraformInput } from '../../../lib/terraform';
import { ruleTester } from './rule-tester';

const rule = ruleTester(inboundAdmin);
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'dataplane');

function clinic(fixture: string): Site {
  const site = readTerraformInput(path.join(FIXTURES, fixture), { dataplane: true }).model.sites.find(
    (s) => s.name === 'clinic',
  );
  if (site === undefined) throw new Error(`no clinic in ${fixture}`);
  return site;
}

describe('inbound-admin', () => {
  test('explore', () => {
    console.log(JSON.stringify(rule.check(clinic('nic-public-ip.cdk.tf.json')), null, 1));
    console.log(JSON.stringify(rule.check(clinic('inbound-admin-dnat.cdk.tf.json')), null, 1));
    console.log(JSON.stringify(rule.check(clinic('base.cdk.tf.json')), null, 1));
  });
});
