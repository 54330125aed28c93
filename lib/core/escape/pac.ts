// SPDX-License-Identifier: Apache-2.0
/**
 * JavaScript string literals for PAC files. Browsers and the Windows WinHTTP service read
 * PAC files with differing encodings, so the literal is ASCII only: JSON escaping, then every
 * non-ASCII character (U+2028 and U+2029 included, which end lines in older engines) as a
 * `\uXXXX` escape. What the string *means* (a proxy endpoint) is validated by the caller.
 */

/** `value` as a double-quoted, ASCII-only JavaScript string literal. */
export function pacString(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7E]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
