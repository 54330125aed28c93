// SPDX-License-Identifier: Apache-2.0
/** `--sites FILE` settings applied by the reader: packs, kind and vendor settings by site name or glob. */
import * as path from 'path';
import { loadSitesFile } from '../../lib/cli/sites-file';
import { mergedVendor, settingsFor, settingsMatch } from '../../lib/terraform/site-settings';
import { findingsOf } from './findings';

const tf = (name: string) => path.join(__dirname, '..', 'fixtures', 'tf', name);
const sitesFile = path.join(__dirname, '..', 'fixtures', 'sites', 'custo-sender.yaml');

describe('a sites file gives untagged sites their packs and vendor settings', () => {
  test('glob and exact entries: packs of both, vendor settings from the file; an entry matching nothing is reported', () => {
    const sites = loadSitesFile(sitesFile);
    const { read, findings } = findingsOf(tf('mixed-http-https.cdk.tf.json'), { sites });
    expect(read.model.sites.map((s) => [s.name, s.kind, s.packs, s.vendor])).toEqual([
      ['cove', 'clinic', ['custo', 'lumos'], { custo: { role: 'sender', mode: 'vpn', centre: 'hub' } }],
    ]);
    expect(read.problems).toEqual([
      {
        site: '',
        address: `${sitesFile}: entry "nowhere-*"`,
        resourceType: 'sites-file',
        message:
          'the --sites entry "nowhere-*" matches no site of the input, so its packs and vendor settings apply nowhere',
      },
    ]);
    expect(findings).toEqual([
      ['CLINICNET-UNREADABLE', '*', `${sitesFile}: entry "nowhere-*"`],
      ['CUSTO-MODE', 'cove', 'cove'],
      ['LUMOS-EGRESS-443', 'cove', 'azurerm_firewall.fw'],
      ['LUMOS-EGRESS-991', 'cove', 'azurerm_firewall.fw'],
      ['LUMOS-EGRESS-DATA', 'cove', 'azurerm_firewall.fw'],
      ['LUMOS-NAT-OR-PROXY', 'cove', 'cove'],
    ]);
  });

  test('without the file the same input has no vendor pack and no finding', () => {
    const { read, findings } = findingsOf(tf('mixed-http-https.cdk.tf.json'));
    expect(read.model.sites.map((s) => [s.packs, s.vendor])).toEqual([[[], {}]]);
    expect(findings).toEqual([]);
  });

  test("a declared custo role in the file stops the port-forward inference (the operator's word wins)", () => {
    const sites = [
      { pattern: 'cove', declaredAt: 'sites.yaml: entry "cove"', vendor: { custo: { role: 'sender' as const } } },
    ];
    const { read, findings } = findingsOf(tf('custo-port-forward.cdk.tf.json'), { sites });
    expect(read.model.sites[0].vendor).toEqual({ custo: { role: 'sender' } });
    expect(findings).toEqual([['CUSTO-MODE', 'cove', 'cove']]);
  });

  test('a review base (allowEmpty) does not report entries that match none of its sites', () => {
    const sites = loadSitesFile(sitesFile);
    const { read } = findingsOf(tf('mixed-http-https.cdk.tf.json'), { sites, allowEmpty: true });
    expect(read.problems).toEqual([]);
  });
});

describe('matching', () => {
  test.each([
    ['clinic-*', 'clinic-penrith', true],
    ['clinic-*', 'hub-penrith', false],
    ['clinic-?', 'clinic-a', true],
    ['clinic-?', 'clinic-ab', false],
    ['clinic.a', 'clinicXa', false],
    ['cove', 'cove', true],
    ['cove', 'coves', false],
  ])('%s against %s: %s', (pattern, site, expected) => {
    expect(settingsMatch(pattern, site)).toBe(expected);
  });

  test('an exact entry is applied after the globs whatever the file order; packs are the union', () => {
    const entries = [
      { pattern: 'cove', declaredAt: 'a', packs: ['lumos'], kind: 'hub' as const, vendor: { hl7: { agents: 2 } } },
      { pattern: 'c*', declaredAt: 'b', packs: ['custo'], kind: 'clinic' as const, vendor: { hl7: { agents: 1 } } },
    ];
    expect(settingsFor(entries, 'cove')).toEqual({
      packs: ['custo', 'lumos'],
      kind: 'hub',
      vendor: { hl7: { agents: 2 } },
    });
    expect(settingsFor(entries, 'dove')).toBeUndefined();
  });

  test('a vendor the declaration sets differently is replaced, with one problem naming it', () => {
    const messages: string[] = [];
    const merged = mergedVendor(
      { custo: { role: 'centre' }, hl7: { agents: 1 } },
      { custo: { role: 'sender' }, hl7: { agents: 1 }, lumos: {} },
      (m) => messages.push(m),
    );
    expect(merged).toEqual({ custo: { role: 'sender' }, hl7: { agents: 1 }, lumos: {} });
    expect(messages).toEqual([
      "the --sites file's settings for custo replace those the clinicnet_site output declares",
    ]);
  });
});
