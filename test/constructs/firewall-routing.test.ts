// SPDX-License-Identifier: Apache-2.0
import { RouteTable } from '@cdktf/provider-azurerm/lib/route-table';
import { SharedKey } from '../../lib/constructs/shared-key';
import { SiteToSiteVpn } from '../../lib/constructs/site-to-site-vpn';
import { Cidr } from '../../lib/net/cidr';
import { resourcesOf, synth, testClinic } from './util';
import { modelOf } from './read-back';

const FIREWALL_IP = '${azurerm_firewall.firewall.ip_configuration[0].private_ip_address}';
const KEY = SharedKey.fromKeyVaultSecret({
  keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
  secretName: 'psk',
});
const LAN = {
  name: 'lan',
  gatewayAddress: '203.0.113.7',
  prefixes: [Cidr.parse('192.168.20.0/24'), Cidr.parse('192.168.10.0/24')],
};

type Route = { name: string; address_prefix: string; next_hop_type: string; next_hop_in_ip_address: string };

function tablesByName(out: string): Record<string, { bgp_route_propagation_enabled: boolean; route: Route[] }> {
  const tables = Object.values(resourcesOf(out, 'azurerm_route_table')) as unknown as {
    name: string;
    bgp_route_propagation_enabled: boolean;
    route: Route[];
  }[];
  return Object.fromEntries(tables.map((t) => [t.name, t]));
}

function associatedSubnets(out: string): string[] {
  return Object.values(resourcesOf(out, 'azurerm_subnet_route_table_association'))
    .map((a) => `${String(a.subnet_id)} -> ${String(a.route_table_id)}`)
    .sort();
}

describe('FirewallRouting: workload traffic goes through the site firewall', () => {
  test('every workload subnet gets 0.0.0.0/0 → the firewall private IP, with BGP propagation off; platform subnets get nothing', () => {
    const { site } = testClinic({
      workloadSubnets: [
        { name: 'clinical', prefix: Cidr.parse('10.1.1.0/24') },
        { name: 'imaging', prefix: Cidr.parse('10.1.2.0/24'), role: 'imaging-gateway' },
      ],
    });
    const out = synth(site);
    expect(out).toHaveResourceWithProperties(RouteTable, {
      name: 'rt-clinic-workload',
      bgp_route_propagation_enabled: false,
    });
    expect(tablesByName(out)['rt-clinic-workload'].route).toEqual([
      {
        name: 'default-via-firewall',
        address_prefix: '0.0.0.0/0',
        next_hop_type: 'VirtualAppliance',
        next_hop_in_ip_address: FIREWALL_IP,
      },
    ]);
    expect(Object.keys(tablesByName(out))).toEqual(['rt-clinic-workload']);
    const table = '${azurerm_route_table.routing_workload_B0A54903.id}';
    expect(associatedSubnets(out)).toEqual([
      `\${azurerm_subnet.subnet-clinical.id} -> ${table}`,
      `\${azurerm_subnet.subnet-imaging.id} -> ${table}`,
    ]);
    const via = Object.fromEntries(modelOf(site).vnets[0].subnets.map((s) => [s.name, s.egressVia]));
    expect(via).toEqual({
      AzureFirewallSubnet: 'internet',
      GatewaySubnet: 'internet',
      clinical: 'firewall',
      imaging: 'firewall',
    });
  });

  test('a VPN adds its remote prefixes to the workload table and a GatewaySubnet table sending the workload prefixes back through the firewall', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-lan', { remote: LAN, sharedKey: KEY });
    const tables = tablesByName(synth(site));
    expect(
      tables['rt-clinic-workload'].route.map(
        (r) => `${r.name} ${r.address_prefix} ${r.next_hop_type} ${r.next_hop_in_ip_address}`,
      ),
    ).toEqual([
      `default-via-firewall 0.0.0.0/0 VirtualAppliance ${FIREWALL_IP}`,
      `vpn-to-lan-192-168-10-0-24 192.168.10.0/24 VirtualAppliance ${FIREWALL_IP}`,
      `vpn-to-lan-192-168-20-0-24 192.168.20.0/24 VirtualAppliance ${FIREWALL_IP}`,
    ]);
    const gateway = tables['rt-clinic-gateway'];
    // Azure needs gateway route propagation on GatewaySubnet, and a 0.0.0.0/0 there is unsupported.
    expect(gateway.bgp_route_propagation_enabled).toBe(true);
    expect(gateway.route).toEqual([
      {
        name: 'to-workload-10-1-1-0-24',
        address_prefix: '10.1.1.0/24',
        next_hop_type: 'VirtualAppliance',
        next_hop_in_ip_address: FIREWALL_IP,
      },
    ]);
    expect(associatedSubnets(synth(site))).toContain(
      '${azurerm_subnet.subnet-GatewaySubnet.id} -> ${azurerm_route_table.routing_gateway_BF57AF2F.id}',
    );
    expect(associatedSubnets(synth(site)).some((a) => a.includes('AzureFirewallSubnet'))).toBe(false);
  });

  test('a second VPN link adds routes but no second GatewaySubnet table', () => {
    const { site } = testClinic();
    new SiteToSiteVpn(site, 'to-lan', { remote: LAN, sharedKey: KEY });
    new SiteToSiteVpn(site, 'to-lab', {
      remote: { name: 'lab', gatewayAddress: '203.0.113.8', prefixes: [Cidr.parse('172.20.0.0/24')] },
      sharedKey: KEY,
    });
    const out = synth(site);
    expect(Object.keys(tablesByName(out)).sort()).toEqual(['rt-clinic-gateway', 'rt-clinic-workload']);
    expect(tablesByName(out)['rt-clinic-workload'].route.map((r) => r.address_prefix)).toEqual([
      '0.0.0.0/0',
      '192.168.10.0/24',
      '192.168.20.0/24',
      '172.20.0.0/24',
    ]);
    expect(associatedSubnets(out)).toHaveLength(2);
  });

  test('a site without a firewall gets no route table, and its workload subnets are recorded as egressing to the internet', () => {
    const { site } = testClinic({ firewall: false, firewallSubnet: undefined });
    expect(resourcesOf(synth(site), 'azurerm_route_table')).toEqual({});
    expect(modelOf(site).vnets[0].subnets.find((s) => s.name === 'clinical')?.egressVia).toBe('internet');
  });
});
