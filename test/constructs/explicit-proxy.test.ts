// SPDX-License-Identifier: Apache-2.0
/** Flows behind the firewall's explicit proxy: which are handed to it, how that is recorded and read back. */
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { Cidr } from '../../lib/net/cidr';
import { ruleCollectionGroups, synth, testClinic } from './util';
import { modelOf } from './read-back';
import { findingsFor } from '../policy/rules/platform-fixtures';
import type { FirewallRuleJson } from './util';

const ID = 'AZURE-EXPLICIT-PROXY';

/** Every firewall rule of the site's stack by name, with the kind of collection it is in. */
function rulesByName(synthesized: string): Map<string, FirewallRuleJson & { kind: string }> {
  const rules = new Map<string, FirewallRuleJson & { kind: string }>();
  for (const group of ruleCollectionGroups(synthesized))
    for (const kind of ['application', 'network', 'nat'] as const)
      for (const collection of group[`${kind}_rule_collection`] ?? [])
        for (const rule of collection.rule) rules.set(rule.name, { ...rule, kind });
  return rules;
}

const portal = (overrides = {}) => ({
  name: 'portal',
  fqdns: [Fqdn.parse('portal.vendor.example')],
  ports: [Port.tcp(443)],
  app: 'https' as const,
  purpose: 'vendor portal',
  ...overrides,
});

describe('flows behind the explicit proxy', () => {
  test('allowVendor: the HTTPS flow is handed to the proxy as an application rule, FTPS keeps its network rule', () => {
    const { site } = testClinic({ explicitProxy: {}, packs: ['lumos'] });
    const flows = site.allowVendor('lumos');
    expect(flows.map((f) => [f.name, f.ruleKind, f.viaProxy])).toEqual([
      ['lumos-authentigate-443', 'application', true],
      ['lumos-csu-991', 'network', false],
      ['lumos-csu-3000-3010', 'network', false],
    ]);
    const rules = rulesByName(synth(site));
    expect(rules.get('lumos-authentigate-443')).toMatchObject({
      kind: 'application',
      destination_fqdns: ['authentigate.cherel.org.au'],
      protocols: [{ type: 'Https', port: 443 }],
    });
    expect(rules.get('lumos-authentigate-443')?.description).toContain(';proxy=yes;');
    expect(rules.get('lumos-csu-991')).toMatchObject({ kind: 'network', destination_ports: ['991'] });
    expect(rules.get('lumos-csu-991')?.description).toContain(';proxy=no;');
    const model = modelOf(site);
    const byName = (list: typeof flows) => list.map((f) => [f.name, f.viaProxy]).sort();
    expect(byName(model.egress)).toEqual(byName(flows));
    expect(findingsFor(model, ID)).toEqual([]);
  });

  test('allowVendor viaProxy: false keeps the HTTPS flow off the proxy; true leaves FTPS on its network rule', () => {
    const kept = testClinic({ explicitProxy: {}, packs: ['lumos'] }).site.allowVendor('lumos', { viaProxy: false });
    expect(kept.map((f) => [f.name, f.ruleKind, f.viaProxy])).toEqual([
      ['lumos-authentigate-443', 'application', false],
      ['lumos-csu-991', 'network', false],
      ['lumos-csu-3000-3010', 'network', false],
    ]);
    const handed = testClinic({ explicitProxy: {}, packs: ['lumos'] }).site.allowVendor('lumos', { viaProxy: true });
    expect(handed.map((f) => [f.name, f.viaProxy])).toEqual([
      ['lumos-authentigate-443', true],
      ['lumos-csu-991', false],
      ['lumos-csu-3000-3010', false],
    ]);
    const noProxy = testClinic({ packs: ['lumos'] }).site;
    expect(() => noProxy.allowVendor('lumos', { viaProxy: true })).toThrow(/viaProxy only on a site with/);
  });

  test('viaProxy: false keeps an HTTPS flow off the proxy; an address flow is never handed to it', () => {
    const { site } = testClinic({ explicitProxy: {} });
    expect(site.allowEgress(portal({ viaProxy: false })).viaProxy).toBe(false);
    const byAddress = site.allowEgressToAddresses({
      name: 'registry',
      addresses: [Cidr.parse('203.0.113.10/32')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'registry by address',
    });
    expect(byAddress).toMatchObject({ ruleKind: 'network', viaProxy: false });
    const rules = rulesByName(synth(site));
    expect(rules.get('portal')).toMatchObject({ kind: 'application' });
    expect(rules.get('portal')?.description).toContain(';proxy=no;');
    expect(rules.get('registry')?.description).toContain(';proxy=no;');
    expect(modelOf(site).egress.map((f) => f.viaProxy)).toEqual([false, false]);
  });

  test('http flows are handed over too; mssql is not (the proxy carries HTTP and HTTPS only)', () => {
    const { site } = testClinic({ explicitProxy: {} });
    expect(site.allowEgress(portal({ name: 'plain', app: 'http', ports: [Port.tcp(80)] })).viaProxy).toBe(true);
    const sql = site.allowEgress(portal({ name: 'sql', app: 'mssql', ports: [Port.tcp(1433)] }));
    expect(sql).toMatchObject({ ruleKind: 'application', viaProxy: false });
    expect(rulesByName(synth(site)).get('plain')).toMatchObject({ protocols: [{ type: 'Http', port: 80 }] });
  });

  test('a site without the explicit proxy records nothing about it', () => {
    const { site } = testClinic();
    expect(site.allowEgress(portal()).viaProxy).toBeUndefined();
    expect(rulesByName(synth(site)).get('portal')?.description).not.toContain('proxy=');
    expect(modelOf(site).egress[0].viaProxy).toBeUndefined();
  });

  test('refused at construction, in one line: a proxied flow the proxy cannot carry, viaProxy without the proxy', () => {
    const { site } = testClinic({ explicitProxy: {} });
    const ftps = portal({ name: 'ftps', app: 'ftps-implicit', ports: [Port.tcp(990)], viaProxy: true });
    expect(() => site.allowEgress(ftps)).toThrow(
      /^\[EGRESS-PROXY-PROTOCOL\] flow "ftps" cannot go through the explicit proxy — got viaProxy: true with app 'ftps-implicit'.*; fix: drop viaProxy[^\n]*$/,
    );
    const sql = portal({ name: 'sql', app: 'mssql', ports: [Port.tcp(1433)], viaProxy: true });
    expect(() => site.allowEgress(sql)).toThrow(/\[EGRESS-PROXY-PROTOCOL\].*app 'mssql'/);
    expect(() => testClinic().site.allowEgress(portal({ viaProxy: true }))).toThrow(
      /^\[EGRESS-INVALID\] invalid egress flow "portal" — got viaProxy on site clinic, which has no explicit proxy/,
    );
    // Nothing was half-added: the names are still free.
    expect(site.allowEgress(portal({ name: 'ftps' })).name).toBe('ftps');
  });
});
