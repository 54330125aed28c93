// SPDX-License-Identifier: Apache-2.0
import { markdownCode, markdownText, mermaidLabel } from '../../../lib/core/escape';

// The escapers are memoised by text, and markdownText also word by word: a word escapes
// differently where it opens the value (a list or underline marker), so a remembered word
// must never be reused in the other position.
describe('memoised escapers', () => {
  test('a word seen later in a value is still escaped as a block start when it opens one, and back', () => {
    expect(markdownText('a +b')).toBe('a +b');
    expect(markdownText('+b a')).toBe('\\+b a');
    expect(markdownText('1. x')).toBe('1\\. x');
    expect(markdownText('x 1.')).toBe('x 1.');
    expect(markdownText('a +b')).toBe('a +b');
  });

  test('a repeated text gives the same escaped text', () => {
    for (let i = 0; i < 2; i++) {
      expect(markdownText('see cat4.lumos.org.au')).toBe('see `cat4.lumos.org.au`');
      expect(markdownCode('a|b')).toBe('`a`\\|`b`');
      expect(mermaidLabel('site "1"')).toBe('"site #34;1#34;"');
    }
  });
});
