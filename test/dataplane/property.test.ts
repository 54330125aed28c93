// SPDX-License-Identifier: Apache-2.0
/**
 * `trace` against an independent, plain simulation of the documented order (written here,
 * sharing no code with lib/dataplane): random NSG rules, routes and firewall rule sets,
 * random packets. To an address, both must agree exactly. To a hostname, the reference tries
 * every way the name could resolve against the generated prefixes: when `trace` is definite,
 * every resolution must give that verdict.
 */
import * as fc from 'fast-check';
import { trace } from '../../lib/dataplane';
import type { Verdict } from '../../lib/dataplane';
import type { DataPlane, FirewallRule, NsgRule, Route, RuleCollection } from '../../lib/model/dataplane';
import type { NetworkModel, Site } from '../../lib/model/types';
import { Cidr } from '../../lib/net/cidr';
import { emptySite } from '../model/empty-site';
import { FIREWALL_SUBNET, firewallPlane } from './firewall-plane';
import { portClasses } from '../../lib/dataplane/port-classes';

// ---- the reference: IPv4 as numbers, everything spelled out ----
const ip = (text: string): number => text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const inPrefix = (address: number, prefix: string): boolean => {
  const [base, bits] = prefix.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(address / size) === Math.floor(ip(base) / size);
};
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];
const portIn = (port: number, pattern: string): boolean => {
  if (pattern === '*') return true;
  const [from, to] = pattern.split('-').map(Number);
  return port >= from && port <= (to ?? from);
};

interface Config {
  readonly nsg: NsgRule[];
  readonly routes: { prefix: string; hop: 'Internet' | 'VirtualAppliance' | 'None' }[];
  readonly groups: { priority: number; collections: RuleCollection[] }[];
  readonly defaultOutbound: boolean;
}
interface Pkt {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly address: number;
  readonly host?: string;
  /** To an address: whether the exact names of network rules resolve to it (DNS is not knowable here). */
  readonly namesResolveHere?: boolean;
}

const VNET = '10.0.0.0/16';
const SOURCE = '10.0.1.0/24';

function nsgAddress(pattern: string, address: number, vnetTag: string[]): boolean {
  if (pattern === '*') return true;
  if (pattern === 'Internet') return !PRIVATE.some((p) => inPrefix(address, p));
  if (pattern === 'VirtualNetwork') return vnetTag.some((p) => inPrefix(address, p));
  return inPrefix(address, pattern);
}

function referenceNsg(config: Config, pkt: Pkt): boolean {
  // VirtualNetwork: the VNet plus the prefixes of user-defined routes.
  const vnetTag = [VNET, ...config.routes.map((r) => r.prefix)];
  const rules = [...config.nsg].sort((a, b) => (a.priority as number) - (b.priority as number));
  for (const r of rules) {
    const protocol = r.protocol === '*' || (r.protocol as string).toLowerCase() === pkt.protocol;
    const port = (r.destinationPorts as string[]).some((p) => portIn(pkt.port, p));
    const dst = (r.destinations as string[]).some((d) => nsgAddress(d, pkt.address, vnetTag));
    const src = (r.sources as string[]).some((s) => s === '*' || s === SOURCE || s === 'VirtualNetwork');
    if (protocol && port && dst && src) return r.access === 'Allow';
  }
  // Default outbound rules: AllowVnetOutBound, AllowInternetOutBound, DenyAllOutBound.
  return vnetTag.some((p) => inPrefix(pkt.address, p)) || !PRIVATE.some((p) => inPrefix(pkt.address, p));
}

function referenceRoute(config: Config, pkt: Pkt): 'Internet' | 'VirtualAppliance' | 'None' | 'VnetLocal' {
  const all = [
    ...config.routes.map((r) => ({ ...r, rank: 0 })),
    { prefix: VNET, hop: 'VnetLocal' as const, rank: 1 },
    ...PRIVATE.map((prefix) => ({ prefix, hop: 'None' as const, rank: 1 })),
    { prefix: '0.0.0.0/0', hop: 'Internet' as const, rank: 1 },
  ].filter((r) => inPrefix(pkt.address, r.prefix));
  all.sort((a, b) => Number(b.prefix.split('/')[1]) - Number(a.prefix.split('/')[1]) || a.rank - b.rank);
  return all[0].hop;
}

function referenceRuleMatch(kind: string, rule: FirewallRule, pkt: Pkt): boolean {
  if (kind === 'network') {
    const protocol = (rule.protocols as string[]).some((p) => p === 'Any' || p.toLowerCase() === pkt.protocol);
    const port = (rule.ports as string[]).some((p) => portIn(pkt.port, p));
    const byAddress = (rule.destinations as string[]).some((d) => d === '*' || inPrefix(pkt.address, d));
    // Network-rule FQDNs: exact names only (DNS proxy is on in the generated policy).
    const byName =
      pkt.host !== undefined
        ? (rule.fqdns as string[]).includes(pkt.host)
        : pkt.namesResolveHere === true && (rule.fqdns as string[]).some((f) => !f.startsWith('*.'));
    return protocol && port && (byAddress || byName);
  }
  const protocol = (rule.protocols as string[]).some(
    (p) => pkt.protocol === 'tcp' && Number(p.split(':')[1]) === pkt.port,
  );
  const host = pkt.host;
  const byName =
    host !== undefined &&
    (rule.fqdns as string[]).some((f) => (f.startsWith('*.') ? host.endsWith(f.slice(1)) : f === host));
  return protocol && byName;
}

function referenceFirewall(config: Config, pkt: Pkt): boolean {
  for (const kind of ['network', 'application']) {
    const ordered = config.groups
      .map((g, i) => ({ g, i }))
      .sort((a, b) => a.g.priority - b.g.priority || a.i - b.i)
      .flatMap(({ g }) =>
        g.collections.filter((c) => c.kind === kind).sort((a, b) => (a.priority as number) - (b.priority as number)),
      );
    for (const c of ordered) for (const r of c.rules) if (referenceRuleMatch(kind, r, pkt)) return c.action === 'Allow';
  }
  return false;
}

function reference(config: Config, pkt: Pkt): Verdict {
  if (!referenceNsg(config, pkt)) return 'denied';
  const hop = referenceRoute(config, pkt);
  if (hop === 'None') return 'denied';
  if (hop === 'Internet') return config.defaultOutbound ? 'allowed' : 'denied';
  if (hop === 'VnetLocal') return 'denied'; // generated destinations in the VNet hold no subnet
  return referenceFirewall(config, pkt) ? 'allowed' : 'denied';
}

// ---- the generated estate ----
const PUBLIC_PREFIXES = ['203.0.113.0/24', '198.51.100.0/24', '203.0.0.0/8'];
/** One address in each region the generated prefixes cut the internet into. */
const RESOLUTIONS = ['203.0.113.5', '203.0.5.5', '198.51.100.7', '8.8.8.8'];
const HOSTS = ['a.example.org', 'b.example.org'];
const PORTS = ['22', '443', '80', '3000-3010', '*'];

const nsgRule = fc.record({
  priority: fc.integer({ min: 100, max: 4096 }),
  access: fc.constantFrom('Allow' as const, 'Deny' as const),
  protocol: fc.constantFrom('Tcp', 'Udp', '*'),
  port: fc.constantFrom(...PORTS),
  destination: fc.constantFrom('*', 'Internet', 'VirtualNetwork', VNET, ...PUBLIC_PREFIXES),
});

const firewallRule = (kind: 'network' | 'application') =>
  kind === 'network'
    ? fc.record({
        protocols: fc.subarray(['TCP', 'UDP', 'Any'], { minLength: 1 }),
        ports: fc.subarray(PORTS, { minLength: 1 }),
        destinations: fc.subarray(['*', ...PUBLIC_PREFIXES]),
        fqdns: fc.subarray([...HOSTS, '*.example.org']),
      })
    : fc.record({
        protocols: fc.subarray(['Https:443', 'Http:80'], { minLength: 1 }),
        ports: fc.constant([] as string[]),
        destinations: fc.constant([] as string[]),
        fqdns: fc.subarray([...HOSTS, '*.example.org'], { minLength: 1 }),
      });

const collection = fc.constantFrom('network' as const, 'application' as const).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    priority: fc.integer({ min: 100, max: 65000 }),
    action: fc.constantFrom('Allow' as const, 'Deny' as const),
    rules: fc.array(firewallRule(kind), { minLength: 1, maxLength: 2 }),
  }),
);

const config: fc.Arbitrary<Config> = fc.record({
  nsg: fc.uniqueArray(nsgRule, { maxLength: 4, selector: (r) => r.priority }).map((rules) =>
    rules.map((r, i): NsgRule => ({
      name: `r${i}`,
      address: 'azurerm_network_security_group.nsg',
      priority: r.priority,
      direction: 'Outbound',
      access: r.access,
      protocol: r.protocol,
      sources: ['*'],
      destinations: [r.destination],
      sourcePorts: ['*'],
      destinationPorts: [r.port],
    })),
  ),
  // Half the subnets send everything to the firewall, as clinics do, so its rules decide often.
  routes: fc
    .tuple(
      fc.boolean(),
      fc.uniqueArray(
        fc.record({
          prefix: fc.constantFrom('0.0.0.0/0', ...PUBLIC_PREFIXES),
          hop: fc.constantFrom('Internet' as const, 'VirtualAppliance' as const, 'None' as const),
        }),
        { maxLength: 3, selector: (r) => r.prefix },
      ),
    )
    .map(([viaFirewall, routes]) =>
      viaFirewall
        ? [{ prefix: '0.0.0.0/0', hop: 'VirtualAppliance' as const }, ...routes.filter((r) => r.prefix !== '0.0.0.0/0')]
        : routes,
    ),
  groups: fc.uniqueArray(
    fc.record({
      priority: fc.integer({ min: 100, max: 65000 }),
      collections: fc.uniqueArray(collection, { maxLength: 3, selector: (c) => `${c.kind} ${c.priority}` }).map((cs) =>
        cs.map((c, i): RuleCollection => ({
          name: `c${i}`,
          kind: c.kind,
          priority: c.priority,
          action: c.action,
          rules: c.rules.map((r, j) => ({ name: `x${j}`, sources: ['*'], fqdnTags: [], webCategories: [], ...r })),
        })),
      ),
    }),
    { maxLength: 2, selector: (g) => g.priority },
  ),
  defaultOutbound: fc.boolean(),
});

function modelOf(c: Config): NetworkModel {
  const routes: Route[] = c.routes.map((r, i) => ({
    name: `u${i}`,
    address: 'azurerm_route_table.rt',
    prefix: r.prefix,
    nextHopType: r.hop,
    ...(r.hop === 'VirtualAppliance' ? { nextHopIp: '10.0.0.4' } : {}),
  }));
  const plane: DataPlane = {
    vnets: [{ name: 'vnet', address: 'azurerm_virtual_network.vnet', spaces: [VNET], dnsServers: [], peerings: [] }],
    subnets: [
      FIREWALL_SUBNET,
      {
        name: 'practice',
        address: 'azurerm_subnet.practice',
        vnet: 'azurerm_virtual_network.vnet',
        role: 'workload',
        prefixes: [SOURCE],
        routeTable: 'azurerm_route_table.rt',
        nsg: 'azurerm_network_security_group.nsg',
        defaultOutboundAccess: c.defaultOutbound,
      },
    ],
    routeTables: [{ name: 'rt', address: 'azurerm_route_table.rt', gatewayPropagation: false, routes }],
    nsgs: [{ name: 'nsg', address: 'azurerm_network_security_group.nsg', rules: c.nsg }],
    nics: [],
    ...firewallPlane(
      c.groups.map((g, i) => ({
        name: `g${i}`,
        address: `rcg.g${i}`,
        priority: g.priority,
        collections: g.collections,
      })),
    ),
  };
  const site: Site = emptySite('clinic', { dataplane: plane });
  return { version: 1, sites: [site] };
}

const usesNetworkNames = (c: Config): boolean =>
  c.groups.some((g) =>
    g.collections.some(
      (k) => k.kind === 'network' && k.rules.some((r) => (r.fqdns as string[]).some((f) => !f.startsWith('*.'))),
    ),
  );

const packet = fc.record({
  protocol: fc.constantFrom('tcp' as const, 'udp' as const),
  port: fc.constantFrom(22, 80, 443, 3005, 991),
  to: fc.constantFrom(...RESOLUTIONS, '10.0.9.9', '192.168.1.1', ...HOSTS, 'c.example.org'),
});

describe('trace agrees with a brute-force reference', () => {
  test('on random NSGs, routes, rule sets and packets', () => {
    // Counted so the property cannot pass by answering `unknown` everywhere.
    const counts = { exact: 0, definiteHost: 0, allowed: 0, denied: 0 };
    fc.assert(
      fc.property(config, fc.array(packet, { minLength: 1, maxLength: 6 }), (c, packets) => {
        const model = modelOf(c);
        for (const p of packets) {
          const isHost = /[a-z]/.test(p.to);
          const to = isHost
            ? { kind: 'host' as const, host: p.to }
            : { kind: 'address' as const, address: Cidr.parse(`${p.to}/32`) };
          const got = trace(model, {
            from: { kind: 'subnet', site: 'clinic', subnet: 'practice' },
            to,
            protocol: p.protocol,
            port: p.port,
          });
          if (!isHost) {
            const either = new Set(
              [false, true].map((here) =>
                reference(c, { protocol: p.protocol, port: p.port, address: ip(p.to), namesResolveHere: here }),
              ),
            );
            // Without names in network rules DNS plays no part: the answers must be the same.
            if (!usesNetworkNames(c)) {
              expect(got.verdict).toBe([...either][0]);
              counts.exact++;
            } else if (got.verdict !== 'unknown') expect([...either]).toEqual([got.verdict]);
            continue;
          }
          const verdicts = new Set(
            RESOLUTIONS.map((r) => reference(c, { protocol: p.protocol, port: p.port, address: ip(r), host: p.to })),
          );
          if (got.verdict !== 'unknown') {
            expect([...verdicts]).toEqual([got.verdict]);
            counts.definiteHost++;
          }
          if (got.verdict !== 'unknown') counts[got.verdict]++;
        }
      }),
      { seed: 20261129, numRuns: 400 },
    );
    expect(counts.exact).toBeGreaterThan(300);
    expect(counts.definiteHost).toBeGreaterThan(100);
    expect(Math.min(counts.allowed, counts.denied)).toBeGreaterThan(20);
  });
});

describe('port classes', () => {
  test('every port of a range gets the verdict and hops of the first port of its class', () => {
    const ranges: [number, number][] = [
      [20, 25],
      [78, 82],
      [440, 446],
      [2995, 3015],
    ];
    let traced = 0;
    fc.assert(
      fc.property(config, fc.constantFrom(...HOSTS, '203.0.113.5', '8.8.8.8'), (c, to) => {
        const model = modelOf(c);
        const query = (port: number) =>
          trace(model, {
            from: { kind: 'subnet', site: 'clinic', subnet: 'practice' },
            to: /[a-z]/.test(to) ? { kind: 'host', host: to } : { kind: 'address', address: Cidr.parse(`${to}/32`) },
            protocol: 'tcp',
            port,
          });
        for (const [from, last] of ranges) {
          const firsts = portClasses(model, from, last);
          expect(firsts[0]).toBe(from);
          for (let port = from; port <= last; port++) {
            const first = firsts.filter((f) => f <= port).pop() as number;
            expect(query(port)).toEqual(query(first));
            traced++;
          }
        }
      }),
      { seed: 20261129, numRuns: 150 },
    );
    expect(traced).toBeGreaterThan(1000);
  });
});
