// SPDX-License-Identifier: Apache-2.0
import { parsedPortList, portsCover } from '../../lib/policy/match';
import { Port } from '../../lib/net/port';
import { RuleMemo } from '../../lib/policy/rule-memo';

describe('match helpers', () => {
  test('a parsed port list is reused within one evaluation, and parsed afresh by the next', () => {
    const texts = ['991', '3000-3010'];
    const memo = new RuleMemo();
    const first = parsedPortList(texts, memo);
    expect(parsedPortList(texts, memo)).toBe(first);
    expect(first.map((p) => p.toString())).toEqual(['991', '3000-3010']);
    texts[1] = '3000-3020';
    expect(parsedPortList(texts, new RuleMemo()).map((p) => p.toString())).toEqual(['991', '3000-3020']);
    expect(() => parsedPortList(['ninety-one'], memo)).toThrow(/PORT-INVALID/);
  });

  test('ports out of order still cover a range together', () => {
    expect(portsCover([Port.tcpRange(3006, 3010), Port.tcpRange(3000, 3005)], Port.tcpRange(3000, 3010))).toBe(true);
    expect(portsCover([Port.tcpRange(3006, 3010), Port.tcpRange(3000, 3004)], Port.tcpRange(3000, 3010))).toBe(false);
  });
});
