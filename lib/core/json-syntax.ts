// SPDX-License-Identifier: Apache-2.0
/**
 * Where JSON text first stops being JSON, and what is wrong there, in words that quote
 * nothing of the text. V8's messages quote the input ("Unexpected token 'x', "…" is not valid
 * JSON") and give no position for some errors, so the position is found by a scan of its own:
 * iterative (an explicit stack), so no input can overflow it.
 */

/** The first syntax error of a JSON text. */
export interface JsonSyntaxError {
  /** Character offset of the error; the text's length when it ends too early. */
  readonly offset: number;
  /** What is wrong, in fixed words. */
  readonly problem: string;
}

type Expect = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'comma-or-end' | 'done';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const open: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (offset: number, problem: string): JsonSyntaxError => ({ offset, problem });
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    if (i >= text.length) return expect === 'done' ? undefined : fail(endOfContent(text), 'the end of the input');
    const c = text[i];
    if (expect === 'done') return fail(i, 'more content after the JSON value');
    if (expect === 'colon') {
      if (c !== ':') return fail(i, "no ':' after a property name");
      expect = 'value';
      i++;
    } else if (expect === 'comma-or-end') {
      const closer = open[open.length - 1] === '{' ? '}' : ']';
      if (c === ',') expect = closer === '}' ? 'key' : 'value';
      else if (c === closer) open.pop();
      else return fail(i, closer === '}' ? "no ',' or '}' after a property value" : "no ',' or ']' after an item");
      if (c !== ',') expect = open.length > 0 ? 'comma-or-end' : 'done';
      i++;
    } else if (expect === 'key' || expect === 'key-or-end') {
      if (c === '}' && expect === 'key-or-end') {
        open.pop();
        expect = open.length > 0 ? 'comma-or-end' : 'done';
        i++;
      } else if (c === '"') {
        const end = scanString(text, i);
        if (typeof end !== 'number') return end;
        i = end;
        expect = 'colon';
      } else return fail(i, 'no property name in double quotes');
    } else {
      const step = scanValue(text, i, open, expect === 'value-or-end');
      if ('problem' in step) return step;
      i = step.next;
      expect = step.expect ?? (open.length > 0 ? 'comma-or-end' : 'done');
    }
  }
}

/** One value (or the opening of one) at `i`; `next` is where scanning continues. */
function scanValue(
  text: string,
  i: number,
  open: string[],
  endAllowed: boolean,
): { next: number; expect?: Expect } | JsonSyntaxError {
  const c = text[i];
  if (c === ']' && endAllowed) {
    open.pop();
    return { next: i + 1 };
  }
  if (c === '{' || c === '[') {
    open.push(c);
    return { next: i + 1, expect: c === '{' ? 'key-or-end' : 'value-or-end' };
  }
  if (c === '"') {
    const end = scanString(text, i);
    return typeof end === 'number' ? { next: end } : end;
  }
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match === null) return { offset: i, problem: 'a malformed number' };
    const next = i + match[0].length;
    if (next < text.length && /[.eE\d]/.test(text[next])) return { offset: next, problem: 'a malformed number' };
    return { next };
  }
  const literal = LITERALS.find((word) => text.startsWith(word, i));
  if (literal !== undefined) return { next: i + literal.length };
  return { offset: i, problem: 'a character that cannot start a JSON value' };
}

/** The offset after the string opening at `start`, or the error inside it. */
function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { offset: endOfContent(text), problem: 'a string that is never closed' };
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { offset: i, problem: 'a control character inside a string' };
    if (code === 0x5c) {
      const escape = text[i + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, problem: 'a malformed \\u escape' };
        i += 6;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
      else return { offset: i, problem: 'an invalid escape sequence' };
    } else i++;
  }
}

/**
 * Where an error "at the end" is shown: just after the last non-blank character, which is
 * where the missing text belongs (not on a blank line after it).
 */
function endOfContent(text: string): number {
  let end = text.length;
  while (end > 0 && ' \t\n\r'.includes(text[end - 1])) end--;
  return end;
}
