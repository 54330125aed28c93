// SPDX-License-Identifier: Apache-2.0
/**
 * Random Unicode text, mixed with the pieces attacks are made of, through every output
 * format: no output ever shows an effect. Fixed seed and bounded sizes, so a run is
 * repeatable and short; a failure prints the text that caused it.
 */
import fc from 'fast-check';
import { ProxyEndpoint } from '../../lib/artefacts/proxy-config';
import { isIpAddress } from '../../lib/net/cidr';
import { outputProblems } from './checks';
import { BENIGN, everyOutput } from './hostile';

const benign = new Map(everyOutput(BENIGN).map((o) => [o.name, o.content]));

const PIECES = [
  '\n',
  '\r\n',
  '::',
  '##',
  '##vso[',
  '##[',
  '`',
  '``',
  '<!--',
  '-->',
  '<b>',
  '@',
  '#1',
  'GH-1',
  '|',
  "'",
  '"',
  '\u2018',
  '\u2019',
  '\u201A',
  '\u201B',
  '\u201C',
  '\u202E',
  '\u2066',
  '\u001b[',
  '\u009b',
  'https://',
  'www.',
  '.org',
  '![',
  '](',
  '[',
  '*',
  '_',
  '~',
  '$',
  '&amp;',
  '%%{',
  '}%%',
  ';',
  ' ',
  '\t',
  '\u00A0',
  '- ',
  '1. ',
  '> ',
  '# ',
  '\\',
];

const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 10 })
  .map((parts) => parts.join(''));

test('random Unicode names and messages have no effect in any output format', () => {
  fc.assert(
    fc.property(hostileText, (text) => {
      // Text that is a real address, wildcard or endpoint is *used* (tested, written to proxy.pac),
      // so its script legitimately differs from the benign one; those paths have their own tests.
      fc.pre(!isIpAddress(text) && !text.startsWith('*.') && ProxyEndpoint.parse(text) === undefined);
      const problems = everyOutput(text).flatMap((o) =>
        outputProblems(o, benign.get(o.name) ?? '').map((p) => `${o.name}: ${p}`),
      );
      expect(problems).toEqual([]);
    }),
    { seed: 1111, numRuns: 100 },
  );
}, 180_000);
