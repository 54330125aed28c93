// SPDX-License-Identifier: Apache-2.0
import type { ProxySettings } from '../../../lib/model/types';
import { findingsFor, flow, site, summary } from './platform-fixtures';

const ID = 'AZURE-EXPLICIT-PROXY';
const PROXY: ProxySettings = {
  kind: 'http',
  endpoint: 'fw-clinic:8080',
  azureExplicitProxy: true,
  path: 'clinic/proxy',
};
const HOST = 'csu.cherel.org.au';

const https = flow('lumos-443', { fqdns: [HOST], ports: ['443'] });
const ftpsNetwork = flow('lumos-ftps', {
  ruleKind: 'network',
  appProtocol: 'ftps-implicit',
  fqdns: [HOST],
  ports: ['991', '3000-3010'],
});

describe('azure-explicit-proxy (AZURE-EXPLICIT-PROXY)', () => {
  test('compliant: proxied flows are application rules; network flows the clients keep off the proxy', () => {
    const offProxy = { ...ftpsNetwork, viaProxy: false };
    expect(findingsFor(site({ proxy: PROXY, egress: [https, offProxy] }), ID)).toEqual([]);
    // An application rule for the same host and ports carries what the network rule names.
    const appFtps = flow('lumos-ftps-app', { fqdns: ['*.cherel.org.au'], ports: ['991', '3000-3010'] });
    expect(findingsFor(site({ proxy: PROXY, egress: [https, ftpsNetwork, appFtps] }), ID)).toEqual([]);
  });

  test('compliant: no explicit proxy, or a host the bypass list sends direct', () => {
    expect(findingsFor(site({ egress: [ftpsNetwork] }), ID)).toEqual([]);
    const appliance = { ...PROXY, azureExplicitProxy: false };
    expect(findingsFor(site({ proxy: appliance, egress: [ftpsNetwork] }), ID)).toEqual([]);
    const bypass = [{ host: '*.cherel.org.au', reason: 'FTPS goes direct', path: 'clinic/bypass' }];
    expect(findingsFor(site({ proxy: PROXY, bypass, egress: [ftpsNetwork] }), ID)).toEqual([]);
  });

  test('non-compliant: a network rule for a flow handed to the proxy (the issue: Lumos FTPS behind the proxy)', () => {
    const findings = findingsFor(site({ proxy: PROXY, egress: [https, ftpsNetwork] }), ID);
    expect(summary(findings)).toEqual(['violation:error clinic/rules/lumos-ftps']);
    expect(findings[0].message).toContain(`no application rule for ${HOST}:991, ${HOST}:3000-3010`);
    expect(findings[0].message).toContain('network rules never see proxied traffic');
  });

  test('non-compliant: an application rule that misses a port, and an explicit viaProxy address flow', () => {
    const narrow = flow('lumos-app', { fqdns: [HOST], ports: ['991'] });
    const findings = findingsFor(site({ proxy: PROXY, egress: [narrow, ftpsNetwork] }), ID);
    expect(summary(findings)).toEqual(['violation:error clinic/rules/lumos-ftps']);
    expect(findings[0].message).toContain(`got no application rule for ${HOST}:3000-3010, expected`);
    const byAddress = flow('registry-ip', { ruleKind: 'network', addresses: ['203.0.113.10'], viaProxy: true });
    expect(summary(findingsFor(site({ proxy: PROXY, egress: [byAddress] }), ID))).toEqual([
      'violation:error clinic/rules/registry-ip',
    ]);
  });

  test('unknown: a proxied flow whose host or ports are expressions', () => {
    const unknownHost = flow('vendor', { ruleKind: 'network', fqdns: [{ unknown: '${var.host}' }], viaProxy: true });
    const findings = findingsFor(site({ proxy: PROXY, egress: [unknownHost] }), ID);
    expect(summary(findings)).toEqual(['unknown:warning clinic/rules/vendor']);
    expect(findings[0].message).toContain('${var.host}');
    const unknownPorts = flow('vendor', { ruleKind: 'network', fqdns: [HOST], ports: [{ unknown: '${var.port}' }] });
    expect(summary(findingsFor(site({ proxy: PROXY, egress: [unknownPorts] }), ID))).toEqual([
      'unknown:warning clinic/rules/vendor',
    ]);
  });

  test('boundary: a wildcard application rule covers names below it, not the bare domain', () => {
    const wildcard = flow('cherel-app', { fqdns: ['*.cherel.org.au'], ports: ['443'] });
    const apex = flow('apex', { ruleKind: 'network', fqdns: ['cherel.org.au'], viaProxy: true });
    const below = flow('below', { ruleKind: 'network', fqdns: [HOST], viaProxy: true });
    expect(summary(findingsFor(site({ proxy: PROXY, egress: [wildcard, apex, below] }), ID))).toEqual([
      'violation:error clinic/rules/apex',
    ]);
  });

  test('boundary: the port range is covered to its last port, or the missing port is named', () => {
    const data = flow('lumos-data', { ruleKind: 'network', fqdns: [HOST], ports: ['3000-3010'], viaProxy: true });
    const whole = flow('app-whole', { fqdns: [HOST], ports: ['3000-3010'] });
    expect(findingsFor(site({ proxy: PROXY, egress: [whole, data] }), ID)).toEqual([]);
    const short = flow('app-short', { fqdns: [HOST], ports: ['3000-3009'] });
    const findings = findingsFor(site({ proxy: PROXY, egress: [short, data] }), ID);
    expect(summary(findings)).toEqual(['violation:error clinic/rules/lumos-data']);
    expect(findings[0].message).toContain(`no application rule for ${HOST}:3000-3010`);
  });

  test('boundary: only an allowing application rule counts; a denied or kept-off flow is not checked', () => {
    const proxied = flow('vendor', { ruleKind: 'network', fqdns: [HOST], viaProxy: true });
    const denyApp = flow('deny-app', { fqdns: [HOST], action: 'Deny' });
    expect(summary(findingsFor(site({ proxy: PROXY, egress: [denyApp, proxied] }), ID))).toEqual([
      'violation:error clinic/rules/vendor',
    ]);
    const denied = flow('denied', { ruleKind: 'network', fqdns: [HOST], action: 'Deny', viaProxy: true });
    const kept = flow('kept', { ruleKind: 'network', fqdns: [HOST], viaProxy: false });
    expect(findingsFor(site({ proxy: PROXY, egress: [denied, kept] }), ID)).toEqual([]);
  });

  test('boundary: the bypass list wins over viaProxy (the PAC sends the host direct); a VPN flow is off the proxy', () => {
    const bypass = [{ host: HOST, reason: 'goes direct', path: 'clinic/bypass' }];
    const proxied = flow('vendor', { ruleKind: 'network', fqdns: [HOST], viaProxy: true });
    expect(findingsFor(site({ proxy: PROXY, bypass, egress: [proxied] }), ID)).toEqual([]);
    const overVpn = flow('hl7', { ruleKind: 'network', fqdns: ['lab.example.org'], ports: ['2575'], viaVpn: 'to-lab' });
    expect(findingsFor(site({ proxy: PROXY, egress: [overVpn] }), ID)).toEqual([]);
  });
});
