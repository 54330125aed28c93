// SPDX-License-Identifier: Apache-2.0
import { pskNotLiteral } from '../../../lib/policy/rules/psk-not-literal';
import { ruleTester, site, vpnLink } from './rule-tester';

const rule = ruleTester(pskNotLiteral);

describe('psk-not-literal', () => {
  test.each([['key-vault-secret'], ['sensitive-variable'], ['none']] as const)('a key from %s passes', (source) => {
    expect(rule.kinds(site({ vpnLinks: [vpnLink({ sharedKey: { source } })] }))).toEqual([]);
  });

  test('a literal key is a violation; an unrecognised expression is unknown', () => {
    expect(rule.kinds(site({ vpnLinks: [vpnLink({ sharedKey: { source: 'literal' } })] }))).toEqual([
      'violation estate/clinic/vpn/link',
    ]);
    const [result] = rule.check(
      site({ vpnLinks: [vpnLink({ sharedKey: { source: 'unknown', reference: 'local.k' } })] }),
    );
    expect(result).toMatchObject({ kind: 'unknown', got: 'unknown (local.k)' });
  });

  test('names where the literal came from (the reader puts the source, never the key, in the reference)', () => {
    const [result] = rule.check(
      site({ vpnLinks: [vpnLink({ sharedKey: { source: 'literal', reference: 'var.psk has a default' } })] }),
    );
    expect(result).toMatchObject({ kind: 'violation', got: 'a key written in the input (var.psk has a default)' });
  });
});
