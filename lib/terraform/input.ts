// SPDX-License-Identifier: Apache-2.0
/** Finding and parsing the input: a cdk.tf.json, a cdktf.out directory or a plan JSON. */
import * as fs from 'fs';
import * as path from 'path';
import { defineError } from '../core/errors';
import { isObject } from './document';

const unreadable = defineError({
  code: 'TF-INPUT-UNREADABLE',
  title: 'The Terraform input path does not exist or cannot be read.',
  message: (file: string, why: string) =>
    `cannot read ${file} — got ${why}, expected a cdk.tf.json, a cdktf.out directory or a plan JSON; fix: check the path (run \`cdktf synth\` or \`terraform show -json plan.tfplan > plan.json\` first)`,
  example: ['cdktf.out', 'ENOENT (no such file or directory)'],
});

const empty = defineError({
  code: 'TF-INPUT-EMPTY',
  title: 'The Terraform input file is empty.',
  message: (file: string) =>
    `empty input ${file} — got 0 bytes of JSON, expected a cdk.tf.json or a plan JSON; fix: regenerate it (an interrupted \`terraform show -json\` leaves an empty file)`,
  example: ['plan.json'],
});

const badJson = defineError({
  code: 'TF-INPUT-JSON',
  title: 'The Terraform input file is not valid JSON.',
  message: (file: string, line: number, column: number, why: string) =>
    `invalid JSON in ${file}:${line}:${column} — got ${why}, expected well-formed JSON; fix: regenerate the file, it is probably truncated or hand-edited`,
  example: ['plan.json', 12, 3, 'Unexpected end of JSON input'],
});

const noManifest = defineError({
  code: 'TF-INPUT-NO-MANIFEST',
  title: 'A directory given as input has no cdktf manifest.json.',
  message: (dir: string) =>
    `no manifest.json in ${dir} — got a directory without cdktf's manifest, expected a cdktf.out directory written by \`cdktf synth\`; fix: pass the cdktf.out directory itself, or a single stacks/<name>/cdk.tf.json`,
  example: ['cdktf.out/stacks'],
});

const badManifest = defineError({
  code: 'TF-INPUT-MANIFEST',
  title: "A cdktf manifest.json does not list its stacks' synthesized files.",
  message: (file: string, why: string) =>
    `unusable cdktf manifest ${file} — got ${why}, expected {"stacks": {name: {"synthesizedStackPath": …}}}; fix: run \`cdktf synth\` again`,
  example: ['cdktf.out/manifest.json', 'no "stacks" object'],
});

/** A stack file listed in a manifest that is not a synthesized stack. */
export const notAStack = defineError({
  code: 'TF-INPUT-MANIFEST-STACK',
  title: 'A stack file listed in a cdktf manifest.json is not a synthesized cdktf stack.',
  message: (manifest: string, file: string) =>
    `stack file of ${manifest} is not a cdk.tf.json — got ${file}, expected a synthesized stack (with "resource"/"terraform"); fix: run \`cdktf synth\` again instead of copying files into cdktf.out`,
  example: ['cdktf.out/manifest.json', 'cdktf.out/stacks/hub/cdk.tf.json'],
});

const unrecognised = defineError({
  code: 'TF-INPUT-KIND',
  title: 'A JSON input is neither a synthesized cdktf stack nor a Terraform plan.',
  message: (file: string, got: string) =>
    `unrecognised input ${file} — got ${got}, expected a cdk.tf.json (with "resource"/"terraform") or a plan from \`terraform show -json\` (with "format_version" and "planned_values"); fix: pass one of those`,
  example: ['state.json', 'a JSON object with keys format_version, values'],
});

const planVersion = defineError({
  code: 'TF-PLAN-VERSION',
  title: 'A plan JSON has a format_version this reader does not know.',
  message: (file: string, version: string) =>
    `unsupported plan format in ${file} — got format_version ${version}, expected 1.x; fix: use Terraform ≥ 0.12 / OpenTofu and \`terraform show -json\``,
  example: ['plan.json', '"2.0"'],
});

const outsideOut = defineError({
  code: 'TF-INPUT-OUTSIDE',
  title: 'A stack file listed in a cdktf manifest.json lies outside the cdktf.out directory.',
  message: (manifest: string, stack: string) =>
    `stack path of ${manifest} leaves its directory — got stack "${stack}" resolving outside it, expected a file inside the cdktf.out directory; fix: run \`cdktf synth\` again (a manifest from a pull request may point anywhere)`,
  example: ['cdktf.out/manifest.json', 'hub'],
});

const notAFile = defineError({
  code: 'TF-INPUT-NOT-FILE',
  title: 'A Terraform input is not a regular file.',
  message: (file: string, got: string) =>
    `not a regular file: ${file} — got ${got}, expected a JSON file; fix: pass the cdk.tf.json, plan JSON or cdktf.out directory itself`,
  example: ['cdktf.out/stacks/hub/cdk.tf.json', 'a character device'],
});

const tooLarge = defineError({
  code: 'TF-INPUT-TOO-LARGE',
  title: 'A Terraform input file is larger than the size cap.',
  message: (file: string, megabytes: number, capMegabytes: number) =>
    `input too large: ${file} — got ${megabytes} MB, expected at most ${capMegabytes} MB; fix: check the file is the synthesized stack or plan, or raise the cap with --max-input-mb`,
  example: ['plan.json', 913, 512],
});

/** Default cap on one input file: 512 MB. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;

const MB = 1024 * 1024;

/** What a non-regular file is, in words. */
function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Checks a file before it is read: it exists, is a regular file (not /dev/zero, a FIFO or a
 * directory, which would hang or exhaust memory) and is at most `maxBytes` long. Symbolic
 * links are followed: the file they name is what is checked (and, for stacks, confined).
 */
export function checkInputFile(file: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  if (!stat.isFile()) throw notAFile(file, fileKind(stat));
  if (stat.size > maxBytes) throw tooLarge(file, Math.ceil(stat.size / MB), Math.floor(maxBytes / MB));
}

/** The real path of a stack file, which must lie inside the real path of the manifest's directory. */
function confinedStack(dir: string, manifest: string, name: string, stackPath: string): string {
  const file = path.resolve(dir, stackPath);
  let real: string;
  let root: string;
  try {
    root = fs.realpathSync(dir);
    real = fs.realpathSync(file);
  } catch (e) {
    throw unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  const relative = path.relative(root, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw outsideOut(manifest, name);
  return file;
}

/** What a parsed JSON document is. */
export type DocumentKind = 'plan' | 'cdktf-stack' | 'cdktf-manifest';

/** Decides what a parsed JSON document is, or throws naming the file and what it looked like. */
export function detectKind(json: unknown, file: string): DocumentKind {
  if (!isObject(json)) {
    throw unrecognised(file, Array.isArray(json) ? 'a JSON array' : `a JSON ${json === null ? 'null' : typeof json}`);
  }
  if ('format_version' in json && ('planned_values' in json || 'resource_changes' in json)) {
    if (typeof json.format_version !== 'string' || !/^1\./.test(json.format_version))
      throw planVersion(file, JSON.stringify(json.format_version));
    return 'plan';
  }
  if (isObject(json.stacks) && Object.values(json.stacks).some((s) => isObject(s) && 'synthesizedStackPath' in s))
    return 'cdktf-manifest';
  if (!('format_version' in json) && ['resource', 'data', 'terraform', 'output', 'provider'].some((k) => k in json))
    return 'cdktf-stack';
  const keys = Object.keys(json).slice(0, 6).join(', ');
  throw unrecognised(file, keys === '' ? 'an empty JSON object' : `a JSON object with keys ${keys}`);
}

/** The parser's reason without the input text it quotes (`Unexpected token 'k', "key…" is not valid JSON`). */
function parserReason(message: string): string {
  const reason = message.replace(/ in JSON at position \d+.*$/, '');
  if (/^Unexpected token/.test(reason)) return 'an unexpected character';
  // Other messages name what was expected (`Expected ',' or '}' after property value`): quotes of single syntax characters only.
  return reason.replace(/"(?:[^"\\]|\\.)*"/g, '…').replace(/'[^']{2,}'/g, '…');
}

/** Line and column (1-based) of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * Reads and parses a JSON file after {@link checkInputFile}; errors name the file and, for
 * syntax, line:column — never the input's text (it may hold a key).
 */
export function readJsonFile(file: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): unknown {
  checkInputFile(file, maxBytes);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
  if (text.trim() === '') throw empty(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message;
    const at = /at position (\d+)/.exec(why);
    const { line, column } = position(text, at ? Number(at[1]) : text.length);
    throw badJson(file, line, column, parserReason(why));
  }
}

/** True when the path is a directory; throws when it cannot be read at all. */
export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch (e) {
    throw unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

/**
 * The stack files a cdktf manifest lists, as paths, in stack-name order; each must resolve
 * inside `dir` and be a regular file within the size cap.
 */
export function manifestStacks(
  dir: string,
  maxBytes: number = DEFAULT_MAX_INPUT_BYTES,
): { manifest: string; stacks: string[] } {
  const manifest = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifest)) throw noManifest(dir);
  const json = readJsonFile(manifest, maxBytes);
  if (!isObject(json) || !isObject(json.stacks)) throw badManifest(manifest, 'no "stacks" object');
  const stacks = Object.keys(json.stacks)
    .sort()
    .map((name) => {
      const entry = (json.stacks as Record<string, unknown>)[name];
      if (!isObject(entry) || typeof entry.synthesizedStackPath !== 'string') {
        throw badManifest(manifest, `stack "${name}" without a synthesizedStackPath`);
      }
      checkInputFile(confinedStack(dir, manifest, name, entry.synthesizedStackPath), maxBytes);
      return path.join(dir, entry.synthesizedStackPath);
    });
  if (stacks.length === 0) throw badManifest(manifest, 'no stacks');
  return { manifest, stacks };
}
