// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'fs';
import { extname } from 'path';
import { parseDocument } from 'yaml';
import { defineError } from '../errors';

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
  example: ['plan.json', 3, 5, 'JSON', "Expected ',' or '}' after property value"],
});

type Format = 'JSON' | 'YAML';

/**
 * Reads a JSON (`.json`) or YAML (`.yaml`, `.yml`) file, choosing by extension and
 * otherwise by content. Throws a ClinicnetError naming the file (and line:column for
 * syntax errors) when it is missing, unreadable, empty or malformed.
 */
export function readDataFile(file: string): unknown {
  const text = readText(file);
  if (!/\S/.test(text)) throw dataFileEmpty(file);
  const format = formatOf(file, text);
  const value = format === 'JSON' ? parseJson(file, text) : parseYaml(file, text);
  if (value === null || value === undefined) throw dataFileEmpty(file);
  return value;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw dataFileMissing(file);
    throw dataFileUnreadable(file, code ?? String(e));
  }
}

function formatOf(file: string, text: string): Format {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return 'JSON';
  if (extension === '.yaml' || extension === '.yml') return 'YAML';
  return /^\s*[[{]/.test(text) ? 'JSON' : 'YAML';
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const offset = jsonErrorOffset(text, message);
    const { line, column } = lineColumn(text, offset);
    throw dataFileSyntax(file, line, column, 'JSON', describeJsonProblem(message));
  }
}

/**
 * Where JSON.parse stopped. Node 20 gives "at position N" for most errors but not for
 * "Unexpected token"; then the first prefix that fails other than by ending early is found
 * by bisection (a prefix that stops before the fault can only fail at its end).
 */
function jsonErrorOffset(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsBeforeEnd(text.slice(0, middle + 1))) high = middle;
    else low = middle + 1;
  }
  return low;
}

function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (e) {
    const message = (e as Error).message;
    const position = /at position (\d+)/.exec(message);
    if (position) return Number(position[1]) < prefix.length;
    return !/Unexpected end of JSON input/.test(message);
  }
}

function describeJsonProblem(message: string): string {
  return message.replace(/, (\.\.\.)?".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function parseYaml(file: string, text: string): unknown {
  const document = parseDocument(text);
  const error = document.errors[0];
  if (error !== undefined) {
    const position = error.linePos?.[0] ?? { line: 1, col: 1 };
    throw dataFileSyntax(file, position.line, position.col, 'YAML', error.message.split('\n')[0]);
  }
  return document.toJS();
}
