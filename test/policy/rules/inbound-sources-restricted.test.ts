// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { inboundSourcesRestricted } from '../../../lib/policy/rules/inbound-sources-restricted';
import { forward, ruleTester, site } from './rule-tester';

// custo: 8443, 18443, 28443.
const rule = ruleTester(inboundSourcesRestricted);

describe('inbound-sources-restricted', () => {
  test('a forward to a vendor port from listed senders passes; other ports are not judged', () => {
    expect(rule.kinds(site({ inbound: [forward({ sources: ['203.0.113.7'] })] }))).toEqual([]);
    expect(rule.kinds(site({ inbound: [forward({ internalPort: '3389', sources: ['*'] })] }))).toEqual([]);
  });

  test('any source, or no source list, is a violation', () => {
    expect(rule.kinds(site({ inbound: [forward({ sources: ['*'] })] }))).toEqual([
      'violation estate/clinic/firewall/fwd',
    ]);
    expect(rule.kinds(site({ inbound: [forward({ sources: ['0.0.0.0/0'] })] }))).toEqual([
      'violation estate/clinic/firewall/fwd',
    ]);
    expect(rule.check(site({ inbound: [forward({ sources: [] })] }))[0].got).toBe('no source list');
  });

  test('unresolved sources or internal port are unknown', () => {
    expect(rule.kinds(site({ inbound: [forward({ sources: [unknown('var.senders')] })] }))).toEqual([
      'unknown estate/clinic/firewall/fwd',
    ]);
    expect(rule.kinds(site({ inbound: [forward({ internalPort: unknown('var.port') })] }))).toEqual([
      'unknown estate/clinic/firewall/fwd',
    ]);
  });

  test('0.0.0.0/1 + 128.0.0.0/1 (or Internet) is any source; private senders only is not internet inbound', () => {
    const kinds = (sources: string[]) => rule.kinds(site({ inbound: [forward({ sources })] }));
    expect(kinds(['0.0.0.0/1', '128.0.0.0/1'])).toEqual(['violation estate/clinic/firewall/fwd']);
    expect(kinds(['Internet'])).toEqual(['violation estate/clinic/firewall/fwd']);
    expect(kinds(['0.0.0.0/1', '128.0.0.0/2'])).toEqual([]);
    expect(kinds(['10.0.0.0/8', '192.168.0.0/16'])).toEqual([]);
  });
});
