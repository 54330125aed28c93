// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import { Testing } from 'cdktf';
import { ClinicSite } from '../../lib/constructs/clinic-site';
import { SharedKey } from '../../lib/constructs/shared-key';
import { SiteToSiteVpn } from '../../lib/constructs/site-to-site-vpn';
import type { Site } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { readTerraformDocument } from '../../lib/terraform';
import { planFixture, quietEstate } from './util';
import { modelOf } from '../constructs/read-back';
import { stringContaining } from '../matchers';

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

const KEY = SharedKey.fromKeyVaultSecret({
  keyVaultId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv',
  secretName: 'psk',
});

/** A clinic with a firewall, two workload subnets and a VPN, synthesized to cdk.tf.json. */
function synthesized(): { site: ClinicSite; json: Json } {
  const { estate } = quietEstate();
  const site = new ClinicSite(estate, 'clinic', {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [Cidr.parse('10.5.0.0/16')],
    firewallSubnet: Cidr.parse('10.5.0.0/26'),
    gatewaySubnet: Cidr.parse('10.5.0.64/27'),
    workloadSubnets: [
      { name: 'clinical', prefix: Cidr.parse('10.5.1.0/24') },
      { name: 'admin', prefix: Cidr.parse('10.5.2.0/24') },
    ],
  });
  new SiteToSiteVpn(site, 'to-lan', {
    remote: { name: 'lan', gatewayAddress: '203.0.113.7', prefixes: [Cidr.parse('192.168.10.0/24')] },
    sharedKey: KEY,
  });
  return { site, json: JSON.parse(Testing.synth(site)) as Json };
}

function egressOf(site: Site): Record<string, unknown> {
  return Object.fromEntries(site.vnets.flatMap((v) => v.subnets).map((s) => [s.name, s.egressVia]));
}

function read(json: unknown): Record<string, unknown> {
  return egressOf(readTerraformDocument(json, 'clinic.cdk.tf.json').model.sites[0]);
}

/** The workload route table's inline routes. */
function workloadRoutes(json: Json): Record<string, unknown>[] {
  const table = Object.values(json.resource.azurerm_route_table).find((t) => t.name === 'rt-clinic-workload');
  return (table as { route: Record<string, unknown>[] }).route;
}

describe('reading route tables back into egressVia', () => {
  test("the constructs' routing reads back as the constructs record it", () => {
    const { site, json } = synthesized();
    expect(read(json)).toEqual({
      AzureFirewallSubnet: 'internet',
      GatewaySubnet: 'internet',
      admin: 'firewall',
      clinical: 'firewall',
    });
    expect(read(json)).toEqual(egressOf(modelOf(site)));
  });

  test("a workload subnet whose association is removed keeps Azure's internet route", () => {
    const { json } = synthesized();
    const associations = json.resource.azurerm_subnet_route_table_association;
    for (const [id, a] of Object.entries(associations))
      if (String(a.subnet_id).includes('subnet-admin')) delete associations[id];
    expect(read(json)).toMatchObject({ admin: 'internet', clinical: 'firewall' });
  });

  test('next hop Internet is internet; an appliance outside AzureFirewallSubnet is other; one inside it is the firewall', () => {
    const cases: [Record<string, unknown>, unknown][] = [
      [{ next_hop_type: 'Internet', next_hop_in_ip_address: undefined }, 'internet'],
      [{ next_hop_in_ip_address: '10.5.3.4' }, 'other'],
      [{ next_hop_in_ip_address: '10.5.0.4' }, 'firewall'],
      [{ next_hop_type: 'VirtualNetworkGateway', next_hop_in_ip_address: undefined }, 'other'],
    ];
    for (const [patch, expected] of cases) {
      const { json } = synthesized();
      Object.assign(workloadRoutes(json)[0], patch);
      expect(read(json).clinical).toEqual(expected);
    }
  });

  test('a table without a 0.0.0.0/0 route leaves the internet route in place', () => {
    const { json } = synthesized();
    const routes = workloadRoutes(json);
    routes.splice(0, 1);
    expect(read(json).clinical).toBe('internet');
  });

  test('a next hop that cannot be resolved is unknown, never assumed to be the firewall', () => {
    const { json } = synthesized();
    workloadRoutes(json)[0].next_hop_in_ip_address = '${var.appliance_ip}';
    expect(read(json).clinical).toEqual({ unknown: 'var.appliance_ip' });
  });

  describe('routes broader than any private range (/1–/7) take internet traffic past the default route', () => {
    const route = (prefix: string, hop: Record<string, unknown>) => ({
      name: `r-${prefix.replace(/[./]/g, '-')}`,
      address_prefix: prefix,
      ...hop,
    });
    const internet = { next_hop_type: 'Internet' };
    const appliance = { next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '10.5.3.4' };
    const firewall = { next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '10.5.0.4' };
    const clinicalWith = (extra: Record<string, unknown>[], keepDefault = true) => {
      const { json } = synthesized();
      const routes = workloadRoutes(json);
      if (!keepDefault) routes.splice(0, 1);
      routes.push(...extra);
      return read(json).clinical;
    };

    test('a split default route (0.0.0.0/1 + 128.0.0.0/1) to the internet beats 0.0.0.0/0 to the firewall', () => {
      expect(clinicalWith([route('0.0.0.0/1', internet), route('128.0.0.0/1', internet)])).toBe('internet');
    });

    test('half of the internet sent straight out is internet egress', () => {
      expect(clinicalWith([route('128.0.0.0/1', internet)])).toBe('internet');
    });

    test('a split default through the firewall in a table without 0.0.0.0/0 is the firewall', () => {
      expect(clinicalWith([route('0.0.0.0/1', firewall), route('128.0.0.0/1', firewall)], false)).toBe('firewall');
    });

    test('part of the internet through another appliance is unknown, not the firewall', () => {
      expect(clinicalWith([route('64.0.0.0/2', appliance)])).toEqual({
        unknown: stringContaining('64.0.0.0/2'),
      });
    });

    test('a broad route whose next hop cannot be resolved is unknown', () => {
      expect(
        clinicalWith([route('0.0.0.0/1', { next_hop_type: 'VirtualAppliance', next_hop_in_ip_address: '${var.hop}' })]),
      ).toEqual({ unknown: stringContaining('0.0.0.0/1') });
    });

    test('narrower routes (a /8 to the internet, private ranges elsewhere) leave the default route in charge', () => {
      expect(clinicalWith([route('20.0.0.0/8', internet), route('172.16.0.0/12', appliance)])).toBe('firewall');
    });
  });

  test('an association whose subnet cannot be resolved makes every unassociated subnet unknown', () => {
    const { json } = synthesized();
    const associations = json.resource.azurerm_subnet_route_table_association;
    for (const a of Object.values(associations))
      if (String(a.subnet_id).includes('subnet-admin')) a.subnet_id = '${var.subnet_id}';
    const via = read(json);
    expect(via.clinical).toBe('firewall');
    expect(via.admin).toEqual({ unknown: stringContaining('var.subnet_id') });
  });

  test('plans: a separate azurerm_route with a literal firewall address (plain Terraform) and an inline route referring to the firewall', () => {
    const plain = readTerraformDocument(
      JSON.parse(fs.readFileSync(planFixture('plain-site.json'), 'utf8')),
      'plain-site.json',
    );
    expect(egressOf(plain.model.sites[0])).toMatchObject({ clinical: 'firewall', AzureFirewallSubnet: 'internet' });
    expect(plain.problems.filter((p) => p.resourceType.includes('route'))).toEqual([]);
    const onepacs = readTerraformDocument(
      JSON.parse(fs.readFileSync(planFixture('onepacs-inbound.json'), 'utf8')),
      'onepacs-inbound.json',
    );
    expect(egressOf(onepacs.model.sites[0])).toEqual({ AzureFirewallSubnet: 'internet', imaging: 'firewall' });
  });

  test('plans: a route list known only after apply with no default route is unknown', () => {
    const plan = JSON.parse(fs.readFileSync(planFixture('onepacs-inbound.json'), 'utf8')) as {
      resource_changes: {
        type: string;
        change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> };
      }[];
    };
    const table = plan.resource_changes.find((c) => c.type === 'azurerm_route_table');
    delete table?.change.after.route;
    if (table) table.change.after_unknown.route = true;
    const { model } = readTerraformDocument(plan, 'onepacs-inbound.json');
    expect(egressOf(model.sites[0]).imaging).toEqual({ unknown: stringContaining('known only after apply') });
  });
});
