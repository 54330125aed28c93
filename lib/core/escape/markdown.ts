// SPDX-License-Identifier: Apache-2.0
/**
 * One escaper for every value from input that lands in Markdown (GitHub comments, check
 * reports, NETWORK.md). Input can then form no heading, list, table break, emphasis, HTML
 * or comment, link, image, autolinked URL or e-mail, `@mention` or `#123` reference.
 *
 * How: line breaks and other invisible characters are shown escaped first (`\n`), so a
 * value is always one line, and it is split at whitespace into words. A word that could
 * become a link or a reference by itself (it holds `.`, `@`, `:` or `#` inside, other
 * punctuation such as `＠` or `。`, or starts with `GH-`: `cat4.lumos.org.au`, `@team`,
 * `https://…`) is shown as a code span, where Markdown, HTML and autolinking do not apply
 * and GitHub does not mention or link; so is a word clinicnet quoted in backticks. In any
 * other word the punctuation with inline meaning is backslash-escaped (CommonMark allows it
 * for all ASCII punctuation), and so is a list or underline marker that starts the value. `|` always stays outside code spans as `\|`, the one form that
 * is literal both in a GFM table cell and in running text. Sentence punctuation next to a
 * code word stays outside the span (`see \`x.org\`.`).
 */
import { memoByText } from '../memo';
import { showInvisible } from './invisible';

/**
 * Letters, marks, digits and symbols of any script, dashes, brackets and quotes, and ASCII
 * punctuation except the link-forming `.@:#`. Other punctuation (`。`, `＠`, `：`) is code.
 */
const PLAIN_WORD = /^[\p{L}\p{M}\p{N}\p{S}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}…!"$%&'()*+,\-/;<=>?[\\\]^_`{|}~]*$/u;
/** Sentence punctuation around a word, kept out of its code span: `(see`, `x.org).` */
const AROUND = /^(\(*)(.*?)([.,;:!?)]*)$/su;
/** Words GitHub turns into references without `#` or `@`. */
const REFERENCE = /^gh-\d/i;
/** Punctuation with a meaning inside a line (emphasis, code, links, images, HTML, entities, tables, math). */
const INLINE_SYNTAX = /[\\`*_[\]()<>!#|~&$]/g;
/** What starts a list or a setext underline when a value's first word opens a line: `-`, `+`, `=`, `1.`, `2)`. */
const BLOCK_START = /^(?:[-+=]|\d+[.)])/;
/** A word quoted in backticks, as clinicnet's own summaries quote names: shown as code. */
const QUOTED = /^`([^`]+)`$/;
const WHITESPACE = /(\s+)/u;

/** A code span around `text` (no `|`, no whitespace), with a fence longer than any backtick run in it. */
function codeSpan(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick needs a space on both sides, which CommonMark strips.
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const isPlain = (text: string): boolean => PLAIN_WORD.test(text) && !REFERENCE.test(text);
const inline = (text: string): string => text.replace(INLINE_SYNTAX, (c) => `\\${c}`);
const blockSafe = (text: string): string => text.replace(BLOCK_START, (m) => `${m.slice(0, -1)}\\${m.slice(-1)}`);

/** Code spans for the text between pipes, joined by `\|`. */
const codeSpans = (text: string): string =>
  text
    .split('|')
    .map((piece) => (piece === '' ? '' : codeSpan(piece)))
    .join('\\|');

function word(text: string, first: boolean): string {
  const plain = (t: string): string => (first ? blockSafe(inline(t)) : inline(t));
  const [, before, middle, after] = AROUND.exec(text) ?? ['', '', text, ''];
  const quoted = QUOTED.exec(middle);
  if (quoted !== null) return plain(before) + codeSpans(quoted[1]) + plain(after);
  if (isPlain(middle)) return plain(text);
  return plain(before) + codeSpans(middle) + plain(after);
}

/** Words recur even in texts that do not (`known after apply: the public IP … of VPN gateway vpngw-7`). */
const firstWord = memoByText((text) => word(text, true));
const laterWord = memoByText((text) => word(text, false));

function escapeText(value: string): string {
  return showInvisible(value)
    .replace(/^\s+/u, '')
    .split(WHITESPACE)
    .map((part, i) => (i % 2 === 1 ? ' ' : part === '' ? '' : i === 0 ? firstWord(part) : laterWord(part)))
    .join('');
}

/**
 * `value` as inert Markdown text on one line; safe in running text, list items, headings and table cells.
 * Memoised: hand-over files and reports escape the same labels, algorithms and vendor names for
 * every site (about nine calls in ten at 1,000 clinics repeat an earlier text).
 */
export const markdownText: (value: string) => string = memoByText(escapeText);

/**
 * `value` as inline code on one line (names, addresses, hostnames): inert for the same
 * reasons as {@link markdownText}, shown in a monospace font. Whitespace runs become one space.
 * Memoised like {@link markdownText}.
 */
export const markdownCode: (value: string) => string = memoByText((value) =>
  codeSpans(showInvisible(value).replace(/\s+/gu, ' ')),
);
