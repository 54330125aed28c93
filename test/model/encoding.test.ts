// SPDX-License-Identifier: Apache-2.0
/** Site-name and proxy-endpoint formats that the reader and the constructs share. */
import {
  decodeAnnotations,
  encodeAnnotations,
  proxyEndpointProblem,
  siteNameKey,
  siteNameProblem,
  SITE_NAME_MAX_LENGTH,
} from '../../lib/model/encoding';

describe('siteNameProblem', () => {
  test.each(['nsw-gp-parramatta', 'Hub1', 'a', 'site_2.b', 'x'.repeat(SITE_NAME_MAX_LENGTH)])(
    '%s is usable',
    (name) => {
      expect(siteNameProblem(name)).toBeUndefined();
    },
  );

  test.each([
    ['', 'empty'],
    ['x'.repeat(SITE_NAME_MAX_LENGTH + 1), 'more than 63'],
    ['../etc', 'characters'],
    ['a/b', 'characters'],
    ['a\\b', 'characters'],
    ['-rf', 'characters'],
    ['.hidden', 'characters'],
    ['name\nx', 'characters'],
    ['site.', 'ends with'],
    ['CON', 'Windows'],
    ['nul', 'Windows'],
    ['Com1', 'Windows'],
    ['lpt9.txt', 'Windows'],
    ['aux.tar.gz', 'Windows'],
  ])('%j is refused (%s)', (name, why) => {
    expect(siteNameProblem(name)).toContain(why);
  });

  test('names that differ only in case collide', () => {
    expect(siteNameKey('Bondi')).toBe(siteNameKey('bondi'));
    expect(siteNameKey('bondi')).not.toBe(siteNameKey('bondi2'));
  });
});

describe('proxyEndpointProblem', () => {
  test.each(['10.1.0.4:3128', 'proxy:3128', 'proxy.parramatta.local:3128', '[2001:db8::1]:8080', 'p:1', 'p:65535'])(
    '%s is host:port',
    (endpoint) => {
      expect(proxyEndpointProblem(endpoint)).toBeUndefined();
    },
  );

  test.each([
    ['proxy.example.org', 'not host:port'],
    ['proxy.example.org:3128; DIRECT', 'not host:port'],
    ['proxy.example.org:3128\n# evil', 'not host:port'],
    ['p:0', 'port 0'],
    ['p:65536', 'port 65536'],
    ['p:99999', 'port 99999'],
    ['10.1.1.300:3128', 'IPv4'],
    ['[nope]:3128', 'not host:port'],
    ['[1.2.3]:3128', 'IPv6'],
    ['[10.0.0.1]:3128', 'IPv6'],
    ["pro'xy:3128", 'hostname'],
    ['pro xy:3128', 'hostname'],
    ['-proxy:3128', 'hostname'],
    ['a..b:3128', 'hostname'],
    ['prоxy:3128', 'hostname'], // Cyrillic о
  ])('%j is refused (%s)', (endpoint, why) => {
    expect(proxyEndpointProblem(endpoint)).toContain(why);
  });
});

describe('rule annotations: the explicit-proxy mark', () => {
  test('proxy=yes|no rides in the description next to the other facts and reads back', () => {
    const text = encodeAnnotations({ app: 'https', req: 'LUMOS-EGRESS-443', proxy: 'yes', purpose: 'portal; login' });
    expect(text).toBe('clinicnet:app=https;req=LUMOS-EGRESS-443;proxy=yes;purpose=portal%3B login');
    expect(decodeAnnotations(text)).toEqual({
      app: 'https',
      req: 'LUMOS-EGRESS-443',
      proxy: 'yes',
      purpose: 'portal; login',
    });
    expect(decodeAnnotations('clinicnet:app=ftps-implicit;proxy=no').proxy).toBe('no');
    expect(encodeAnnotations({ app: 'https' })).toBe('clinicnet:app=https');
  });
});
