// SPDX-License-Identifier: Apache-2.0
/**
 * The OnePacs gateway of plain Terraform (issue 14 item 7): a NIC with a static private IP in the
 * gateway's subnet is the gateway when the site declares the OnePacs pack and no gateway address,
 * with or without the data plane; several candidates are named, never guessed among.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { SiteSettings } from '../../lib/terraform/site-settings';
import { runPolicy } from '../../lib/policy/pipeline';
import { readTerraformDocument, readTerraformInputAsync } from '../../lib/terraform';
import { findingsOf } from './findings';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'tf', name);
const ONE_NIC = fixture('onepacs-gateway-nic.cdk.tf.json');
const TWO_NICS = fixture('onepacs-two-static-nics.cdk.tf.json');

/** A copy of a fixture changed by `change`, written under TMPDIR (jest points it at the ignored .tmp/). */
function changed(file: string, change: (resource: Record<string, Record<string, Record<string, unknown>>>) => void) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource: Parameters<typeof change>[0] };
  change(doc.resource);
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'onepacs-gateway-'));
  const out = path.join(dir, 'cdk.tf.json');
  fs.writeFileSync(out, JSON.stringify(doc));
  return out;
}

/** A `--sites` entry for the fixtures' site. */
const sites = (entry: Omit<SiteSettings, 'pattern' | 'declaredAt'>): SiteSettings[] => [
  { pattern: 'cove', declaredAt: 'sites.yaml: entry "cove"', ...entry },
];

const rolesOf = (read: ReturnType<typeof findingsOf>['read']) =>
  read.model.sites[0].vnets.flatMap((v) => v.subnets.map((s) => [s.name, s.role]));

describe('one static NIC in a workload subnet is the gateway', () => {
  test.each([false, true])(
    'data plane %s: gateway and its subnet read, no finding (was ONEPACS-STATIC-IP)',
    (dataplane) => {
      const { read, findings } = findingsOf(ONE_NIC, { dataplane });
      expect(read.model.sites[0].packs).toEqual(['onepacs']);
      expect(read.model.sites[0].vendor).toEqual({
        onepacs: { gatewayAddress: '10.60.1.10', gatewaySubnet: 'practice' },
      });
      expect(rolesOf(read)).toEqual([
        ['AzureFirewallSubnet', 'firewall'],
        ['practice', 'imaging-gateway'],
      ]);
      expect(read.problems).toEqual([]);
      expect(findings).toEqual([]);
    },
  );

  test('packs from the --sites file alone are enough; without the onepacs pack nothing is read', () => {
    const untagged = changed(ONE_NIC, (r) => {
      r.azurerm_firewall_policy.policy.tags = { 'clinicnet-site': 'cove' };
    });
    const withPack = findingsOf(untagged, { sites: sites({ packs: ['onepacs'] }) });
    expect(withPack.read.model.sites[0].vendor).toEqual({
      onepacs: { gatewayAddress: '10.60.1.10', gatewaySubnet: 'practice' },
    });
    expect(withPack.findings).toEqual([]);
    const without = findingsOf(untagged);
    expect(without.read.model.sites[0].vendor).toEqual({});
    expect(rolesOf(without.read)).toEqual([
      ['AzureFirewallSubnet', 'firewall'],
      ['practice', 'workload'],
    ]);
  });

  test('a declared gateway address is kept; a declared subnet without a static NIC reports nothing new', () => {
    const address = findingsOf(ONE_NIC, { sites: sites({ vendor: { onepacs: { gatewayAddress: '10.60.1.99' } } }) });
    expect(address.read.model.sites[0].vendor).toEqual({ onepacs: { gatewayAddress: '10.60.1.99' } });
    const elsewhere = findingsOf(ONE_NIC, { sites: sites({ vendor: { onepacs: { gatewaySubnet: 'imaging' } } }) });
    expect(elsewhere.read.model.sites[0].vendor).toEqual({ onepacs: { gatewaySubnet: 'imaging' } });
    expect(elsewhere.read.problems).toEqual([]);
    expect(elsewhere.findings).toEqual([['ONEPACS-STATIC-IP', 'cove', 'cove']]);
  });

  test('a dynamic private IP is no gateway: ONEPACS-STATIC-IP stays, nothing else', () => {
    const dynamic = changed(ONE_NIC, (r) => {
      const configs = r.azurerm_network_interface.gateway.ip_configuration as Record<string, unknown>[];
      configs[0] = {
        name: 'ipcfg',
        subnet_id: '${azurerm_subnet.practice.id}',
        private_ip_address_allocation: 'Dynamic',
      };
    });
    const { read, findings } = findingsOf(dynamic, { dataplane: true });
    expect(read.model.sites[0].vendor).toEqual({});
    expect(findings).toEqual([['ONEPACS-STATIC-IP', 'cove', 'cove']]);
  });

  test('a subnet id written ${vnet.id}/subnets/NAME (inline subnets) names the gateway subnet', () => {
    const inline = changed(ONE_NIC, (r) => {
      const configs = r.azurerm_network_interface.gateway.ip_configuration as Record<string, unknown>[];
      configs[0].subnet_id = '${azurerm_virtual_network.vnet.id}/subnets/practice';
    });
    expect(findingsOf(inline).read.model.sites[0].vendor).toEqual({
      onepacs: { gatewayAddress: '10.60.1.10', gatewaySubnet: 'practice' },
    });
  });

  test("another site's static NIC is not a candidate", () => {
    const twoSites = changed(ONE_NIC, (r) => {
      // A second policy makes the document several sites; the other VNet joins it by resource group.
      r.azurerm_firewall_policy.other = {
        name: 'fwp-other',
        location: 'australiaeast',
        resource_group_name: 'rg-other',
      };
      r.azurerm_virtual_network.other = {
        name: 'vnet-other',
        location: 'australiaeast',
        resource_group_name: 'rg-other',
        address_space: ['10.70.0.0/16'],
      };
      r.azurerm_subnet.other = {
        name: 'servers',
        resource_group_name: 'rg-other',
        virtual_network_name: '${azurerm_virtual_network.other.name}',
        address_prefixes: ['10.70.1.0/24'],
      };
      r.azurerm_network_interface.other = {
        name: 'nic-other',
        location: 'australiaeast',
        resource_group_name: 'rg-other',
        ip_configuration: [
          {
            name: 'ipcfg',
            subnet_id: '${azurerm_subnet.other.id}',
            private_ip_address_allocation: 'Static',
            private_ip_address: '10.70.1.10',
          },
        ],
      };
    });
    const { read } = findingsOf(twoSites, { dataplane: true });
    expect(read.model.sites.map((s) => [s.name, s.vendor])).toEqual([
      ['cove', { onepacs: { gatewayAddress: '10.60.1.10', gatewaySubnet: 'practice' } }],
      ['fwp-other', {}],
    ]);
    expect(read.problems.filter((p) => p.site === 'cove')).toEqual([]);
  });
});

describe('never guessed among several', () => {
  const MESSAGE =
    'the OnePacs gateway is not read from the NICs: 2 NICs have a static private IP in the workload subnets: azurerm_network_interface.gateway (10.60.2.10 in imaging), azurerm_network_interface.server (10.60.1.10 in practice); declare vendor.onepacs.gatewayAddress (clinicnet_site output or --sites file)';

  test.each([false, true])('data plane %s: one problem naming both NICs, the gateway left undeclared', (dataplane) => {
    const { read, findings } = findingsOf(TWO_NICS, { dataplane });
    expect(read.model.sites[0].vendor).toEqual({});
    expect(read.problems).toEqual([
      {
        site: 'cove',
        address: 'azurerm_network_interface.gateway',
        resourceType: 'azurerm_network_interface',
        message: MESSAGE,
      },
    ]);
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', 'cove', 'azurerm_network_interface.gateway'],
      ['ONEPACS-STATIC-IP', 'cove', 'cove'],
    ]);
  });

  test('a declared gateway subnet picks the NIC in it', () => {
    const { read, findings } = findingsOf(TWO_NICS, {
      sites: sites({ vendor: { onepacs: { gatewaySubnet: 'imaging' } } }),
    });
    expect(read.model.sites[0].vendor).toEqual({ onepacs: { gatewaySubnet: 'imaging', gatewayAddress: '10.60.2.10' } });
    expect(rolesOf(read)).toEqual([
      ['AzureFirewallSubnet', 'firewall'],
      ['imaging', 'imaging-gateway'],
      ['practice', 'workload'],
    ]);
    expect(read.problems).toEqual([]);
    expect(findings).toEqual([]);
  });

  test('a static NIC whose address cannot be read is named, not taken', () => {
    const unreadable = changed(ONE_NIC, (r) => {
      const configs = r.azurerm_network_interface.gateway.ip_configuration as Record<string, unknown>[];
      configs[0].private_ip_address = '${azurerm_linux_virtual_machine.gw.private_ip_address}';
    });
    const { read, findings } = findingsOf(unreadable);
    expect(read.model.sites[0].vendor).toEqual({});
    expect(read.problems.map((p) => [p.address, p.message])).toEqual([
      [
        'azurerm_network_interface.gateway',
        expect.stringMatching(
          /^the OnePacs gateway is not read from the NICs: the only NIC with a static private IP in the workload subnets has an address that cannot be read: azurerm_network_interface\.gateway \(.+ in practice\); declare vendor\.onepacs\.gatewayAddress/,
        ),
      ],
    ]);
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', 'cove', 'azurerm_network_interface.gateway'],
      ['ONEPACS-STATIC-IP', 'cove', 'cove'],
    ]);
  });

  test('text that is no IP address is never the gateway address', () => {
    const text = changed(ONE_NIC, (r) => {
      const configs = r.azurerm_network_interface.gateway.ip_configuration as Record<string, unknown>[];
      configs[0].private_ip_address = 'gateway\u001b[31m';
    });
    const { read } = findingsOf(text);
    expect(read.model.sites[0].vendor).toEqual({});
    expect(read.problems.map((p) => p.message)).toEqual([
      'the OnePacs gateway is not read from the NICs: the only NIC with a static private IP in the workload subnets has an address that cannot be read: azurerm_network_interface.gateway (private_ip_address "gateway\\u001b[31m" is not an IP address in practice); declare vendor.onepacs.gatewayAddress (clinicnet_site output or --sites file)',
    ]);
  });

  test('many candidates: the first five are named, the rest counted', () => {
    const many = changed(ONE_NIC, (r) => {
      for (let i = 1; i <= 7; i++)
        r.azurerm_network_interface[`s${i}`] = {
          name: `nic-s${i}`,
          ip_configuration: [
            {
              name: 'ipcfg',
              subnet_id: '${azurerm_subnet.practice.id}',
              private_ip_address_allocation: 'static',
              private_ip_address: `10.60.1.${20 + i}`,
            },
          ],
        };
    });
    const { read } = findingsOf(many);
    expect(read.problems.map((p) => p.message)).toEqual([
      'the OnePacs gateway is not read from the NICs: 8 NICs have a static private IP in the workload subnets: azurerm_network_interface.gateway (10.60.1.10 in practice), azurerm_network_interface.s1 (10.60.1.21 in practice), azurerm_network_interface.s2 (10.60.1.22 in practice), azurerm_network_interface.s3 (10.60.1.23 in practice), azurerm_network_interface.s4 (10.60.1.24 in practice) and 3 more; declare vendor.onepacs.gatewayAddress (clinicnet_site output or --sites file)',
    ]);
  });
});

describe('a Terraform root module (HCL)', () => {
  const MAIN_TF = `
locals {
  imaging = cidrsubnet("10.80.0.0/16", 8, 2)
}

resource "azurerm_virtual_network" "clinic" {
  name                = "vnet-bondi"
  location            = "australiaeast"
  resource_group_name = "rg-bondi"
  address_space       = ["10.80.0.0/16"]
  tags                = { "clinicnet-site" = "bondi", "clinicnet-packs" = "onepacs" }
}

resource "azurerm_subnet" "imaging" {
  name                 = "imaging"
  resource_group_name  = "rg-bondi"
  virtual_network_name = azurerm_virtual_network.clinic.name
  address_prefixes     = [local.imaging]
}

resource "azurerm_network_interface" "gateway" {
  name                = "nic-onepacs"
  location            = "australiaeast"
  resource_group_name = "rg-bondi"
  ip_configuration {
    name                          = "ipcfg"
    subnet_id                     = azurerm_subnet.imaging.id
    private_ip_address_allocation = "Static"
    private_ip_address            = cidrhost(local.imaging, 10)
  }
}
`;

  test.each([false, true])('data plane %s: the evaluated static IP is the gateway', async (dataplane) => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'onepacs-hcl-'));
    fs.writeFileSync(path.join(dir, 'main.tf'), MAIN_TF);
    const read = await readTerraformInputAsync(dir, { dataplane });
    expect(read.model.sites.map((s) => [s.name, s.packs, s.vendor])).toEqual([
      ['bondi', ['onepacs'], { onepacs: { gatewayAddress: '10.80.2.10', gatewaySubnet: 'imaging' } }],
    ]);
    expect(read.problems).toEqual([]);
  });
});

describe('a plan', () => {
  /** The onepacs-inbound plan with its declared gateway address dropped and a static NIC in the imaging subnet. */
  function planWithNic(): unknown {
    const file = path.join(__dirname, '..', 'fixtures', 'plans', 'onepacs-inbound.json');
    const plan = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      planned_values: {
        outputs: Record<string, { value: { vendor: unknown } }>;
        root_module: { resources: unknown[] };
      };
      resource_changes: unknown[];
      configuration: { root_module: { resources: unknown[] } };
    };
    plan.planned_values.outputs.clinicnet_site.value.vendor = { onepacs: { gatewaySubnet: 'imaging' } };
    const head = { address: 'azurerm_network_interface.gateway', mode: 'managed', type: 'azurerm_network_interface' };
    const values = {
      name: 'nic-onepacs',
      location: 'australiaeast',
      resource_group_name: 'rg-hub-imaging',
      // The subnet id is known only after apply: the configuration's reference names the subnet.
      ip_configuration: [{ name: 'ipcfg', private_ip_address_allocation: 'Static', private_ip_address: '10.60.2.10' }],
    };
    const unknowns = { id: true, ip_configuration: [{ subnet_id: true }] };
    plan.planned_values.root_module.resources.push({ ...head, name: 'gateway', values, sensitive_values: {} });
    plan.resource_changes.push({
      ...head,
      name: 'gateway',
      change: { actions: ['create'], before: null, after: values, after_unknown: unknowns, after_sensitive: {} },
    });
    plan.configuration.root_module.resources.push({
      ...head,
      name: 'gateway',
      expressions: {
        ip_configuration: [{ subnet_id: { references: ['azurerm_subnet.imaging.id', 'azurerm_subnet.imaging'] } }],
      },
    });
    return plan;
  }

  test.each([false, true])('data plane %s: the static NIC in the declared subnet is the gateway', (dataplane) => {
    const read = readTerraformDocument(planWithNic(), 'onepacs-nic-plan.json', { dataplane });
    expect(read.model.sites[0].vendor).toEqual({ onepacs: { gatewaySubnet: 'imaging', gatewayAddress: '10.60.2.10' } });
    expect(read.problems).toEqual([]);
    const requirements = runPolicy(read.model, read.problems).findings.map((f) => f.requirement);
    expect(requirements).toContain('ONEPACS-NO-INBOUND');
    expect(requirements).not.toContain('ONEPACS-STATIC-IP');
  });
});
