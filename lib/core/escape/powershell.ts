// SPDX-License-Identifier: Apache-2.0
/**
 * Strings for generated PowerShell. PowerShell ends a single-quoted string at any of five
 * quote characters — `'` and the typographic U+2018, U+2019, U+201A, U+201B — and reads a
 * script without a byte-order mark in the system code page (Windows PowerShell 5.1), where
 * UTF-8 bytes 0x82, 0x91 and 0x92 are themselves typographic quotes. So a string from input
 * is written in ASCII only: printable ASCII inside single quotes with `'` doubled, every other
 * character appended as `[char]0xNNNN`. No quote character from input ever appears literally,
 * and no line break does either. Model text goes only into such strings, never into comments.
 */

/** Every character that ends a PowerShell single-quoted string. */
export const POWERSHELL_QUOTES = ["'", '\u2018', '\u2019', '\u201A', '\u201B'] as const;

/** Printable ASCII but the single quote, which is doubled. */
const LITERAL = /^[\x20-\x26\x28-\x7E]$/;

/** `value` as a PowerShell expression yielding exactly `value`: `'a''b'` or `('caf' + [char]0x00E9)`. */
export function powershellString(value: string): string {
  const parts: string[] = [];
  let literal = '';
  for (const char of value.split('')) {
    if (LITERAL.test(char)) literal += char;
    else if (char === "'") literal += "''";
    else {
      if (literal !== '') parts.push(`'${literal}'`);
      literal = '';
      parts.push(`[char]0x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(`'${literal}'`);
  // `[char]` first would make `+` add numbers; a leading '' makes it string concatenation.
  if (!parts[0].startsWith("'")) parts.unshift("''");
  return parts.length === 1 ? parts[0] : `(${parts.join(' + ')})`;
}
