// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { TerraformVariable } from 'cdktf';
import { ProxyBypassList, siteArtefactDir } from '../../lib/constructs';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { collectionOf, onlyResource, onlyRuleCollectionGroup, stackJson, synth, testClinic } from './util';
import { modelOf } from './read-back';
import { runGate } from '../../lib/constructs/policy-gate';

const customed = {
  host: Fqdn.parse('*.customed.de'),
  reason: 'custo transfers break under inspection',
  requirement: 'CUSTO-NO-TLS-INSPECT',
};
const inspection = {
  caCertificateSecretId: 'https://kv.vault.azure.net/secrets/inspection-ca',
  identityId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/fw',
};

describe('ProxyBypassList: hosts neither inspected nor proxied', () => {
  test('with TLS inspection on: Premium policy with the Key Vault CA, and terminate_tls = false for the bypass hosts', () => {
    const { site } = testClinic({ tlsInspection: inspection });
    new ProxyBypassList(site, 'custo', { hosts: [customed] });
    const out = synth(site);
    expect(onlyResource(out, 'azurerm_firewall_policy')).toMatchObject({
      sku: 'Premium',
      tls_certificate: { key_vault_secret_id: inspection.caCertificateSecretId, name: 'clinicnet-inspection-ca' },
      identity: { type: 'UserAssigned', identity_ids: [inspection.identityId] },
    });
    const group = onlyRuleCollectionGroup(out);
    expect(collectionOf(group, 'application')).toMatchObject({ name: 'bypass-no-inspection', priority: 210 });
    expect(collectionOf(group, 'application').rule[0]).toMatchObject({
      name: 'bypass-custo',
      destination_fqdns: ['*.customed.de'],
      protocols: [{ type: 'Https', port: 443 }],
      terminate_tls: false,
    });
    const model = modelOf(site);
    expect(model.tlsInspection).toEqual({
      enabled: true,
      caCertificate: inspection.caCertificateSecretId,
      path: 'estate/clinic/firewall-policy',
    });
    expect(model.bypass).toEqual([
      {
        host: '*.customed.de',
        reason: customed.reason,
        requirement: 'CUSTO-NO-TLS-INSPECT',
        path: 'estate/clinic/clinicnet_site',
      },
    ]);
    expect(model.egress).toEqual([
      expect.objectContaining({ name: 'bypass-custo', terminateTls: false, fqdns: ['*.customed.de'] }),
    ]);
  });

  test('without inspection only the declaration is recorded (no firewall rule)', () => {
    const { site } = testClinic();
    new ProxyBypassList(site, 'custo', { hosts: [customed] });
    const out = stackJson(synth(site));
    expect(out.resource.azurerm_firewall_policy_rule_collection_group).toBeUndefined();
    expect(out.output.clinicnet_site.value.bypass).toEqual([
      { host: '*.customed.de', reason: customed.reason, requirement: 'CUSTO-NO-TLS-INSPECT' },
    ]);
  });

  test('with the explicit proxy on, synth writes proxy.pac, proxy-override.txt and no-proxy.txt next to the stack', () => {
    const { app, site } = testClinic({ explicitProxy: { httpPort: 3128 } });
    new ProxyBypassList(site, 'custo', {
      hosts: [customed, { host: Fqdn.parse('kybe.customed.de'), reason: 'custo cloud login' }],
    });
    const portal = { fqdns: [Fqdn.parse('portal.vendor.example')], ports: [Port.tcp(443)], app: 'https' as const };
    site.allowEgress({ name: 'portal', purpose: 'vendor portal', ...portal });
    runGate(app, { print: () => undefined, packs: [] });
    const dir = path.join(app.outdir, siteArtefactDir('clinic'));
    expect(fs.readFileSync(path.join(dir, 'proxy-override.txt'), 'utf8')).toBe(
      '<local>;*.local;10.1.*;*.customed.de;kybe.customed.de\n',
    );
    expect(fs.readFileSync(path.join(dir, 'no-proxy.txt'), 'utf8')).toBe(
      '.local,10.1.0.0/16,.customed.de,kybe.customed.de\n',
    );
    const pac = fs.readFileSync(path.join(dir, 'proxy.pac'), 'utf8');
    expect(pac).toContain('if (dnsDomainIs(host, ".customed.de")) return "DIRECT";');
    // The explicit proxy gets only the hosts of the flows handed to it (the https portal).
    expect(pac).toContain(
      '  if (host === "portal.vendor.example") return "PROXY 10.1.0.4:3128";\n  return "DIRECT";\n}',
    );
    expect(onlyResource(synth(site), 'azurerm_firewall_policy').explicit_proxy).toEqual({
      enabled: true,
      http_port: 3128,
      https_port: 8443,
    });
    expect(modelOf(site).proxy).toEqual({
      kind: 'http',
      endpoint: '10.1.0.4:3128',
      azureExplicitProxy: true,
      path: 'estate/clinic/clinicnet_site',
    });
  });

  test('rejects an empty list, an empty reason and a duplicate host', () => {
    const { site } = testClinic();
    expect(() => new ProxyBypassList(site, 'a', { hosts: [] })).toThrow(
      /\[BYPASS-INVALID\] invalid bypass list "a" — got no hosts/,
    );
    expect(() => new ProxyBypassList(site, 'b', { hosts: [{ ...customed, reason: '' }] })).toThrow(
      /got an empty reason for \*\.customed\.de/,
    );
    expect(() => new ProxyBypassList(site, 'c', { hosts: [customed, customed] })).toThrow(/got \*\.customed\.de twice/);
    expect(modelOf(site).bypass).toEqual([]);
  });

  test('rejects an empty httpsPorts list and a port out of range', () => {
    const { site } = testClinic({ tlsInspection: inspection });
    expect(() => new ProxyBypassList(site, 'a', { hosts: [customed], httpsPorts: [] })).toThrow(
      /\[BYPASS-INVALID\] invalid bypass list "a" — got an empty httpsPorts list, expected at least one port/,
    );
    expect(() => new ProxyBypassList(site, 'b', { hosts: [customed], httpsPorts: [0] })).toThrow(
      /got httpsPorts entry 0, expected ports from 1 to 65535/,
    );
    expect(modelOf(site).egress).toEqual([]);
  });

  test('a rule name already taken on the site leaves nothing recorded', () => {
    const { site } = testClinic({ tlsInspection: inspection });
    site.allowEgress({
      name: 'bypass-custo',
      fqdns: [Fqdn.parse('portal.example.org')],
      ports: [Port.tcp(443)],
      app: 'https',
      purpose: 'portal',
    });
    expect(() => new ProxyBypassList(site, 'custo', { hosts: [customed] })).toThrow(
      /\[FW-RULE-NAME-TAKEN\] duplicate rule name on site clinic — got "bypass-custo" twice/,
    );
    expect(modelOf(site).bypass).toEqual([]);
    expect(site.node.tryFindChild('custo')).toBeUndefined();
  });

  test('a port from a variable is emitted as its reference and recorded as unknown', () => {
    const { site } = testClinic({ tlsInspection: inspection });
    const port = new TerraformVariable(site, 'custo_port', { type: 'number' });
    new ProxyBypassList(site, 'custo', { hosts: [customed], httpsPorts: [port.numberValue] });
    const group = onlyRuleCollectionGroup(synth(site));
    expect(collectionOf(group, 'application').rule[0].protocols).toEqual([
      { type: 'Https', port: '${var.custo_port}' },
    ]);
    expect(modelOf(site).egress[0].ports).toEqual([{ unknown: 'var.custo_port' }]);
  });
});
