// SPDX-License-Identifier: Apache-2.0
import type { NetworkModel, Site } from '../../../lib/model/types';
import { MODEL_VERSION, unknown } from '../../../lib/model/types';
import { RuleMemo } from '../../../lib/policy/rule-memo';
import { custoVpnNoOverlap } from '../../../lib/policy/rules/custo-vpn-no-overlap';
import { ruleTester, site, subnet, vnet } from './rule-tester';

const rule = ruleTester(custoVpnNoOverlap);

/** A custo site over VPN with address space `space` (one subnet at its start). */
function custoSite(name: string, space: string, custo: Site['vendor']['custo']): Site {
  return site({
    name,
    path: `estate/${name}`,
    packs: ['custo'],
    vnets: [
      vnet([subnet({ path: `estate/${name}/vnet/clinical`, addressPrefixes: [space.replace('/16', '/24')] })], {
        path: `estate/${name}/vnet`,
        addressSpaces: [space],
      }),
    ],
    vendor: { custo },
  });
}
const centre = (space: string) => custoSite('centre', space, { role: 'centre', mode: 'vpn' });
const sender = (name: string, space: string, mode: 'vpn' | 'port-forward' = 'vpn') =>
  custoSite(name, space, { role: 'sender', mode, centre: 'centre' });

describe('custo-vpn-no-overlap', () => {
  test('a centre and senders with disjoint ranges pass', () => {
    expect(rule.kinds(centre('10.1.0.0/16'), sender('gp-a', '10.2.0.0/16'), sender('gp-b', '10.3.0.0/16'))).toEqual([]);
  });

  test('a sender overlapping its centre is a violation on the later range', () => {
    const results = rule.check(centre('10.1.0.0/16'), sender('gp-a', '10.1.0.0/16'));
    expect(results.map((r) => r.kind)).toContain('violation');
    expect(results[0].problem).toBe('custo VPN group of centre: address ranges overlap');
  });

  test('a sender by port forwarding is not in the VPN group', () => {
    expect(rule.kinds(centre('10.1.0.0/16'), sender('gp-a', '10.1.0.0/16', 'port-forward'))).toEqual([]);
  });

  test('only the sites the entry covers are grouped: custo settings without the pack are not (no pack ids read)', () => {
    const covered = [centre('10.1.0.0/16')];
    const outsider = { ...sender('gp-a', '10.1.0.0/16'), packs: [] };
    const memo = new RuleMemo();
    const model: NetworkModel = { version: MODEL_VERSION, sites: [...covered, outsider] };
    expect(custoVpnNoOverlap.check({ model, sites: covered, params: {}, memo })).toEqual([]);
    // The same sites, both covered, overlap: what decides is coverage, not the `packs` field.
    expect(custoVpnNoOverlap.check({ model, sites: [...covered, outsider], params: {}, memo }).length).toBeGreaterThan(
      0,
    );
  });

  test('a group of one has no partner; an unresolved range in a group is unknown', () => {
    expect(rule.kinds(centre('10.1.0.0/16'))).toEqual([]);
    const doubtful = custoSite('gp-a', '10.2.0.0/16', { role: 'sender', mode: 'vpn', centre: 'centre' });
    const withUnknown = { ...doubtful, vnets: [{ ...doubtful.vnets[0], addressSpaces: [unknown('var.space')] }] };
    expect(rule.check(centre('10.1.0.0/16'), withUnknown).map((r) => r.kind)).toContain('unknown');
  });
});
