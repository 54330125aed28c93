// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import type { ClinicSite } from '../../lib/constructs/clinic-site';
import { PortForward } from '../../lib/constructs/port-forward';
import { runGate } from '../../lib/constructs/policy-gate';
import { Cidr } from '../../lib/net/cidr';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { clinic, TODAY } from '../policy/util';

/** The flows every version of the clinic has: two collections, rules not added in name order. */
function firstFlows(site: ClinicSite): void {
  site.allowEgress({
    name: 'portal',
    fqdns: [Fqdn.parse('portal.example.com')],
    ports: [Port.tcp(443)],
    app: 'https',
    purpose: 'vendor portal',
  });
  for (const [name, port] of [
    ['z-control', 991],
    ['m-data', 3000],
  ] as const)
    site.allowEgress({
      name,
      fqdns: [Fqdn.parse('files.example.com')],
      ports: [Port.tcp(port)],
      app: 'ftps-implicit',
      purpose: 'vendor files',
    });
}

/** What a later change adds: a rule named to sort first, a new collection ahead by id, a new group. */
function addedFlows(site: ClinicSite): void {
  site.allowEgress({
    name: 'a-new',
    fqdns: [Fqdn.parse('new.example.com')],
    ports: [Port.tcp(990)],
    app: 'ftps-implicit',
    purpose: 'new vendor',
  });
  site.allowEgress({
    name: 'a-portal',
    fqdns: [Fqdn.parse('other.example.com')],
    ports: [Port.tcp(443)],
    app: 'https',
    purpose: 'another portal',
  });
  site.allowEgressToAddresses({
    name: 'lab',
    addresses: [Cidr.parse('203.0.113.8/29')],
    ports: [Port.tcp(2575)],
    app: 'mllp-tls',
    purpose: 'lab results',
  });
  new PortForward(site, 'rdp-support', {
    externalPort: Port.tcp(50443),
    internalAddress: '10.1.1.10',
    internalPort: Port.tcp(443),
    sources: [Cidr.parse('198.51.100.7/32')],
    reason: 'vendor support console',
  });
}

interface Collection {
  readonly name: string;
  readonly priority: number;
  readonly rule: { readonly name: string }[];
}

/** Each rule collection list of the site's stack, by `<group name>.<list>`, in synthesized order. */
function collectionLists(outdir: string, site: string): Record<string, Collection[]> {
  const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', site, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
  const lists: Record<string, Collection[]> = {};
  for (const group of Object.values(stack.resource.azurerm_firewall_policy_rule_collection_group))
    for (const list of ['application_rule_collection', 'network_rule_collection', 'nat_rule_collection'])
      if (group[list] !== undefined) lists[`${String(group.name)}.${list}`] = group[list] as Collection[];
  return lists;
}

/**
 * Synthesizes the clinic through the gate (which writes the ledger when it publishes), with
 * CI set to `ci` or unset, whatever the environment running the tests says.
 */
function synthClinic(outdir: string, ledger: string | undefined, added: boolean, ci?: string) {
  const app = new App({ outdir });
  const estate = new ClinicEstate(app, 'estate', { name: 'acme', ledger });
  const site = clinic(estate, 'geelong', 1);
  if (added) addedFlows(site);
  firstFlows(site);
  const saved = process.env.CI;
  if (ci === undefined) delete process.env.CI;
  else process.env.CI = ci;
  try {
    runGate(app, { print: () => undefined, today: TODAY, mode: 'report' });
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
  return collectionLists(outdir, 'geelong');
}

const scratch = () => fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'rule-order-'));
const names = (lists: Record<string, Collection[]>) =>
  Object.fromEntries(
    Object.entries(lists).map(([k, v]) => [k, v.map((c) => `${c.name}: ${c.rule.map((r) => r.name).join(' ')}`)]),
  );

describe('firewall rule order: append-only with the ledger', () => {
  test('adding rules and collections leaves every earlier collection and rule at its index and priority', () => {
    const dir = scratch();
    const ledger = path.join(dir, 'clinicnet-addresses.json');
    const before = synthClinic(path.join(dir, 'out'), ledger, false);
    const after = synthClinic(path.join(dir, 'out'), ledger, true);
    for (const [list, collections] of Object.entries(before))
      collections.forEach((collection, i) => {
        const now = after[list][i];
        expect({ list, name: now.name, priority: now.priority }).toEqual({
          list,
          name: collection.name,
          priority: collection.priority,
        });
        // The whole rule, not only its name, is unchanged at its index; new rules follow.
        expect(now.rule.slice(0, collection.rule.length)).toEqual(collection.rule);
      });
    expect(names(after)).toEqual({
      'rcg-egress.application_rule_collection': ['egress-application: portal a-portal'],
      'rcg-egress.network_rule_collection': [
        'egress-network-by-hostname: m-data z-control a-new',
        'egress-network-by-address: lab',
      ],
      'rcg-inbound.nat_rule_collection': ['inbound-dnat: rdp-support'],
    });
    // The ledger now records that order, so the next synth keeps it.
    const recorded = JSON.parse(fs.readFileSync(ledger, 'utf8')) as { firewallOrder: Record<string, unknown> };
    expect(recorded.firewallOrder.geelong).toEqual([
      { collection: 'egress-application', rules: ['portal', 'a-portal'] },
      { collection: 'egress-network-by-hostname', rules: ['m-data', 'z-control', 'a-new'] },
      { collection: 'egress-network-by-address', rules: ['lab'] },
      { collection: 'inbound-dnat', rules: ['rdp-support'] },
    ]);
  });

  test('with CI=true a change of rule order is refused (the ledger would change), and nothing is published', () => {
    const dir = scratch();
    const ledger = path.join(dir, 'clinicnet-addresses.json');
    synthClinic(path.join(dir, 'out'), ledger, false);
    const bytes = fs.readFileSync(ledger, 'utf8');
    expect(() => synthClinic(path.join(dir, 'out'), ledger, true, 'true')).toThrow(
      /^\[LEDGER-STALE\] .*\(firewall rules of site geelong\)/,
    );
    // An unchanged estate passes in CI.
    expect(() => synthClinic(path.join(dir, 'out'), ledger, false, 'true')).not.toThrow();
    expect(fs.readFileSync(ledger, 'utf8')).toBe(bytes);
    expect(Object.keys(collectionLists(path.join(dir, 'out'), 'geelong'))).not.toContain(
      'rcg-inbound.nat_rule_collection',
    );
  });

  test('two estates of one app on one ledger file are refused', () => {
    const dir = scratch();
    const ledger = path.join(dir, 'clinicnet-addresses.json');
    const app = new App({ outdir: path.join(dir, 'out') });
    clinic(new ClinicEstate(app, 'estate-a', { name: 'acme', ledger }), 'geelong', 1);
    clinic(new ClinicEstate(app, 'estate-b', { name: 'other', ledger }), 'bendigo', 2);
    expect(() => runGate(app, { print: () => undefined, today: TODAY, mode: 'report' })).toThrow(/^\[LEDGER-SHARED\] /);
    expect(fs.existsSync(ledger)).toBe(false);
  });

  test('without a ledger the order is by name: the same change moves earlier rules', () => {
    const dir = scratch();
    synthClinic(path.join(dir, 'out'), undefined, false);
    const after = synthClinic(path.join(dir, 'out'), undefined, true);
    expect(names(after)['rcg-egress.network_rule_collection']).toEqual([
      'egress-network-by-address: lab',
      'egress-network-by-hostname: a-new m-data z-control',
    ]);
    expect(fs.readdirSync(dir)).toEqual(['out']);
  });

  test('the order the ledger records is followed, and removed rules drop out of it', () => {
    const dir = scratch();
    const ledger = path.join(dir, 'clinicnet-addresses.json');
    fs.writeFileSync(
      ledger,
      JSON.stringify({
        version: 1,
        estate: 'acme',
        allocations: {},
        firewallOrder: {
          geelong: [
            { collection: 'egress-network-by-hostname', rules: ['z-control', 'gone', 'm-data'] },
            { collection: 'egress-application', rules: ['portal'] },
          ],
        },
      }),
    );
    const estate = new ClinicEstate(Testing.app(), 'estate', { name: 'acme', ledger });
    const site = clinic(estate, 'geelong', 1);
    firstFlows(site);
    const stack = JSON.parse(Testing.synth(site)) as {
      resource: Record<string, Record<string, { name: string; network_rule_collection: Collection[] }>>;
    };
    const groups = Object.values(stack.resource.azurerm_firewall_policy_rule_collection_group);
    const egress = groups.find((g) => g.name === 'rcg-egress');
    expect(egress?.network_rule_collection[0].rule.map((r) => r.name)).toEqual(['z-control', 'm-data']);
    expect(estate.ledger.next()).toContain('"rules": [\n          "z-control",\n          "m-data"\n        ]');
  });
});
