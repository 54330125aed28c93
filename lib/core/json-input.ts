// SPDX-License-Identifier: Apache-2.0
/**
 * The one safe reader of JSON input (Terraform JSON, plans, the CLI's data files). Input is
 * hostile: it may be a device or a FIFO, gigabytes long, UTF-16, or nested deeply enough to
 * overflow the stack of any recursive reader. Each of those is refused with one line, and a
 * syntax error names line and column but never quotes the input (it may hold a secret).
 */
import { constants as bufferConstants, isUtf8 } from 'buffer';
import * as fs from 'fs';
import { ClinicnetError, defineError } from './errors';
import { findJsonSyntaxError } from './json-syntax';

/** Largest input accepted unless the caller (the CLI's `--max-input-mb`) says otherwise: 512 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;

/**
 * Deepest nesting of arrays and objects accepted. Real Terraform JSON and plans nest a few
 * dozen levels; every recursive walk over the parsed value (reader, canonical form, reports)
 * stays far from the stack limit at this depth, and V8's own JSON.parse overflows near 10,000.
 */
export const MAX_JSON_DEPTH = 1000;

/** How {@link readJsonInput} and {@link readInputText} read a file. */
export interface JsonInputOptions {
  /**
   * Largest file accepted, in bytes.
   * @default DEFAULT_MAX_INPUT_BYTES, or what {@link setInputLimit} set for this run
   */
  readonly maxBytes?: number;
  /**
   * The error for a file that is missing, a directory, or not readable; `reason` is the
   * system's code (ENOENT, EISDIR, EACCES).
   * @default INPUT-UNREADABLE
   */
  readonly unreadable?: (file: string, reason: string) => ClinicnetError;
  /**
   * The error for a syntax error; `problem` is a fixed description that quotes nothing of the input.
   * @default INPUT-JSON-SYNTAX
   */
  readonly syntaxError?: (file: string, line: number, column: number, problem: string) => ClinicnetError;
}

const inputUnreadable = defineError({
  code: 'INPUT-UNREADABLE',
  title: 'An input file does not exist, is a directory, or cannot be read.',
  message: (file: string, reason: string) =>
    `cannot read ${file} — got ${reason}, expected a readable file; fix: check the path and its permissions`,
  example: ['plan.json', 'EACCES'],
});

const notRegular = defineError({
  code: 'INPUT-NOT-A-FILE',
  title: 'An input path names a directory, device, FIFO or socket instead of a regular file.',
  message: (file: string, kind: string) =>
    `not a regular file: ${file} — got a ${kind}, expected a regular file; fix: give the path of a file (write a stream to a file first)`,
  example: ['/dev/zero', 'character device'],
});

const tooLarge = defineError({
  code: 'INPUT-TOO-LARGE',
  title: 'An input file is larger than the size cap (512 MB unless --max-input-mb says otherwise).',
  message: (file: string, bytes: number, maxBytes: number) =>
    `input too large: ${file} — got ${megabytes(bytes)} MB, expected at most ${megabytes(maxBytes)} MB; fix: check it is the right file, or raise the cap with --max-input-mb`,
  example: ['plan.json', 700 * 1024 * 1024, DEFAULT_MAX_INPUT_BYTES],
});

const utf16 = defineError({
  code: 'INPUT-UTF16',
  title: 'An input file is encoded as UTF-16 (or UTF-32); JSON input must be UTF-8.',
  message: (file: string, evidence: string) =>
    `wrong text encoding in ${file} — got UTF-16 (${evidence}), expected UTF-8; fix: re-save it as UTF-8 (PowerShell: \`terraform show -json plan.tfplan | Out-File -Encoding utf8 plan.json\`)`,
  example: ['plan.json', 'a UTF-16 byte order mark'],
});

const notUtf8 = defineError({
  code: 'INPUT-NOT-UTF8',
  title: 'An input file is not valid UTF-8 text.',
  message: (file: string, line: number, column: number) =>
    `invalid UTF-8 in ${file}:${line}:${column} — got a byte sequence that is not UTF-8, expected UTF-8 text; fix: regenerate the file or re-save it as UTF-8`,
  example: ['plan.json', 4, 17],
});

const tooDeep = defineError({
  code: 'INPUT-TOO-DEEP',
  title: `A JSON input nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
  message: (file: string, line: number, column: number) =>
    `nesting too deep in ${file}:${line}:${column} — got more than ${MAX_JSON_DEPTH} levels of arrays and objects, expected at most ${MAX_JSON_DEPTH}; fix: regenerate the file, no Terraform JSON nests this deep`,
  example: ['plan.json', 1, 1001],
});

const syntax = defineError({
  code: 'INPUT-JSON-SYNTAX',
  title: 'A JSON input is not valid JSON.',
  message: (file: string, line: number, column: number, problem: string) =>
    `invalid JSON in ${file}:${line}:${column} — got ${problem}, expected well-formed JSON; fix: correct or regenerate the file`,
  example: ['plan.json', 3, 5, "no ',' or '}' after a property value"],
});

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);
}

const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

let runLimit: number | undefined;

/**
 * Sets the cap of every read that gives none (undefined: the default) and returns the previous
 * setting, for the caller to restore: the CLI's `--max-input-mb` reaches the Terraform reader
 * without being threaded through every call.
 */
export function setInputLimit(maxBytes: number | undefined): number | undefined {
  const previous = runLimit;
  runLimit = maxBytes;
  return previous;
}

/** The cap in force for reads that give none: `--max-input-mb`, else the default. */
export function inputLimit(): number {
  return runLimit ?? DEFAULT_MAX_INPUT_BYTES;
}

/** Reads and parses a JSON file with every check of {@link readInputText} and {@link parseJsonText}. */
export function readJsonInput(file: string, options: JsonInputOptions = {}): unknown {
  return parseJsonText(readInputText(file, options), file, options);
}

/**
 * Checks a path before anything is read from it (a cdktf.out's stacks, all at once): it is a
 * regular file within the cap. {@link readInputText} checks the open file again.
 */
export function checkInputFile(file: string, maxBytes: number = inputLimit()): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw inputUnreadable(file, errnoOf(e));
  }
  if (stat.isDirectory()) throw notRegular(file, 'directory');
  if (!stat.isFile()) throw notRegular(file, kindOf(stat));
  if (stat.size > maxBytes) throw tooLarge(file, stat.size, maxBytes);
}

/**
 * Reads a file as UTF-8 text: refuses what is not a regular file or is over the cap, drops a
 * UTF-8 byte order mark, and refuses UTF-16 and invalid UTF-8 — each as a ClinicnetError.
 */
export function readInputText(file: string, options: JsonInputOptions = {}): string {
  const maxBytes = options.maxBytes ?? runLimit ?? DEFAULT_MAX_INPUT_BYTES;
  const unreadable = options.unreadable ?? inputUnreadable;
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw unreadable(file, errnoOf(e));
  }
  try {
    // Checked on the open descriptor: the path cannot be swapped between check and read.
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw unreadable(file, 'EISDIR');
    if (!stat.isFile()) throw notRegular(file, kindOf(stat));
    if (stat.size > maxBytes) throw tooLarge(file, stat.size, maxBytes);
    const bytes = readAtMost(fd, file, { expected: stat.size, maxBytes }, unreadable);
    return decode(bytes, file);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads to end of file, but never more than `maxBytes` (a file may grow after fstat). The
 * first buffer is sized by the size fstat reported (plus one byte, to see the end in one read):
 * a buffer sized by the cap would allocate the cap for every small file of an estate.
 */
function readAtMost(
  fd: number,
  file: string,
  sizes: { readonly expected: number; readonly maxBytes: number },
  unreadable: (file: string, reason: string) => ClinicnetError,
): Buffer {
  const { maxBytes } = sizes;
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const wanted = chunks.length === 0 ? sizes.expected + 1 : GROWTH_CHUNK_BYTES;
    const chunk = Buffer.allocUnsafe(Math.min(wanted, maxBytes - total + 1));
    let read: number;
    try {
      read = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      throw unreadable(file, errnoOf(e));
    }
    if (read === 0) return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    total += read;
    if (total > maxBytes) throw tooLarge(file, total, maxBytes);
    chunks.push(chunk.subarray(0, read));
  }
}

function decode(bytes: Buffer, file: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)))
    throw utf16(file, 'a UTF-16 byte order mark');
  // JSON and YAML text starts with ASCII; in UTF-16 every ASCII character has a NUL byte beside it.
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) throw utf16(file, 'NUL bytes between the characters');
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  // Beyond V8's longest string (just under 512 MiB) text cannot be held at all, whatever the cap.
  if (body.length > MAX_STRING_LENGTH) throw tooLarge(file, bytes.length, MAX_STRING_LENGTH);
  const text = body.toString('utf8');
  if (isUtf8(body)) return text;
  const { line, column } = lineColumn(text, firstInvalid(text, body));
  throw notUtf8(file, line, column);
}

/** Read size once the file has outgrown what fstat reported (pipes, growing files). */
const GROWTH_CHUNK_BYTES = 1024 * 1024;

/**
 * Offset in `text` (the lenient decoding of `bytes`) of the first replacement character that
 * stands for invalid bytes rather than for an encoded U+FFFD (EF BF BD).
 */
function firstInvalid(text: string, bytes: Buffer): number {
  let byteOffset = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) ?? 0;
    if (code === 0xfffd && !(bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf)) return i;
    byteOffset += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code > 0xffff) i++;
  }
  return text.length;
}

/**
 * Parses JSON text whose nesting is at most {@link MAX_JSON_DEPTH}; a syntax error names
 * line and column and a fixed description of the problem, never the input's text.
 */
export function parseJsonText(text: string, file: string, options: JsonInputOptions = {}): unknown {
  const deep = openersExceed(text, MAX_JSON_DEPTH) ? depthExceededAt(text, MAX_JSON_DEPTH) : -1;
  if (deep >= 0) {
    const { line, column } = lineColumn(text, deep);
    throw tooDeep(file, line, column);
  }
  try {
    return JSON.parse(text);
  } catch {
    const error = findJsonSyntaxError(text) ?? { offset: text.length, problem: 'text that is not JSON' };
    const { line, column } = lineColumn(text, error.offset);
    throw (options.syntaxError ?? syntax)(file, line, column, error.problem);
  }
}

/**
 * True when the text holds more than `maxDepth` characters `[` and `{`. Text with fewer cannot
 * nest deeper (brackets inside strings only add to the count), so most files skip the exact scan:
 * counting with `indexOf` is several times faster than walking every character.
 */
export function openersExceed(text: string, maxDepth: number): boolean {
  let openers = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i >= 0; i = text.indexOf(opener, i + 1)) if (++openers > maxDepth) return true;
  }
  return false;
}

/**
 * The offset of the first `[` or `{` that opens level `maxDepth + 1`, or -1. Strings are
 * skipped whole; on text that is not JSON the answer only needs to be safe, not exact.
 */
export function depthExceededAt(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = closingQuote(text, i);
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

/** The index of the quote that closes the string opening at `start` (or the end of the text). */
function closingQuote(text: string, start: number): number {
  let i = start;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

/**
 * 1-based line and column of a character offset: lines end at `\n` (a `\r` before it belongs to
 * the line break), columns count characters (a character outside the BMP counts once).
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let column = 1;
  for (let i = lineStart; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) i++;
    column++;
  }
  return { line, column };
}

function errnoOf(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? 'an error the system did not name';
}

function kindOf(stat: fs.Stats): string {
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  if (stat.isFIFO()) return 'FIFO (named pipe)';
  if (stat.isSocket()) return 'socket';
  return 'special file';
}
