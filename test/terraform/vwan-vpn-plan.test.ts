// SPDX-License-Identifier: Apache-2.0
/** vWAN VPN links in a plan: each link's key source from the configuration, a sensitive key never read. */
import { readTerraformDocument } from '../../lib/terraform';

const RG = '/subscriptions/0/resourceGroups/rg';
const resource = (
  type: string,
  name: string,
  values: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  address: `${type}.${name}`,
  mode: 'managed',
  type,
  name,
  values,
  ...extra,
});

const PLAN = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [
        resource('azurerm_firewall_policy', 'p', {
          name: 'fwp-hub',
          location: 'australiaeast',
          tags: { 'clinicnet-site': 'hub' },
        }),
        resource('azurerm_virtual_hub', 'hub', {
          name: 'hub',
          id: `${RG}/providers/Microsoft.Network/virtualHubs/hub`,
        }),
        resource('azurerm_firewall', 'fw', {
          name: 'fw',
          sku_name: 'AZFW_Hub',
          firewall_policy_id: `${RG}/providers/Microsoft.Network/firewallPolicies/fwp-hub`,
          virtual_hub: [{ virtual_hub_id: `${RG}/providers/Microsoft.Network/virtualHubs/hub` }],
        }),
        resource('azurerm_vpn_gateway', 'g', {
          name: 'vpng',
          virtual_hub_id: `${RG}/providers/Microsoft.Network/virtualHubs/hub`,
        }),
        resource('azurerm_vpn_site', 's', {
          name: 'branch',
          id: `${RG}/providers/Microsoft.Network/vpnSites/branch`,
          address_cidrs: ['192.168.7.0/24'],
          link: [{ name: 'l1', ip_address: '198.51.100.7' }],
        }),
        resource(
          'azurerm_vpn_gateway_connection',
          'c',
          {
            name: 'cn-branch',
            remote_vpn_site_id: `${RG}/providers/Microsoft.Network/vpnSites/branch`,
            vpn_link: [
              { name: 'a', vpn_site_link_id: `${RG}/providers/Microsoft.Network/vpnSites/branch/vpnSiteLinks/l1` },
              {
                name: 'b',
                vpn_site_link_id: `${RG}/providers/Microsoft.Network/vpnSites/branch/vpnSiteLinks/l1`,
                shared_key: 'written-in-plain',
              },
            ],
          },
          { sensitive_values: { vpn_link: [{ shared_key: true }, {}] } },
        ),
      ],
    },
  },
  configuration: {
    root_module: {
      variables: { psk: { sensitive: true } },
      resources: [
        {
          address: 'azurerm_vpn_gateway_connection.c',
          mode: 'managed',
          type: 'azurerm_vpn_gateway_connection',
          name: 'c',
          expressions: {
            vpn_link: [
              { shared_key: { references: ['var.psk'] } },
              { shared_key: { constant_value: 'written-in-plain' } },
            ],
          },
        },
      ],
    },
  },
};

test('a sensitive variable key and a literal key, per link, each link to the VPN site link its id names', () => {
  const read = readTerraformDocument(PLAN, 'plan.json');
  const links = read.model.sites[0].vpnLinks;
  expect(links.map((l) => [l.name, l.remote.gatewayAddress, l.remote.prefixes, l.sharedKey])).toEqual([
    ['cn-branch/a', '198.51.100.7', ['192.168.7.0/24'], { source: 'sensitive-variable', reference: 'var.psk' }],
    ['cn-branch/b', '198.51.100.7', ['192.168.7.0/24'], { source: 'literal' }],
  ]);
  expect(JSON.stringify(read)).not.toContain('written-in-plain');
});
