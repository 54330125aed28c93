// SPDX-License-Identifier: Apache-2.0
/** The example estate synthesizes to what Azure accepts: real regions, zones only where they exist, valid gateway SKUs. */
import { Testing } from 'cdktf';
import { azureRegion, vpnGatewaySkuAllows } from '../../lib/model/azure';
import { isUnknown } from '../../lib/model/types';
import { evaluate } from '../../lib/policy/engine';
import { readTerraformInput } from '../../lib/terraform';
import { buildExampleEstate } from '../../stacks/estate';
import { synthToDir } from './util';

describe('the example estate against the platform tables', () => {
  const app = Testing.app();
  buildExampleEstate(app);
  const { model } = readTerraformInput(synthToDir(app));

  test('has a site in a region without zones, and pins nothing to zones there', () => {
    const regional = model.sites.filter(
      (s) => !isUnknown(s.region) && azureRegion(s.region)?.availabilityZones === false,
    );
    expect(regional.length).toBeGreaterThan(0);
    for (const site of regional) expect(site.placements?.filter((p) => p.zones.length > 0)).toEqual([]);
  });

  test('every location is a region and every gateway a SKU/generation Azure creates', () => {
    const placements = model.sites.flatMap((s) => s.placements ?? []);
    expect(placements.length).toBeGreaterThan(20);
    for (const p of placements) expect(!isUnknown(p.location) && azureRegion(p.location) !== undefined).toBe(true);
    const gateways = model.sites.flatMap((s) => (s.vpnGateway === undefined ? [] : [s.vpnGateway]));
    expect(gateways.length).toBeGreaterThan(0);
    for (const { sku, generation } of gateways) {
      if (isUnknown(sku) || isUnknown(generation)) throw new Error(`gateway SKU or generation unknown`);
      expect(vpnGatewaySkuAllows(sku, generation)).toEqual({ ok: true });
    }
  });

  test('the azure pack finds nothing, not even an unknown', () => {
    const ids = [
      'AZURE-REGION',
      'AZURE-ZONES',
      'AZURE-VPN-GATEWAY-SKU',
      'AZURE-EXPLICIT-PROXY',
      'BASE-PRIVATE-ADDRESSING',
    ];
    expect(evaluate(model).findings.filter((f) => ids.includes(f.requirement))).toEqual([]);
  });
});
