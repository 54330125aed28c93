// SPDX-License-Identifier: Apache-2.0
/** Data-plane fixtures read as `check` reads them (`{ dataplane: true }`), for the rules proven by path. */
import * as path from 'path';
import type { NetworkModel } from '../../../lib/model/types';
import { readTerraformInput } from '../../../lib/terraform';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'dataplane');
const OWN = path.join(__dirname, '..', '..', 'fixtures', 'obligations');

/** A fixture of test/fixtures/dataplane, or of test/fixtures/obligations with `own`. */
export function readFixture(name: string, own = false): NetworkModel {
  return readTerraformInput(path.join(own ? OWN : FIXTURES, `${name}.cdk.tf.json`), { dataplane: true }).model;
}
