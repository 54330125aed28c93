// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { readTerraformDocument } from '../../lib/terraform';

const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'plans', name), 'utf8')) as Record<string, unknown>;

describe('a plan written without planned_values', () => {
  test.each(['plain-site.json', 'lumos-data-port-by-ip.json', 'vpn-literal-key.json'])(
    '%s: the after side of resource_changes gives the same model, never an empty one',
    (name) => {
      const plan = fixture(name);
      const { planned_values: _planned, ...changesOnly } = plan;
      const full = readTerraformDocument(plan, name, { packs: ['lumos'] });
      const fromChanges = readTerraformDocument(changesOnly, name, { packs: ['lumos'] });
      expect(fromChanges.model.sites.length).toBeGreaterThan(0);
      expect(fromChanges.model).toEqual(full.model);
    },
  );
});
