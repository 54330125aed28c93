// SPDX-License-Identifier: Apache-2.0
import type { ProxySettings } from '../../lib/model/types';
import { unknown } from '../../lib/model/types';
import { directHosts, handedToProxy, proxiedHosts } from '../../lib/policy/proxied-flows';
import { flow, site } from './rules/platform-fixtures';

const EXPLICIT: ProxySettings = { kind: 'http', endpoint: '10.1.0.4:8080', azureExplicitProxy: true, path: 'p' };

describe('which flows the clients hand to the explicit proxy', () => {
  test('the mark decides; without it an allowed hostname flow off any VPN and outside the bypass list', () => {
    const s = site({ bypass: [{ host: '*.customed.de', reason: 'custo', path: 'b' }] });
    expect(handedToProxy(s, flow('a', { fqdns: ['a.example.org'] }))).toBe(true);
    expect(handedToProxy(s, flow('a', { fqdns: ['a.example.org'], viaProxy: false }))).toBe(false);
    expect(handedToProxy(s, flow('a', { addresses: ['203.0.113.1'], viaProxy: true }))).toBe(true);
    expect(handedToProxy(s, flow('a', { addresses: ['203.0.113.1'] }))).toBe(false);
    expect(handedToProxy(s, flow('a', { fqdns: ['a.example.org'], viaVpn: 'to-hub' }))).toBe(false);
    expect(handedToProxy(s, flow('a', { fqdns: ['kybe.customed.de'] }))).toBe(false);
    expect(handedToProxy(s, flow('a', { fqdns: ['kybe.customed.de', 'a.example.org'] }))).toBe(true);
    expect(handedToProxy(s, flow('a', { fqdns: ['a.example.org'], action: 'Deny', viaProxy: true }))).toBe(false);
  });

  test('proxiedHosts: only with the Azure explicit proxy; bypassed, unknown and non-hostname entries left out', () => {
    const egress = [
      flow('a', { fqdns: ['b.example.org', 'a.example.org', 'kybe.customed.de', unknown('var.host'), '10.0.0.1'] }),
      flow('b', { fqdns: ['a.example.org'] }),
      flow('c', { fqdns: ['ftp.example.org'], viaProxy: false }),
      // Named by a proxied wildcard: the PAC sends it to the proxy, so it is no exception.
      flow('d', { fqdns: ['*.vendor.example'] }),
      flow('e', { fqdns: ['sftp.vendor.example', 'vendor.example'], viaProxy: false }),
    ];
    const bypass = [{ host: '*.customed.de', reason: 'custo', path: 'b' }];
    expect(proxiedHosts(site({ proxy: EXPLICIT, egress, bypass }))).toEqual([
      '*.vendor.example',
      'a.example.org',
      'b.example.org',
    ]);
    expect(directHosts(site({ proxy: EXPLICIT, egress, bypass }))).toEqual(['ftp.example.org', 'vendor.example']);
    expect(proxiedHosts(site({ egress }))).toBeUndefined();
    expect(proxiedHosts(site({ proxy: { ...EXPLICIT, azureExplicitProxy: false }, egress }))).toBeUndefined();
  });
});
