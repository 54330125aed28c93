// SPDX-License-Identifier: Apache-2.0
import { extname } from 'path';
import type * as Yaml from 'yaml';
import { defineError } from '../core/errors';
import { parseJsonText, readInputText } from '../core/json-input';

const dataFileMissing = defineError({
  code: 'DATA-FILE-MISSING',
  title: 'A data file given on the command line does not exist.',
  message: (file: string) =>
    `file not found — got "${file}", expected an existing JSON or YAML file; fix: check the path (it is relative to the current directory)`,
  example: ['plan.json'],
});

const dataFileUnreadable = defineError({
  code: 'DATA-FILE-UNREADABLE',
  title: 'A data file exists but cannot be read (a directory, or no permission).',
  message: (file: string, reason: string) =>
    `file unreadable — got "${file}" (${reason}), expected a readable JSON or YAML file; fix: give the path of a readable file`,
  example: ['plans/', 'EISDIR'],
});

const dataFileEmpty = defineError({
  code: 'DATA-FILE-EMPTY',
  title: 'A data file holds nothing but whitespace or comments.',
  message: (file: string) =>
    `file empty — got "${file}" with no content, expected a JSON or YAML document; fix: write the document or give the right file`,
  example: ['plan.yaml'],
});

const dataFileSyntax = defineError({
  code: 'DATA-FILE-SYNTAX',
  title: 'A data file is not valid JSON or YAML.',
  message: (file: string, line: number, column: number, format: string, problem: string) =>
    `syntax error at ${file}:${line}:${column} — got ${problem}, expected valid ${format}; fix: correct the file at that line and column`,
  example: ['plan.json', 3, 5, 'JSON', "no ',' or '}' after a property value"],
});

const dataFileLimit = defineError({
  code: 'DATA-FILE-LIMIT',
  title: 'A YAML data file expands too many aliases or nests too deeply to be read safely.',
  message: (file: string, what: string) =>
    `data file too complex — got ${file} with ${what}, expected a plain list or map; fix: write the entries out instead of using aliases or deep nesting`,
  example: ['suppressions.yaml', 'more than 100 alias expansions'],
});

type Format = 'JSON' | 'YAML';

/** A parsed data file: its value, and how to find the line each item of a top-level list starts on. */
interface Parsed {
  readonly value: unknown;
  readonly itemLines: () => number[];
}

/**
 * Reads a JSON (`.json`) or YAML (`.yaml`, `.yml`) file, choosing by extension and
 * otherwise by content. Throws a ClinicnetError naming the file (and line:column for
 * syntax errors) when it is missing, unreadable, empty or malformed.
 */
export function readDataFile(file: string): unknown {
  return parseDataFile(file).value;
}

/**
 * Reads a data file as {@link readDataFile} does and, when it holds a list, gives the 1-based
 * line on which each item starts: in JSON the item's first character (`{` for an object), in
 * YAML the item's first key or value (the line of its `-` unless the item begins on a later line).
 * `itemLines` is empty when the file holds no list.
 */
export function readDataFileWithItemLines(file: string): {
  readonly value: unknown;
  readonly itemLines: readonly number[];
} {
  const parsed = parseDataFile(file);
  return { value: parsed.value, itemLines: Array.isArray(parsed.value) ? parsed.itemLines() : [] };
}

function parseDataFile(file: string): Parsed {
  const text = readText(file);
  if (!/\S/.test(text)) throw dataFileEmpty(file);
  const parsed = formatOf(file, text) === 'JSON' ? parseJson(file, text) : parseYaml(file, text);
  if (parsed.value === null || parsed.value === undefined) throw dataFileEmpty(file);
  return parsed;
}

function readText(file: string): string {
  return readInputText(file, {
    unreadable: (f, reason) => (reason === 'ENOENT' ? dataFileMissing(f) : dataFileUnreadable(f, reason)),
  });
}

function formatOf(file: string, text: string): Format {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'JSON';
  if (extension === '.yaml' || extension === '.yml') return 'YAML';
  return /^\s*[[{]/.test(text) ? 'JSON' : 'YAML';
}

function parseJson(file: string, text: string): Parsed {
  const value = parseJsonText(text, file, {
    syntaxError: (f, line, column, problem) => dataFileSyntax(f, line, column, 'JSON', problem),
  });
  return { value, itemLines: () => jsonItemLines(text) };
}

/**
 * The line on which each item of the top-level JSON array in `text` starts. The text has parsed,
 * so a scan suffices: strings are skipped whole (escapes included), and since a JSON string
 * cannot hold a raw newline, every newline outside them is a line break.
 */
function jsonItemLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let itemNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (itemNext && c !== ']') lines.push(line);
    itemNext = false;
    if (c === '"') i = stringEnd(text, i);
    else if (c === '[' || c === '{') itemNext = ++depth === 1;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',') itemNext = depth === 1;
  }
  return lines;
}

/** The index of the quote closing the JSON string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/** The YAML parser, loaded on first use: most commands read JSON only, and loading it costs ~20 ms of start-up. */
let yaml: typeof Yaml | undefined;

/**
 * Most alias expansions a YAML data file may make (yaml's `maxAliasCount`: each alias counts,
 * weighted by the aliases inside the node it stands for). A few dozen nested aliases expand to
 * billions of values ("billion laughs"); no suppression list, address plan or baseline needs
 * more than a handful.
 */
export const MAX_YAML_ALIASES = 100;

function parseYaml(file: string, text: string): Parsed {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, for start-up time (see above)
  yaml ??= require('yaml') as typeof Yaml;
  const { isNode, isSeq, LineCounter, parseDocument } = yaml;
  const lineCounter = new LineCounter();
  const document = guardYaml(file, () => parseDocument(text, { lineCounter }));
  const error = document.errors[0];
  if (error !== undefined) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    // The error's code, not its message: messages may quote the file.
    throw dataFileSyntax(file, position.line, position.col, 'YAML', error.code.toLowerCase().replace(/_/g, ' '));
  }
  const list = document.contents;
  // Every item of a parsed sequence is a node with a range (a flow `[a: 1]` item is a map).
  const startOf = (item: unknown): number => (isNode(item) ? item.range?.[0] : undefined) ?? 0;
  const itemLines = (): number[] =>
    isSeq(list) ? list.items.map((item) => lineCounter.linePos(startOf(item)).line) : [];
  const value: unknown = guardYaml(file, (): unknown => document.toJS({ maxAliasCount: MAX_YAML_ALIASES }));
  return { value, itemLines };
}

/**
 * Runs a step of the YAML parser, turning its resource guards into one-line errors: the
 * alias limit (yaml throws a ReferenceError) and nesting beyond the stack (a RangeError).
 */
function guardYaml<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof ReferenceError && /^Excessive alias/.test(e.message))
      throw dataFileLimit(file, `more than ${MAX_YAML_ALIASES} alias expansions`);
    // Its message quotes the alias name: fixed words instead.
    if (e instanceof ReferenceError) throw dataFileSyntax(file, 1, 1, 'YAML', 'an alias with no anchor before it');
    if (e instanceof RangeError) throw dataFileLimit(file, 'nesting deeper than the parser can follow');
    throw e;
  }
}
