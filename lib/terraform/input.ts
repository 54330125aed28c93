// SPDX-License-Identifier: Apache-2.0
/** Finding and parsing the input: a cdk.tf.json, a cdktf.out directory or a plan JSON. */
import * as fs from 'fs';
import * as path from 'path';
import { defineError } from '../core/errors';
import { checkInputFile, DEFAULT_MAX_INPUT_BYTES, inputLimit, parseJsonText, readInputText } from '../core/json-input';

export { checkInputFile };
import { isObject } from './document';

const unreadable = defineError({
  code: 'TF-INPUT-UNREADABLE',
  title: 'The Terraform input path does not exist or cannot be read.',
  message: (file: string, why: string) =>
    `cannot read ${file} — got ${why}, expected a cdk.tf.json, a cdktf.out directory or a plan JSON; fix: check the path (synthesize first with \`npm run synth\`, or write a plan with \`terraform show -json plan.tfplan > plan.json\`)`,
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
  example: ['plan.json', 12, 3, 'the end of the input'],
});

const noManifest = defineError({
  code: 'TF-INPUT-NO-MANIFEST',
  title: 'A directory given as input has no cdktf manifest.json.',
  message: (dir: string) =>
    `no manifest.json in ${dir} — got a directory without cdktf's manifest, expected a cdktf.out directory written by a synth (\`npm run synth\`); fix: pass the cdktf.out directory itself, or a single stacks/<name>/cdk.tf.json`,
  example: ['cdktf.out/stacks'],
});

const badManifest = defineError({
  code: 'TF-INPUT-MANIFEST',
  title: "A cdktf manifest.json does not list its stacks' synthesized files.",
  message: (file: string, why: string) =>
    `unusable cdktf manifest ${file} — got ${why}, expected {"stacks": {name: {"synthesizedStackPath": …}}}; fix: synthesize again (\`npm run synth\`)`,
  example: ['cdktf.out/manifest.json', 'no "stacks" object'],
});

/** A stack file listed in a manifest that is not a synthesized stack. */
export const notAStack = defineError({
  code: 'TF-INPUT-MANIFEST-STACK',
  title: 'A stack file listed in a cdktf manifest.json is not a synthesized cdktf stack.',
  message: (manifest: string, file: string) =>
    `stack file of ${manifest} is not a cdk.tf.json — got ${file}, expected a synthesized stack (with "resource"/"terraform"); fix: synthesize again (\`npm run synth\`) instead of copying files into cdktf.out`,
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
    `stack path of ${manifest} leaves its directory — got stack "${stack}" resolving outside it, expected a file inside the cdktf.out directory; fix: synthesize again (\`npm run synth\`; a manifest from a pull request may point anywhere)`,
  example: ['cdktf.out/manifest.json', 'hub'],
});

export { DEFAULT_MAX_INPUT_BYTES };

/**
 * The path of a stack file, whose real path must lie inside `root`, the real path of the
 * manifest's directory. One `realpath` call per file (the native one; Node's own walks every
 * path component with `lstat`).
 */
function confinedStack(dir: string, root: string, manifest: string, name: string, stackPath: string): string {
  const file = path.resolve(dir, stackPath);
  const relative = path.relative(root, realPath(file));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) throw outsideOut(manifest, name);
  return file;
}

function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch (e) {
    throw unreadable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
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

/**
 * Reads and parses a JSON file after {@link checkInputFile}, through the safe reader (regular
 * files only, size cap, UTF-8, bounded nesting); errors name the file and, for syntax,
 * line:column without quoting input (it may hold a key).
 */
export function readJsonFile(file: string, maxBytes: number = inputLimit()): unknown {
  const options = { unreadable, syntaxError: badJson, maxBytes };
  const text = readInputText(file, options);
  if (text.trim() === '') throw empty(file);
  return parseJsonText(text, file, options);
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
export function manifestStacks(dir: string, maxBytes: number = inputLimit()): { manifest: string; stacks: string[] } {
  const manifest = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifest)) throw noManifest(dir);
  const json = readJsonFile(manifest, maxBytes);
  if (!isObject(json) || !isObject(json.stacks)) throw badManifest(manifest, 'no "stacks" object');
  const root = realPath(dir);
  const stacks = Object.keys(json.stacks)
    .sort()
    .map((name) => {
      const entry = (json.stacks as Record<string, unknown>)[name];
      if (!isObject(entry) || typeof entry.synthesizedStackPath !== 'string') {
        throw badManifest(manifest, `stack "${name}" without a synthesizedStackPath`);
      }
      checkInputFile(confinedStack(dir, root, manifest, name, entry.synthesizedStackPath), maxBytes);
      return path.join(dir, entry.synthesizedStackPath);
    });
  if (stacks.length === 0) throw badManifest(manifest, 'no stacks');
  return { manifest, stacks };
}
