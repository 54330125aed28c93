// SPDX-License-Identifier: Apache-2.0
import { addressPlanOf, SiteRangesMemo } from '../../lib/model/plan';
import { MODEL_VERSION, NetworkModel, Site, unknown, VpnLink } from '../../lib/model/types';
import { emptySite } from './empty-site';
import { stringMatching } from '../matchers';

const site = emptySite;

function link(name: string, remote: Partial<VpnLink['remote']>): VpnLink {
  return {
    name,
    path: `links/${name}`,
    address: `azurerm_virtual_network_gateway_connection.${name}`,
    protocol: 'IKEv2',
    remote: { name: `lng-${name}`, address: `azurerm_local_network_gateway.${name}`, prefixes: [], ...remote },
    localPrefixes: [],
    sharedKey: { source: 'key-vault-secret' },
  };
}

const model = (...sites: Site[]): NetworkModel => ({ version: MODEL_VERSION, sites });

const summary = (m: NetworkModel) =>
  addressPlanOf(m)
    .plan.ranges()

    .map((r) => `${r.kind} ${r.name} ${r.cidr.toString()}${r.parent ? ` in ${r.parent}` : ''} @${r.site} ${r.path}`);

describe('addressPlanOf', () => {
  test('VNet spaces and subnets, with subnets parented to the site-qualified VNet', () => {
    const clinic = site('clinic-a', {
      vnets: [
        {
          name: 'vnet',
          path: 'clinic-a/vnet',
          address: 'azurerm_virtual_network.vnet',
          addressSpaces: ['10.1.0.0/16', '2001:db8:1::/48'],
          subnets: [
            {
              name: 'workload',
              path: 'clinic-a/vnet/workload',
              address: 'azurerm_subnet.w',
              role: 'workload',
              addressPrefixes: ['10.1.1.0/24'],
            },
          ],
        },
      ],
    });
    expect(summary(model(clinic))).toEqual([
      'vnet clinic-a/vnet 10.1.0.0/16 @clinic-a clinic-a/vnet',
      'subnet clinic-a/vnet/workload 10.1.1.0/24 in clinic-a/vnet @clinic-a clinic-a/vnet/workload',
      'vnet clinic-a/vnet 2001:db8:1::/48 @clinic-a clinic-a/vnet',
    ]);
    const { plan } = addressPlanOf(model(clinic));
    expect(plan.overlaps()).toEqual([]);
    expect(plan.containmentErrors()).toEqual([]);
  });

  test('two sites with the same VNet name stay distinct and their overlap is found', () => {
    const vnet = (cidr: string) => ({ name: 'vnet', path: 'p', address: 'a', addressSpaces: [cidr], subnets: [] });
    const { plan } = addressPlanOf(
      model(site('clinic-a', { vnets: [vnet('10.1.0.0/16')] }), site('clinic-b', { vnets: [vnet('10.1.0.0/20')] })),
    );
    expect(plan.overlaps().map(({ a, b }) => `${a.name}~${b.name}`)).toEqual(['clinic-a/vnet~clinic-b/vnet']);
  });

  test('remote prefixes count unless the far end is an estate site', () => {
    const hub = site('hub', {
      kind: 'hub',
      vpnLinks: [
        link('to-clinic-a', { site: 'clinic-a', prefixes: ['10.1.0.0/16'] }),
        link('to-vendor', { prefixes: ['203.0.113.0/24'], gatewayAddress: '198.51.100.1' }),
        link('to-outsider', { site: 'not-in-estate', prefixes: ['192.168.7.0/24'] }),
      ],
    });
    expect(summary(model(hub, site('clinic-a')))).toEqual([
      'onprem hub/to-outsider/lng-to-outsider 192.168.7.0/24 @hub links/to-outsider',
      'onprem hub/to-vendor/lng-to-vendor 203.0.113.0/24 @hub links/to-vendor',
    ]);
  });

  test('the same remote network reached from two sites is one range, different ones are two', () => {
    const vendor = (name: string, gatewayAddress: string) =>
      link(name, { prefixes: ['203.0.113.0/24'], gatewayAddress });
    const same = model(
      site('hub-1', { vpnLinks: [vendor('v', '198.51.100.1')] }),
      site('hub-2', { vpnLinks: [vendor('v', '198.51.100.1')] }),
    );
    expect(addressPlanOf(same).plan.ranges()).toHaveLength(1);
    const clash = model(
      site('clinic-a', { vpnLinks: [vendor('lan', '198.51.100.1')] }),
      site('clinic-b', { vpnLinks: [vendor('lan', '198.51.100.2')] }),
    );
    expect(addressPlanOf(clash).plan.overlaps()).toHaveLength(1);
  });

  test('plans of some of the sites, sharing a memo with the estate plan, are the plans those sites make alone', () => {
    const vnet = (cidr: string) => ({
      name: 'vnet',
      path: 'p',
      address: 'a',
      addressSpaces: [cidr],
      subnets: [{ name: 'w', path: 'p/w', address: 's', role: 'workload' as const, addressPrefixes: [cidr] }],
    });
    const hub = site('hub', {
      kind: 'hub',
      vnets: [vnet('10.0.0.0/16')],
      vpnLinks: [link('to-clinic-a', { site: 'clinic-a', prefixes: ['10.1.0.0/16'] })],
      vpnClientPools: [unknown('var.pool')],
    });
    const clinic = site('clinic-a', { vnets: [vnet('10.1.0.0/16')] });
    const memo = new SiteRangesMemo();
    const ranges = (p: ReturnType<typeof addressPlanOf>) =>
      p.plan.ranges().map((r) => `${r.kind} ${r.name} ${r.cidr.toString()}`);
    expect(ranges(addressPlanOf(model(hub, clinic), memo))).toEqual(ranges(addressPlanOf(model(hub, clinic))));
    // Alone, the hub's link leads outside its estate: the far end's prefix is a range of its own.
    const alone = addressPlanOf(model(hub), memo);
    expect(ranges(alone)).toEqual(ranges(addressPlanOf(model(hub))));
    expect(ranges(alone)).toContain('onprem hub/to-clinic-a/lng-to-clinic-a 10.1.0.0/16');
    expect(alone.unknowns).toEqual(addressPlanOf(model(hub)).unknowns);
  });

  test('VPN client pools join the plan', () => {
    const hub = site('hub', { vpnClientPools: ['172.16.200.0/24'] });
    expect(summary(model(hub))).toEqual([
      'vpn-client-pool hub/vpn-client-pool/172.16.200.0/24 172.16.200.0/24 @hub hub',
    ]);
  });

  test('subnets of a VNet with an unknown space are not judged outside it', () => {
    const clinic = site('clinic-a', {
      vnets: [
        {
          name: 'vnet',
          path: 'clinic-a/vnet',
          address: 'a',
          addressSpaces: ['10.1.0.0/16', unknown('var.extra_space')],
          subnets: [
            {
              name: 'extra',
              path: 'clinic-a/vnet/extra',
              address: 's',
              role: 'workload',
              addressPrefixes: ['10.9.0.0/24'],
            },
          ],
        },
      ],
    });
    const { plan, unknowns } = addressPlanOf(model(clinic));
    expect(plan.containmentErrors()).toEqual([]);
    expect(unknowns.map((u) => u.what)).toEqual(['address space of VNet vnet: unknown (var.extra_space)']);
  });

  test('unknown and unreadable CIDRs are reported, never dropped', () => {
    const clinic = site('clinic-a', {
      vnets: [
        {
          name: 'vnet',
          path: 'clinic-a/vnet',
          address: 'a',
          addressSpaces: [unknown('var.space'), '10.1.2.0/16'],
          subnets: [],
        },
      ],
      vpnLinks: [link('lan', { prefixes: [unknown('known after apply')] })],
      vpnClientPools: [unknown('var.pool')],
    });
    const { plan, unknowns } = addressPlanOf(model(clinic));
    expect(plan.ranges()).toEqual([]);
    expect(unknowns).toEqual([
      { site: 'clinic-a', path: 'clinic-a/vnet', what: 'address space of VNet vnet: unknown (var.space)' },
      {
        site: 'clinic-a',
        path: 'clinic-a/vnet',
        what: stringMatching(
          /^address space of VNet vnet: unreadable \(\[CIDR-HOST-BITS\] .*did you mean "10\.1\.0\.0\/16"\?\)$/,
        ),
      },
      { site: 'clinic-a', path: 'links/lan', what: 'remote prefix of VPN link lan: unknown (known after apply)' },
      { site: 'clinic-a', path: 'clinic-a', what: 'VPN client address pool: unknown (var.pool)' },
    ]);
  });
});
