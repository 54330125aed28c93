// SPDX-License-Identifier: Apache-2.0
/**
 * What "no effect" means for each output kind, as functions that list the problems they find
 * (an empty list: the attack had no effect). Each compares a hostile output with the output
 * of benign text on the same paths, so clinicnet's own structure is allowed and nothing else.
 */
import * as vm from 'vm';
import MarkdownIt from 'markdown-it';
import { MARKER, type Output } from './hostile';
import { tokenizePowerShell } from './powershell-tokens';

const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/** Terminal and CI-log text: no command line, no control or bidi character, no extra line. */
export function terminalProblems(hostile: string, benign: string): string[] {
  const problems: string[] = [];
  const lines = hostile.split('\n');
  if (lines.length !== benign.split('\n').length)
    problems.push(`${lines.length} lines, benign text gives ${benign.split('\n').length}`);
  for (const line of lines) {
    // GitHub's runner and Azure's agent trim leading whitespace (Unicode white space included).
    if (/^(::|##)/.test(line.trimStart())) problems.push(`command line: ${JSON.stringify(line)}`);
    if (/##vso\[|##\[/.test(line)) problems.push(`Azure command: ${JSON.stringify(line)}`);
    if (INVISIBLE.test(line)) problems.push(`invisible character: ${JSON.stringify(line)}`);
  }
  return problems;
}

const markdown = new MarkdownIt({ html: true, linkify: true });

/** The fields of a markdown-it token these checks read. */
interface Token {
  readonly type: string;
  readonly tag: string;
  readonly markup: string;
  readonly content: string;
  readonly children: readonly Token[] | null;
}

function flatten(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

const parse = (source: string): Token[] => flatten(markdown.parse(source, {}));

/** Tokens that give text a meaning: headings, links, images, HTML, lists, quotes, emphasis, tables. */
const STRUCTURE = new Set([
  'heading_open',
  'link_open',
  'image',
  'html_block',
  'html_inline',
  'blockquote_open',
  'bullet_list_open',
  'ordered_list_open',
  'list_item_open',
  'table_open',
  'tr_open',
  'td_open',
  'th_open',
  'hr',
  'fence',
  'code_block',
  'em_open',
  'strong_open',
  's_open',
  'paragraph_open',
]);

function structure(source: string): string[] {
  return parse(source)
    .filter((t) => STRUCTURE.has(t.type))
    .map((t) => (t.type.startsWith('html') ? `${t.type} ${t.content.trim()}` : `${t.type} ${t.tag} ${t.markup}`));
}

/**
 * Markdown rendered with markdown-it (CommonMark, linkify on): the same headings, links,
 * images, HTML, lists, tables and emphasis as benign text gives, and no text outside code
 * that GitHub would turn into a mention, an issue link or a link.
 */
export function markdownProblems(hostile: string, benign: string): string[] {
  const problems: string[] = [];
  const mine = structure(hostile);
  const expected = structure(benign);
  if (mine.join('\n') !== expected.join('\n')) {
    const extra = mine.filter((s) => !expected.includes(s));
    problems.push(`structure differs from benign text (${mine.length} vs ${expected.length}): ${extra.join(' | ')}`);
  }
  for (const t of parse(hostile)) {
    if (t.type !== 'text') continue;
    if (/@[\p{L}\p{N}_-]/u.test(t.content)) problems.push(`@mention in text: ${JSON.stringify(t.content)}`);
    if (/#\d|\bGH-\d/i.test(t.content)) problems.push(`issue reference in text: ${JSON.stringify(t.content)}`);
    if (/[a-z][a-z0-9+.-]*:\/\/|\bwww\./i.test(t.content)) problems.push(`URL in text: ${JSON.stringify(t.content)}`);
    if (INVISIBLE.test(t.content.replace(/\n/g, ''))) problems.push(`invisible: ${JSON.stringify(t.content)}`);
  }
  return problems;
}

/** A string as `powershellString` writes it: `'…'` or `('…' + [char]0x0041 + …)`. */
const STRING_EXPRESSION = /\('(?:[^']|'')*'(?: \+ (?:'(?:[^']|'')*'|\[char\]0x[0-9A-F]{4}))+\)|'(?:[^']|'')*'/g;

/**
 * A generated PowerShell script, read with the test tokenizer: ASCII only (so Windows
 * PowerShell's ANSI reading cannot make quotes), the same script as with benign text once
 * each string is set aside (so model text added no line, comment, command or argument), and
 * the attackers' words only ever inside a single-quoted string.
 */
export function powershellProblems(hostile: string, benign: string): string[] {
  const problems: string[] = [];
  if (!/^[\n\x20-\x7E]*$/.test(hostile)) problems.push('not printable ASCII');
  const shape = (script: string) => script.replace(STRING_EXPRESSION, 'S');
  if (shape(hostile) !== shape(benign))
    problems.push(`script differs from benign text outside strings:\n${shape(hostile)}`);
  let tokens;
  try {
    tokens = tokenizePowerShell(hostile);
  } catch (e) {
    return [...problems, `does not tokenize: ${(e as Error).message}`];
  }
  for (const t of tokens) {
    if (t.kind !== 'single' && (t.text.includes(MARKER) || t.text.includes('Invoke-Evil')))
      problems.push(`attacker text in a ${t.kind} token: ${JSON.stringify(t.text)}`);
  }
  return problems;
}

/** The PAC helper functions browsers provide, stubbed so a PAC file runs in a sandbox. */
const PAC_HELPERS = {
  dnsDomainIs: (host: string, domain: string) => host.endsWith(domain),
  shExpMatch: () => false,
  isPlainHostName: (host: string) => !host.includes('.'),
  isInNet: () => false,
  dnsResolve: () => null,
  myIpAddress: () => '127.0.0.1',
  localHostOrDomainIs: (host: string, name: string) => host === name,
};

/** `FindProxyForURL` of a PAC file, evaluated in Node's vm sandbox with the helpers stubbed. */
export function pacFunction(pac: string): (url: string, host: string) => unknown {
  const sandbox: Record<string, unknown> = { ...PAC_HELPERS };
  vm.runInNewContext(pac, sandbox, { timeout: 1000 });
  const find = sandbox.FindProxyForURL;
  if (typeof find !== 'function') throw new Error('no FindProxyForURL');
  return find as (url: string, host: string) => unknown;
}

/** What is wrong with `output` compared with `reference`, the same output for benign text. */
export function outputProblems(output: Output, reference: string): string[] {
  switch (output.kind) {
    case 'terminal':
      return terminalProblems(output.content, reference);
    case 'markdown':
      return markdownProblems(output.content, reference);
    case 'powershell':
      return powershellProblems(output.content, reference);
    case 'json':
      try {
        JSON.parse(output.content);
        return [];
      } catch (e) {
        return [`invalid JSON: ${(e as Error).message}`];
      }
    case 'xml':
      // JUnit is XML (escaped as before); CI reporters echo it into logs, so it holds as a log too.
      return terminalProblems(output.content.replace(/&#10;/g, ''), reference);
    case 'pac':
      return [`a PAC file was written for endpoint text that is not host:port`];
    case 'list':
      return [];
  }
}
