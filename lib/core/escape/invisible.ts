// SPDX-License-Identifier: Apache-2.0
/**
 * Characters that change how text around them is shown without being visible themselves:
 * C0 and C1 controls, DEL, bidirectional overrides, isolates and marks, line and paragraph
 * separators, zero-width characters, the byte-order mark, and unpaired surrogates. Every
 * output escaper shows them as a visible escape instead of passing them on (Trojan Source,
 * ANSI terminal sequences, forged line breaks).
 */
export const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The visible form of one invisible character: `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`. */
export function visibleEscape(char: string): string {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `value` with backslashes doubled and every invisible character shown as its escape. */
export function showInvisible(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(INVISIBLE, visibleEscape);
}
