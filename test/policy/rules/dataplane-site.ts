// SPDX-License-Identifier: Apache-2.0
/** The site `clinic` of a data-plane fixture, read with its data plane, for rule tests. */
import * as path from 'path';
import type { DataPlane, FirewallRule } from '../../../lib/model/dataplane';
import type { Site } from '../../../lib/model/types';
import { readTerraformInput } from '../../../lib/terraform';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'dataplane');

/** The `clinic` site of `test/fixtures/dataplane/<fixture>`, data plane included. */
export function dataplaneSite(fixture: string): Site {
  const site = readTerraformInput(path.join(FIXTURES, fixture), { dataplane: true }).model.sites.find(
    (s) => s.name === 'clinic',
  );
  if (site?.dataplane === undefined) throw new Error(`no clinic with a data plane in ${fixture}`);
  return site;
}

/** A copy of the site with its data plane changed by `edit` (a deep copy: the fixture's model stays as read). */
export function withPlane(site: Site, edit: (plane: DataPlane) => DataPlane): Site {
  const plane = JSON.parse(JSON.stringify(site.dataplane)) as DataPlane;
  return { ...site, dataplane: edit(plane) };
}

/** An edit of every firewall rule named `name` (in every policy, group and collection). */
export const editRule =
  (name: string, patch: Partial<FirewallRule>) =>
  (plane: DataPlane): DataPlane => ({
    ...plane,
    policies: plane.policies.map((p) => ({
      ...p,
      groups: p.groups.map((g) => ({
        ...g,
        collections: g.collections.map((c) => ({
          ...c,
          rules: c.rules.map((r) => (r.name === name ? { ...r, ...patch } : r)),
        })),
      })),
    })),
  });
