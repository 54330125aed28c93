// SPDX-License-Identifier: Apache-2.0
import { TlsVersion } from '../../lib/net/tls-version';

describe('TlsVersion', () => {
  test.each(['1.2', 'TLS1.2', 'tlsv1.2', 'TLS1_2', 'TLS 1.2'])('%p parses as TLS 1.2', (text) => {
    expect(TlsVersion.parse(text)).toBe(TlsVersion.V1_2);
  });

  test('versions are ordered', () => {
    expect(TlsVersion.V1_3.isAtLeast(TlsVersion.V1_2)).toBe(true);
    expect(TlsVersion.V1_1.isAtLeast(TlsVersion.V1_2)).toBe(false);
    expect(TlsVersion.V1_2.isAtLeast(TlsVersion.V1_2)).toBe(true);
    expect(TlsVersion.of('1.0').compareTo(TlsVersion.V1_3)).toBeLessThan(0);
    expect(TlsVersion.V1_2.toString()).toBe('TLS 1.2');
  });

  test.each(['SSLv3', '1.4', 'TLS1', ''])('%p is rejected naming the value', (text) => {
    expect(() => TlsVersion.parse(text)).toThrow(
      `[TLS-VERSION-INVALID] unknown TLS version — got "${text}", expected 1.0, 1.1, 1.2 or 1.3`,
    );
  });
});
