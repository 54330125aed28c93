// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdktf';
import { FirewallPolicyRuleCollectionGroup } from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import { vendorFlows } from '../../lib/constructs/allow-vendor';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { builtinPacks } from '../../lib/policy/pack';
import { clinic, newEstate } from '../policy/util';
import { modelOf } from './read-back';
import { Cidr } from '../../lib/net/cidr';
import { arrayContaining } from '../matchers';

const pack = (id: string) => {
  const found = builtinPacks().find((p) => p.id === id);
  if (found === undefined) throw new Error(`no pack ${id}`);
  return found;
};

describe('allowVendor', () => {
  test('lumos: exactly the three flows of the pack, by hostname', () => {
    const site = clinic(newEstate(), 'nsw-gp', 1, ['lumos']);
    const flows = site.allowVendor('lumos');
    expect(flows.map((f) => [f.name, f.ruleKind, f.fqdns, f.ports, f.requirement])).toEqual([
      ['lumos-authentigate-443', 'application', ['authentigate.cherel.org.au'], ['443'], 'LUMOS-EGRESS-443'],
      ['lumos-csu-991', 'network', ['csu.cherel.org.au'], ['991'], 'LUMOS-EGRESS-991'],
      ['lumos-csu-3000-3010', 'network', ['csu.cherel.org.au'], ['3000-3010'], 'LUMOS-EGRESS-DATA'],
    ]);
    expect(modelOf(site).egress).toHaveLength(3);
  });

  test('lumos: the synthesized network rule names the FQDN and the data port range', () => {
    const site = clinic(newEstate(), 'nsw-gp', 1, ['lumos']);
    new NatEgress(site, 'nat', {});
    site.allowVendor('lumos');
    expect(Testing.synth(site)).toHaveResourceWithProperties(FirewallPolicyRuleCollectionGroup, {
      network_rule_collection: arrayContaining([
        expect.objectContaining({
          rule: arrayContaining([
            expect.objectContaining({
              name: 'lumos-csu-3000-3010',
              destination_fqdns: ['csu.cherel.org.au'],
              destination_ports: ['3000-3010'],
            }),
          ]),
        }),
      ]),
    });
  });

  test('immtrac: the preferred method (HTTPS 443)', () => {
    expect(vendorFlows(pack('immtrac'), { vendor: {} }).map((f) => `${f.host}:${f.port}`)).toEqual([
      'immtrac-ftp1.dshs.state.tx.us:443',
    ]);
  });

  test('immtrac: a named method (FTPS) gives the control port and the passive data range', () => {
    const site = clinic(newEstate(), 'tx-peds', 3, ['immtrac']);
    const flows = site.allowVendor('immtrac', { method: 'ftps' });
    expect(flows.map((f) => [f.name, f.ruleKind, f.fqdns, f.ports])).toEqual([
      ['immtrac-ftp1-990', 'network', ['immtrac-ftp1.dshs.state.tx.us'], ['990']],
      ['immtrac-ftp1-5000-5010', 'network', ['immtrac-ftp1.dshs.state.tx.us'], ['5000-5010']],
    ]);
  });

  test('immtrac: a method the pack does not offer is refused, naming the ones it does', () => {
    const site = clinic(newEstate(), 'tx-peds', 3, ['immtrac']);
    expect(() => site.allowVendor('immtrac', { method: 'FTP' })).toThrow(
      '[VENDOR-METHOD-UNKNOWN] unknown immtrac method — got "FTP", expected one of HTTPS, FTPS, SFTP',
    );
    expect(modelOf(site).egress).toHaveLength(0);
  });

  test('custo: cloud flows for a centre, none for a sender', () => {
    expect(
      vendorFlows(pack('custo'), { vendor: { custo: { role: 'centre', mode: 'vpn' } } }).map((f) => f.host),
    ).toEqual(['kybe.customed.de', 'letsencrypt.org']);
    const sender = clinic(newEstate(), 'gp-north', 2, ['custo'], {
      vendor: { custo: { role: 'sender', mode: 'port-forward' } },
    });
    expect(() => sender.allowVendor('custo')).toThrow(
      /\[VENDOR-NO-FLOWS\] no flows to allow for vendor custo on site gp-north/,
    );
  });

  test('a pack with no obligations is refused', () => {
    expect(() => clinic(newEstate(), 'nsw-gp', 1, ['hl7']).allowVendor('hl7')).toThrow(/VENDOR-NO-FLOWS/);
  });

  test('a pack the site does not declare is refused at construction, with one line (its rules would not run)', () => {
    const site = clinic(newEstate(), 'nsw-gp', 1, ['immtrac']);
    let message = '';
    try {
      site.allowVendor('lumos');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /^\[VENDOR-PACK-NOT-DECLARED\] vendor lumos is not declared on site nsw-gp — got allowVendor\('lumos'\) with packs \[immtrac\]/,
    );
    expect(message).not.toContain('\n');
    expect(modelOf(site).egress).toEqual([]);
  });

  test('sourceSubnets: every flow comes from the named subnets only', () => {
    const site = clinic(newEstate(), 'nsw-gp', 1, ['lumos'], {
      workloadSubnets: [
        { name: 'clinical', prefix: Cidr.parse('10.1.1.0/24') },
        { name: 'extraction', prefix: Cidr.parse('10.1.2.0/24') },
      ],
    });
    const flows = site.allowVendor('lumos', { sourceSubnets: ['extraction'] });
    expect(flows.map((f) => f.sources)).toEqual([['10.1.2.0/24'], ['10.1.2.0/24'], ['10.1.2.0/24']]);
    const other = clinic(newEstate(), 'nsw-gp', 1, ['lumos']);
    expect(() => other.allowVendor('lumos', { sourceSubnets: ['nowhere'] })).toThrow(/\[SITE-SOURCE-SUBNET\]/);
  });
});
