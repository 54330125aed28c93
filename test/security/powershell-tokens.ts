// SPDX-License-Identifier: Apache-2.0
/**
 * A small PowerShell tokenizer for tests, written from PowerShell's documented quoting and
 * comment rules (about_Quoting_Rules, about_Comments, and the language specification §2.3:
 * single-quote-character is ' U+2018 U+2019 U+201A U+201B; double-quote-character is
 * " U+201C U+201D U+201E; two quote characters in a row inside a string stand for one).
 *
 * No PowerShell runs on these machines, so the generated scripts are read with this instead.
 * It is deliberately stricter than PowerShell where that is safe for a test: any `#` outside
 * a string starts a comment, and here-strings are refused.
 */

export const SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
export const DOUBLE_QUOTES = new Set(['"', '\u201C', '\u201D', '\u201E']);

export type PsTokenKind = 'single' | 'double' | 'comment' | 'word' | 'newline';

export interface PsToken {
  readonly kind: PsTokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** For a single-quoted string: its value (doubled quotes made single). */
  readonly value?: string;
}

function singleQuoted(source: string, start: number): { end: number; value: string } {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw new Error(`unterminated single-quoted string at ${start}`);
    const c = source[i];
    if (SINGLE_QUOTES.has(c)) {
      if (SINGLE_QUOTES.has(source[i + 1] ?? '')) {
        value += source[i + 1];
        i += 2;
        continue;
      }
      return { end: i + 1, value };
    }
    value += c;
    i += 1;
  }
}

function doubleQuoted(source: string, start: number): number {
  let i = start + 1;
  for (;;) {
    if (i >= source.length) throw new Error(`unterminated double-quoted string at ${start}`);
    const c = source[i];
    if (c === '`') i += 2;
    else if (DOUBLE_QUOTES.has(c)) {
      if (DOUBLE_QUOTES.has(source[i + 1] ?? '')) i += 2;
      else return i + 1;
    } else i += 1;
  }
}

/** The tokens of `source`; whitespace other than line breaks is dropped. */
export function tokenizePowerShell(source: string): PsToken[] {
  const tokens: PsToken[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '@' && (SINGLE_QUOTES.has(source[i + 1]) || DOUBLE_QUOTES.has(source[i + 1])))
      throw new Error(`here-string at ${i}: not expected in generated scripts`);
    if (c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029') {
      tokens.push({ kind: 'newline', text: c });
      i += 1;
    } else if (/\s/.test(c)) i += 1;
    else if (SINGLE_QUOTES.has(c)) {
      const { end, value } = singleQuoted(source, i);
      tokens.push({ kind: 'single', text: source.slice(i, end), value });
      i = end;
    } else if (DOUBLE_QUOTES.has(c)) {
      const end = doubleQuoted(source, i);
      tokens.push({ kind: 'double', text: source.slice(i, end) });
      i = end;
    } else if (c === '<' && source[i + 1] === '#') {
      const end = source.indexOf('#>', i + 2);
      if (end < 0) throw new Error(`unterminated block comment at ${i}`);
      tokens.push({ kind: 'comment', text: source.slice(i, end + 2) });
      i = end + 2;
    } else if (c === '#') {
      const end = source.slice(i).search(/[\r\n\u0085\u2028\u2029]/);
      const stop = end < 0 ? source.length : i + end;
      tokens.push({ kind: 'comment', text: source.slice(i, stop) });
      i = stop;
    } else {
      let end = i + 1;
      while (end < source.length && !/[\s#'"\u2018-\u201E]/.test(source[end])) end += 1;
      tokens.push({ kind: 'word', text: source.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/**
 * The value of a string expression as `powershellString` writes it — `'…'` or
 * `('…' + [char]0xNNNN + …)` — read with the tokenizer; throws on anything else.
 */
export function evaluateStringExpression(expression: string): string {
  const whole = tokenizePowerShell(expression);
  if (whole.length === 1 && whole[0].kind === 'single') return whole[0].value ?? '';
  if (!expression.startsWith('(') || !expression.endsWith(')')) throw new Error(`not a string: ${expression}`);
  const tokens = tokenizePowerShell(expression.slice(1, -1));
  let value = '';
  for (const [index, token] of tokens.entries()) {
    const operand = index % 2 === 0;
    if (operand && token.kind === 'single') value += token.value ?? '';
    else if (operand && token.kind === 'word' && /^\[char\]0x[0-9A-F]{4}$/.test(token.text))
      value += String.fromCharCode(parseInt(token.text.slice(8), 16));
    else if (!operand && token.kind === 'word' && token.text === '+') continue;
    else throw new Error(`unexpected ${token.kind} ${token.text} in ${expression}`);
  }
  if (tokens.length % 2 === 0 || tokens[0].kind !== 'single') throw new Error(`malformed: ${expression}`);
  return value;
}
