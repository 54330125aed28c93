// SPDX-License-Identifier: Apache-2.0
/**
 * A firewall segment of a walk is shared between sources whose rule-source answers are the
 * same (lib/dataplane/shared-segments.ts). On random estates whose firewall rules tell the
 * subnets apart (or not, or cannot tell), every trace of one model that shares segments across
 * a sequence of queries equals the same trace on a fresh copy of the model, which shares nothing.
 */
import * as fc from 'fast-check';
import { trace } from '../../lib/dataplane';
import type { Hop, TraceQuery, TraceTo } from '../../lib/dataplane';
import type { DataPlane, DataPlaneSubnet, FirewallRule, NsgRule, RuleCollection } from '../../lib/model/dataplane';
import type { Maybe, NetworkModel } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { emptySite } from '../model/empty-site';
import { FIREWALL_SUBNET, firewallPlane } from './firewall-plane';

/** Three workload subnets; `10.0.1.128/25` cuts across the first, so its answers are unknown there. */
const SUBNETS = ['10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'];
const SOURCES: Maybe<string>[] = [
  '*',
  ...SUBNETS,
  '10.0.0.0/16',
  '10.0.1.128/25',
  '10.0.2.0/23',
  'VirtualNetwork',
  'AzureCloud',
  { unknown: 'an IP group not in the input' },
];
const HOSTS = ['a.example.org', 'b.example.org'];
const PORTS = ['443', '80', '3000-3010', '*'];

const networkRule = fc.record({
  sources: fc.subarray(SOURCES, { minLength: 1, maxLength: 3 }),
  protocols: fc.subarray(['TCP', 'UDP', 'Any'], { minLength: 1 }),
  ports: fc.subarray(PORTS, { minLength: 1 }),
  destinations: fc.subarray(['*', '203.0.113.0/24', '10.0.3.0/24', '10.0.2.4']),
  fqdns: fc.subarray([...HOSTS]),
});

const applicationRule = fc.record({
  sources: fc.subarray(SOURCES, { minLength: 1, maxLength: 3 }),
  protocols: fc.subarray(['Https:443', 'Http:80'], { minLength: 1 }),
  ports: fc.constant([] as string[]),
  destinations: fc.constant([] as string[]),
  fqdns: fc.subarray([...HOSTS, '*.example.org'], { minLength: 1 }),
});

const collection = fc.constantFrom('network' as const, 'application' as const).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    priority: fc.oneof(fc.integer({ min: 100, max: 600 }), fc.constant({ unknown: 'a variable' })),
    action: fc.constantFrom('Allow' as const, 'Deny' as const),
    rules: fc.array(kind === 'network' ? networkRule : applicationRule, { minLength: 1, maxLength: 3 }),
  }),
);

/** An inbound NSG rule of the third subnet: deliveries to it read the source. */
const nsgRule = fc.record({
  priority: fc.integer({ min: 100, max: 4096 }),
  access: fc.constantFrom('Allow' as const, 'Deny' as const),
  source: fc.constantFrom('*', ...SUBNETS, 'VirtualNetwork'),
});

interface Estate {
  readonly collections: {
    kind: 'network' | 'application';
    priority: Maybe<number>;
    action: 'Allow' | 'Deny';
    rules: Omit<FirewallRule, 'name' | 'fqdnTags' | 'webCategories'>[];
  }[];
  readonly nsg: { priority: number; access: 'Allow' | 'Deny'; source: string }[];
  /** Per subnet: through the firewall (else straight out by Azure's default outbound access). */
  readonly viaFirewall: boolean[];
}

const estate: fc.Arbitrary<Estate> = fc.record({
  collections: fc.uniqueArray(collection, { maxLength: 4, selector: (c) => `${c.kind} ${JSON.stringify(c.priority)}` }),
  nsg: fc.uniqueArray(nsgRule, { maxLength: 3, selector: (r) => r.priority }),
  viaFirewall: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
});

function subnet(i: number, e: Estate): DataPlaneSubnet {
  return {
    name: `s${i}`,
    address: `azurerm_subnet.s${i}`,
    vnet: 'azurerm_virtual_network.vnet',
    role: 'workload',
    prefixes: [SUBNETS[i]],
    routeTable: e.viaFirewall[i] ? 'azurerm_route_table.fw' : 'azurerm_route_table.direct',
    defaultOutboundAccess: true,
    ...(i === 2 ? { nsg: 'azurerm_network_security_group.nsg' } : {}),
  };
}

function modelOf(e: Estate): NetworkModel {
  const collections: RuleCollection[] = e.collections.map((c, i) => ({
    name: `c${i}`,
    kind: c.kind,
    priority: c.priority,
    action: c.action,
    rules: c.rules.map((r, j) => ({ name: `r${j}`, fqdnTags: [], webCategories: [], ...r })),
  }));
  const nsgRules: NsgRule[] = e.nsg.map((r, i) => ({
    name: `n${i}`,
    address: 'azurerm_network_security_group.nsg',
    priority: r.priority,
    direction: 'Inbound',
    access: r.access,
    protocol: '*',
    sources: [r.source],
    destinations: ['*'],
    sourcePorts: ['*'],
    destinationPorts: ['*'],
  }));
  const plane: DataPlane = {
    vnets: [
      { name: 'vnet', address: 'azurerm_virtual_network.vnet', spaces: ['10.0.0.0/16'], dnsServers: [], peerings: [] },
    ],
    subnets: [FIREWALL_SUBNET, ...[0, 1, 2].map((i) => subnet(i, e))],
    routeTables: [
      {
        name: 'fw',
        address: 'azurerm_route_table.fw',
        gatewayPropagation: false,
        routes: [
          {
            name: 'default',
            address: 'azurerm_route_table.fw',
            prefix: '0.0.0.0/0',
            nextHopType: 'VirtualAppliance',
            nextHopIp: '10.0.0.4',
          },
          // East-west to the third subnet through the firewall, then into its NSG.
          {
            name: 'east-west',
            address: 'azurerm_route_table.fw',
            prefix: '10.0.3.0/24',
            nextHopType: 'VirtualAppliance',
            nextHopIp: '10.0.0.4',
          },
        ],
      },
      { name: 'direct', address: 'azurerm_route_table.direct', gatewayPropagation: false, routes: [] },
    ],
    nsgs: [{ name: 'nsg', address: 'azurerm_network_security_group.nsg', rules: nsgRules }],
    nics: [],
    ...firewallPlane([{ name: 'g', address: 'rcg.g', priority: 100, collections }]),
  };
  return { version: 1, sites: [emptySite('clinic', { dataplane: plane })] };
}

const target = fc.constantFrom<TraceTo>(
  ...HOSTS.map((host) => ({ kind: 'host' as const, host })),
  ...['203.0.113.9', '8.8.8.8', '10.0.3.4', '10.0.2.4', '10.0.9.9'].map((a) => ({
    kind: 'address' as const,
    address: Cidr.parse(`${a}/32`),
  })),
);

/** Every start, in an order that walks each subnet alone before the whole site. */
const FROMS: TraceQuery['from'][] = [
  ...[0, 1, 2].map((i) => ({ kind: 'subnet' as const, site: 'clinic', subnet: `s${i}` })),
  { kind: 'site', site: 'clinic' },
  { kind: 'address', address: Cidr.parse('10.0.1.5/32') },
];

const packet = fc.record({
  to: target,
  protocol: fc.constantFrom('tcp' as const, 'udp' as const),
  port: fc.constantFrom(443, 80, 3005, 22),
});

describe('firewall segments shared between sources', () => {
  test('give every trace the hops and verdict it has when nothing is shared', () => {
    let throughFirewall = 0;
    let reused = 0;
    fc.assert(
      fc.property(estate, fc.array(packet, { minLength: 1, maxLength: 4 }), (e, packets) => {
        const shared = modelOf(e);
        // A firewall hop is one object wherever its segment is shared: by which start it was made.
        const madeFrom = new Map<Hop, string>();
        for (const q of packets.flatMap((p) => FROMS.map((from): TraceQuery => ({ ...p, from })))) {
          const alone = trace(modelOf(e), q);
          const got = trace(shared, q);
          expect(got).toEqual(alone);
          const from = q.from.kind === 'address' ? q.from.address.toString() : JSON.stringify(q.from);
          for (const hop of got.hops.filter((h) => h.step === 'firewall')) {
            throughFirewall++;
            const first = madeFrom.get(hop);
            if (first === undefined) madeFrom.set(hop, from);
            else if (first !== from) reused++;
          }
        }
      }),
      { seed: 20261130, numRuns: 300 },
    );
    // Counted so the property cannot pass without walking through the firewall, or without sharing.
    expect(throughFirewall).toBeGreaterThan(1000);
    expect(reused).toBeGreaterThan(200);
  });
});
