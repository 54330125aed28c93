// SPDX-License-Identifier: Apache-2.0
/**
 * IPv6 system routes ("Virtual network traffic routing"): a dual-stack VNet has `::/0 → Internet`
 * beside `0.0.0.0/0`; a VNet without IPv6 space gives its machines no IPv6 address, so nothing
 * they send over IPv6 leaves (`::/0 → None`). Hostnames are traced over IPv4 only.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { trace } from '../../lib/dataplane';
import type { TraceResult } from '../../lib/dataplane';
import { parseFrom, parseTarget } from '../../lib/cli/trace';
import { readTerraformInput } from '../../lib/terraform';

const BASE = path.join(__dirname, '..', 'fixtures', 'dataplane', 'base.cdk.tf.json');

interface Doc {
  resource: {
    azurerm_virtual_network: { vnet: { address_space: string[] } };
    azurerm_subnet: { practice: { address_prefixes: string[] } };
    azurerm_route_table: { rt: { route: Record<string, string>[] } };
  };
}

/** Traces in the base fixture edited by `edit` (written to a scratch file and read back). */
function traceEdited(edit: (doc: Doc) => void, from: string, to: string): TraceResult {
  const doc = JSON.parse(fs.readFileSync(BASE, 'utf8')) as Doc;
  edit(doc);
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'clinicnet-ipv6-'));
  try {
    const file = path.join(dir, 'cdk.tf.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const { model } = readTerraformInput(file, { dataplane: true });
    const target = parseTarget(to);
    return trace(model, { from: parseFrom(from), to: target.to, protocol: 'tcp', port: target.port });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const dualStack = (doc: Doc) => {
  doc.resource.azurerm_virtual_network.vnet.address_space.push('fd00:20::/48');
  doc.resource.azurerm_subnet.practice.address_prefixes.push('fd00:20:0:1::/64');
};
const routeOf = (r: TraceResult) => r.hops.find((h) => h.step === 'route');

describe('IPv6 system routes', () => {
  test('a VNet without IPv6 space: an IPv6 destination takes ::/0 → None (denied), not "no route holds"', () => {
    const result = traceEdited(() => undefined, 'clinic/practice', '[2001:db8::1]:443');
    expect(result.verdict).toBe('denied');
    expect(result.hops[result.hops.length - 1]).toMatchObject({
      step: 'route',
      address: 'azure',
      rule: 'Azure system route ::/0 (VNet vnet-clinic has no IPv6 address space)',
      decision: 'deny',
    });
  });

  test('a dual-stack VNet: ::/0 → Internet (the IPv4 user route to the firewall does not hold IPv6)', () => {
    const result = traceEdited(dualStack, 'clinic/practice', '[2001:db8::1]:443');
    expect(routeOf(result)).toMatchObject({
      address: 'azure',
      rule: 'Azure system route ::/0',
      detail: '::/0 → Internet (system)',
    });
    expect(result.hops.map((h) => h.step)).not.toContain('firewall');
    expect(result.hops[0].detail).toBe('clinic/practice fd00:20:0:1::/64');
  });

  test('the VNet own IPv6 space is VnetLocal; a user ::/0 route beats the system one', () => {
    const local = traceEdited(dualStack, 'clinic/practice', '[fd00:20:0:1::10]:443');
    expect(routeOf(local)).toMatchObject({ detail: 'fd00:20::/48 → VnetLocal (system)' });
    const forced = traceEdited(
      (doc) => {
        dualStack(doc);
        doc.resource.azurerm_route_table.rt.route.push({
          name: 'v6-default',
          address_prefix: '::/0',
          next_hop_type: 'None',
        });
      },
      'clinic/practice',
      '[2001:db8::1]:443',
    );
    expect(forced.verdict).toBe('denied');
    expect(routeOf(forced)).toMatchObject({ rule: 'rt-practice/v6-default', detail: '::/0 → None (user)' });
  });

  test('boundary: an IPv6 user route never holds a hostname (hostnames are traced over IPv4)', () => {
    const result = traceEdited(
      (doc) =>
        doc.resource.azurerm_route_table.rt.route.push({
          name: 'v6-doc',
          address_prefix: '2000::/3',
          next_hop_type: 'None',
        }),
      'clinic/practice',
      'csu.cherel.org.au:991',
    );
    expect(result.verdict).toBe('allowed');
    expect(routeOf(result)).toMatchObject({ rule: 'rt-practice/default' });
  });
});

/** The base fixture's resources, for edits that add resource types its `Doc` does not name. */
const resources = (doc: Doc) => doc.resource as unknown as Record<string, Record<string, unknown>>;

/** A NAT gateway on the practice subnet with one public IP of the given version. */
const natWith = (version: string) => (doc: Doc) => {
  dualStack(doc);
  const r = resources(doc);
  r.azurerm_nat_gateway = {
    nat: { name: 'nat', location: 'australiaeast', resource_group_name: 'rg-clinic', sku_name: 'StandardV2' },
  };
  r.azurerm_public_ip = {
    ...r.azurerm_public_ip,
    nat: {
      name: 'pip-nat',
      location: 'australiaeast',
      resource_group_name: 'rg-clinic',
      allocation_method: 'Static',
      sku: 'StandardV2',
      ip_version: version,
    },
  };
  r.azurerm_nat_gateway_public_ip_association = {
    nat: { nat_gateway_id: '${azurerm_nat_gateway.nat.id}', public_ip_address_id: '${azurerm_public_ip.nat.id}' },
  };
  r.azurerm_subnet_nat_gateway_association = {
    practice: { subnet_id: '${azurerm_subnet.practice.id}', nat_gateway_id: '${azurerm_nat_gateway.nat.id}' },
  };
};

/** A NIC in the practice subnet (10.20.1.10) with one public IP of the given version. */
const nicWith = (version: string) => (doc: Doc) => {
  dualStack(doc);
  const r = resources(doc);
  r.azurerm_public_ip = {
    ...r.azurerm_public_ip,
    vm: {
      name: 'pip-vm',
      location: 'australiaeast',
      resource_group_name: 'rg-clinic',
      allocation_method: 'Static',
      sku: 'Standard',
      ip_version: version,
    },
  };
  r.azurerm_network_interface = {
    vm: {
      name: 'nic-vm',
      location: 'australiaeast',
      resource_group_name: 'rg-clinic',
      ip_configuration: [
        {
          name: 'ipcfg',
          subnet_id: '${azurerm_subnet.practice.id}',
          private_ip_address_allocation: 'Static',
          private_ip_address: '10.20.1.10',
          public_ip_address_id: '${azurerm_public_ip.vm.id}',
        },
      ],
    },
  };
};

const last = (r: TraceResult) => r.hops[r.hops.length - 1];

describe('IPv6 to the internet', () => {
  test('default outbound access is IPv4 only: a dual-stack subnet with no IPv6 public IP has no IPv6 way out', () => {
    const result = traceEdited(dualStack, 'clinic/practice', '[2001:db8::1]:443');
    expect(result.verdict).toBe('denied');
    expect(last(result)).toMatchObject({ step: 'internet', decision: 'deny', address: 'azurerm_subnet.practice' });
    expect(last(result).detail).toContain('default outbound access is IPv4 only');
  });

  test('a NAT gateway carries IPv6 only with an IPv6 public IP', () => {
    const v6 = traceEdited(natWith('IPv6'), 'clinic/practice', '[2001:db8::1]:443');
    expect(v6.verdict).toBe('allowed');
    expect(last(v6)).toMatchObject({ step: 'nat-gateway', address: 'azurerm_nat_gateway.nat' });
    expect(last(v6).detail).toBe('outbound over IPv6 through the NAT gateway of practice, without a firewall');
    const v4 = traceEdited(natWith('IPv4'), 'clinic/practice', '[2001:db8::1]:443');
    expect(v4.verdict).toBe('denied');
    expect(last(v4).step).toBe('internet');
    const unknownVersion = traceEdited(natWith('${var.version}'), 'clinic/practice', '[2001:db8::1]:443');
    expect(unknownVersion.verdict).toBe('unknown');
    expect(last(unknownVersion)).toMatchObject({ step: 'nat-gateway', decision: 'unknown' });
  });

  test("a NIC's public IP carries only its own IP version", () => {
    const v6 = traceEdited(nicWith('IPv6'), '10.20.1.10', '[2001:db8::1]:443');
    expect(v6.verdict).toBe('allowed');
    expect(last(v6)).toMatchObject({ step: 'public-ip', address: 'azurerm_public_ip.vm' });
    const v4 = traceEdited(nicWith('IPv4'), '10.20.1.10', '[2001:db8::1]:443');
    expect(v4.verdict).toBe('denied');
  });
});
