// SPDX-License-Identifier: Apache-2.0
import { Fqdn } from '../../lib/net/fqdn';

describe('Fqdn', () => {
  test('lowercases and drops one trailing dot', () => {
    expect(Fqdn.parse('CSU.Cherel.ORG.au.').toString()).toBe('csu.cherel.org.au');
  });

  test('international names become punycode', () => {
    expect(Fqdn.parse('Bücher.example.de').toString()).toBe('xn--bcher-kva.example.de');
  });

  test('a leading wildcard label is kept and reported', () => {
    const name = Fqdn.parse('*.customed.de');
    expect(name.isWildcard).toBe(true);
    expect(name.toString()).toBe('*.customed.de');
    expect(name.matches('update.customed.de')).toBe(true);
    expect(name.matches('a.b.customed.de')).toBe(true);
    expect(name.matches('customed.de')).toBe(false);
    expect(Fqdn.parse('customed.de').isWildcard).toBe(false);
    expect(Fqdn.parse('customed.de').matches('CUSTOMED.DE.')).toBe(true);
  });

  test.each(['203.0.113.10', '203.0.113.10.', '2001:db8::1', '[2001:db8::1]'])(
    'IP literal %p is rejected with a hint',
    (value) => {
      expect(() => Fqdn.parse(value)).toThrow(
        `[FQDN-IS-IP] IP address given as hostname — got "${value}", expected a hostname such as csu.cherel.org.au; fix: use the vendor's hostname`,
      );
    },
  );

  test.each([
    ['csu..cherel.org.au', 'empty label'],
    ['', 'empty'],
    ['localhost', 'a single label is not fully qualified'],
    ['-bad.example.org', 'bad label "-bad"'],
    ['bad_.example.org', 'bad label "bad_"'],
    [`${'a'.repeat(64)}.example.org`, `bad label "${'a'.repeat(64)}"`],
    ['host.123', 'numeric top-level label'],
    ['a.*.example.org', 'a wildcard is allowed only as the whole first label, "*."'],
    ['*example.org', 'a wildcard is allowed only as the whole first label, "*."'],
    [Array(64).fill('abc').join('.'), '255 characters, more than 253'],
  ])('invalid hostname %p', (value, why) => {
    expect(() => Fqdn.parse(value)).toThrow(`[FQDN-INVALID] invalid hostname (${why}) — got "${value}"`);
  });
});
