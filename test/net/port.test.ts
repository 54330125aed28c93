// SPDX-License-Identifier: Apache-2.0
import { Port } from '../../lib/net/port';

describe('Port', () => {
  test('Azure forms', () => {
    expect(Port.tcp(443).toString()).toBe('443');
    expect(Port.tcpRange(3000, 3010).toString()).toBe('3000-3010');
    expect(Port.udp(53).describe()).toBe('UDP 53');
    expect(Port.any().toString()).toBe('*');
    expect(Port.parse('*', 'udp').describe()).toBe('UDP *');
    expect(Port.parse(' 3000-3010 ').describe()).toBe('TCP 3000-3010');
  });

  test.each([
    [() => Port.tcp(0), 'got 0'],
    [() => Port.tcp(65536), 'got 65536'],
    [() => Port.tcp(1.5), 'got 1.5'],
    [() => Port.udpRange(3010, 3000), 'got 3010-3000'],
    [() => Port.parse('70000'), 'got 70000'],
  ])('out-of-range port %#', (make, got) => {
    expect(make).toThrow(`[PORT-RANGE] invalid port — ${got}, expected whole numbers from 1 to 65535 with from ≤ to`);
  });

  test.each(['https', '', '443,8443', '-1', '1-2-3'])('unparsable port %p', (text) => {
    expect(() => Port.parse(text)).toThrow(
      `[PORT-INVALID] not a port — got "${text.trim()}", expected "443", "3000-3010" or "*"`,
    );
  });

  test('covers respects the range and the protocol', () => {
    expect(Port.tcpRange(3000, 3010).covers(Port.tcp(3005))).toBe(true);
    expect(Port.tcpRange(3000, 3010).covers(Port.tcpRange(3005, 3011))).toBe(false);
    expect(Port.tcp(443).covers(Port.udp(443))).toBe(false);
    expect(Port.any().covers(Port.udp(443))).toBe(true);
    expect(Port.parse('*').covers(Port.tcp(1))).toBe(true);
    expect(Port.tcp(443).includes(443)).toBe(true);
    expect(Port.tcp(443).includes(444)).toBe(false);
  });
});
