// SPDX-License-Identifier: Apache-2.0
import { parsedPortList, portsCover } from '../../lib/policy/match';
import { Port } from '../../lib/net/port';

describe('match helpers', () => {
  test('a parsed port list is reused, and parsed again when its texts change', () => {
    const texts = ['991', '3000-3010'];
    const first = parsedPortList(texts);
    expect(parsedPortList(texts)).toBe(first);
    texts[1] = '3000-3020';
    expect(parsedPortList(texts).map((p) => p.toString())).toEqual(['991', '3000-3020']);
    expect(() => parsedPortList(['ninety-one'])).toThrow(/PORT-INVALID/);
  });

  test('ports out of order still cover a range together', () => {
    expect(portsCover([Port.tcpRange(3006, 3010), Port.tcpRange(3000, 3005)], Port.tcpRange(3000, 3010))).toBe(true);
    expect(portsCover([Port.tcpRange(3006, 3010), Port.tcpRange(3000, 3004)], Port.tcpRange(3000, 3010))).toBe(false);
  });
});
