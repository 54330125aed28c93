// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { validateModel } from '../../lib/model/validate';
import { buildExampleEstate } from '../../stacks/estate';
import { backendFromEnv } from '../../stacks/backend';
import { modelOf } from './read-back';
import { resourcesOf, ruleCollectionGroups } from './util';
import { runGate } from '../../lib/constructs/policy-gate';

/** Synthesizes the example estate through the gate into a fresh directory and returns every stack's JSON text. */
function synthExample(): {
  outdir: string;
  stacks: Record<string, string>;
  estate: ReturnType<typeof buildExampleEstate>;
} {
  const app = Testing.app();
  const estate = buildExampleEstate(app);
  runGate(app, { print: () => undefined });
  const stacksDir = path.join(app.outdir, 'stacks');
  const stacks = Object.fromEntries(
    fs
      .readdirSync(stacksDir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf8')]),
  );
  return { outdir: app.outdir, stacks, estate };
}

const first = synthExample();
const resources = (stack: string, type: string) => Object.values(resourcesOf(first.stacks[stack], type));

describe('the example estate (npm run synth)', () => {
  test('synthesizes one stack per site', () => {
    expect(Object.keys(first.stacks)).toEqual([
      'cardiology-geelong',
      'hub',
      'nsw-gp-parramatta',
      'tx-paediatrics-austin',
    ]);
  });

  test('synthesizing twice gives byte-identical stacks', () => {
    expect(synthExample().stacks).toEqual(first.stacks);
  });

  test('its read-back model validates against the schema', () => {
    const model = validateModel(JSON.parse(JSON.stringify(modelOf(first.estate))));
    expect(model.sites).toHaveLength(4);
  });

  test('the NSW GP sends TCP 991 and TCP 3000-3010 to csu.cherel.org.au by FQDN, with DNS proxy on and NAT on the firewall subnet', () => {
    const stack = 'nsw-gp-parramatta';
    const rules = ruleCollectionGroups(first.stacks[stack]).flatMap((g) =>
      (g.network_rule_collection ?? []).flatMap((c) => c.rule),
    );
    const csu = rules.filter((rule) => rule.destination_fqdns?.includes('csu.cherel.org.au'));
    expect(csu.flatMap((rule) => rule.destination_ports).sort()).toEqual(['3000-3010', '991']);
    expect(resources(stack, 'azurerm_firewall_policy')[0].dns).toEqual({ proxy_enabled: true });
    expect(resources(stack, 'azurerm_subnet_nat_gateway_association').map((a) => a.subnet_id)).toEqual([
      '${azurerm_subnet.subnet-AzureFirewallSubnet.id}',
    ]);
  });

  test('the Texas clinic reports to ImmTrac over implicit FTPS 990 and passive 5000-5010', () => {
    const model = modelOf(first.estate).sites.find((s) => s.name === 'tx-paediatrics-austin');
    const immtrac = model?.egress.filter((f) => f.fqdns.includes('immtrac-ftp1.dshs.state.tx.us'));
    expect(immtrac?.map((f) => [f.ruleKind, f.ports]).sort()).toEqual([
      ['network', ['5000-5010']],
      ['network', ['990']],
    ]);
    expect(model?.egress.find((f) => f.appProtocol === 'mllp')?.viaVpn).toBe('cn-tx-paediatrics-austin-to-hub');
  });

  test('every VPN connection has an IPsec policy and a shared key that is a reference, never a literal', () => {
    const connections = Object.keys(first.stacks).flatMap((s) =>
      resources(s, 'azurerm_virtual_network_gateway_connection'),
    );
    expect(connections).toHaveLength(4);
    for (const c of connections) {
      expect(c.ipsec_policy).toMatchObject({ ike_encryption: 'GCMAES256', dh_group: 'DHGroup14' });
      expect(c.shared_key).toMatch(/^\$\{data\.azurerm_key_vault_secret\.[^}]+\.value\}$/);
    }
    // Every file synth wrote (stacks, gate report, hand-over files), not just the stacks.
    const files = (fs.readdirSync(first.outdir, { recursive: true }) as string[])
      .map((f) => path.join(first.outdir, f))
      .filter((f) => fs.statSync(f).isFile());
    expect(files.length).toBeGreaterThan(Object.keys(first.stacks).length);
    const everything = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(everything).toContain('"shared_key": "${data.azurerm_key_vault_secret.');
    expect(everything).not.toMatch(/"shared_key": "(?!\$\{)/);
  });

  test('the cardiology practice bypasses *.customed.de and gets a PAC file for its explicit proxy', () => {
    const pac = fs.readFileSync(path.join(first.outdir, 'clinicnet', 'cardiology-geelong', 'proxy.pac'), 'utf8');
    expect(pac).toContain('dnsDomainIs(host, ".customed.de")');
  });
});

describe('backendFromEnv', () => {
  test('local state when nothing is set; Azure Storage when all three are', () => {
    expect(backendFromEnv({})).toBeUndefined();
    expect(
      backendFromEnv({
        CLINICNET_STATE_RESOURCE_GROUP: 'rg',
        CLINICNET_STATE_STORAGE_ACCOUNT: 'st',
        CLINICNET_STATE_CONTAINER: 'tfstate',
      }),
    ).toEqual({
      resourceGroupName: 'rg',
      storageAccountName: 'st',
      containerName: 'tfstate',
    });
  });

  test('names the missing variables when only some are set', () => {
    expect(() => backendFromEnv({ CLINICNET_STATE_RESOURCE_GROUP: 'rg' })).toThrow(
      /\[STACKS-BACKEND-INCOMPLETE\] .* got CLINICNET_STATE_STORAGE_ACCOUNT, CLINICNET_STATE_CONTAINER unset/,
    );
  });
});
