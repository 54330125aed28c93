// SPDX-License-Identifier: Apache-2.0
/**
 * One Terraform module directory as configuration: its `*.tf` (parsed file by file with
 * hcl2json) and `*.tf.json` (JSON syntax) files merged into variables, locals, outputs,
 * resources and module calls. Override files are not merged (reported instead).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../../core/compare';
import { isObject } from '../document';
import { readJsonFile } from '../input';
import { parseHclFile } from './parser';
import { blockHeaderLines, blockKey } from './block-lines';

/** A declared input variable. */
export interface VariableConfig {
  readonly hasDefault: boolean;
  readonly default: unknown;
  readonly sensitive: boolean;
  /** The type constraint as hcl2json writes it (`${map(string)}`), when declared. */
  readonly type?: string;
}

/** A resource, data source or module call block. */
export interface BlockConfig {
  readonly mode: 'managed' | 'data' | 'module';
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
  /** The file the block is declared in (absolute). */
  readonly file: string;
  /** 1-based line of its header (`resource "TYPE" "NAME" {`), when found. @default the file alone */
  readonly line?: number;
}

/** One module directory's configuration. */
export interface ModuleConfig {
  readonly dir: string;
  readonly files: string[];
  readonly variables: Map<string, VariableConfig>;
  readonly locals: Map<string, unknown>;
  /** Output `value` expressions by name. */
  readonly outputs: Map<string, unknown>;
  readonly blocks: BlockConfig[];
  /** What was not read, in words. */
  readonly problems: string[];
}

/** Blocks are lists of bodies in hcl2json's output and objects or lists in JSON syntax. */
export function bodies(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter(isObject);
}

/** `*.tf` and `*.tf.json` files of a directory, in name order; override files apart. */
export function configurationFiles(dir: string): { files: string[]; overrides: string[] } {
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))
    .filter((n) => fs.statSync(path.join(dir, n)).isFile())
    .sort(compareText);
  const isOverride = (n: string) => /(^|_)override\.tf(\.json)?$/.test(n);
  return {
    files: names.filter((n) => !isOverride(n)).map((n) => path.join(dir, n)),
    overrides: names.filter(isOverride).map((n) => path.join(dir, n)),
  };
}

/** One parsed configuration file, and the header line of each block when the file is HCL. */
interface ParsedFile {
  readonly json: Record<string, unknown>;
  readonly lines: ReadonlyMap<string, number>;
}

/** Parses one configuration file (HCL or JSON syntax by its name). */
async function parseConfigFile(file: string): Promise<ParsedFile> {
  if (file.endsWith('.json')) {
    const json = readJsonFile(file);
    // JSON syntax: the file alone (its blocks are object keys, without a header line to find).
    return { json: isObject(json) ? json : {}, lines: new Map() };
  }
  const text = fs.readFileSync(file, 'utf8');
  return { json: await parseHclFile(file, text), lines: blockHeaderLines(text) };
}

function withoutComments(body: Record<string, unknown>): Record<string, unknown> {
  // JSON syntax reserves "//" for comments (cdktf writes its metadata there).
  if (!('//' in body)) return body;
  const copy = { ...body };
  delete copy['//'];
  return copy;
}

function addFile(config: ModuleConfig, { json, lines }: ParsedFile, file: string): void {
  const duplicate = (what: string) =>
    config.problems.push(`${what} is declared twice (again in ${file}); the first is read`);
  for (const [name, spec] of Object.entries(isObject(json.variable) ? json.variable : {})) {
    const body = bodies(spec)[0] ?? {};
    if (config.variables.has(name)) duplicate(`variable ${name}`);
    else
      config.variables.set(name, {
        hasDefault: 'default' in body,
        default: body.default,
        sensitive: body.sensitive === true,
        type: typeof body.type === 'string' ? body.type : undefined,
      });
  }
  for (const locals of bodies(json.locals)) {
    for (const [name, value] of Object.entries(locals)) {
      if (config.locals.has(name)) duplicate(`local ${name}`);
      else config.locals.set(name, value);
    }
  }
  for (const [name, spec] of Object.entries(isObject(json.output) ? json.output : {})) {
    if (config.outputs.has(name)) duplicate(`output ${name}`);
    else config.outputs.set(name, (bodies(spec)[0] ?? {}).value);
  }
  for (const [mode, key] of [
    ['managed', 'resource'],
    ['data', 'data'],
  ] as const) {
    for (const [type, byName] of Object.entries(isObject(json[key]) ? json[key] : {})) {
      for (const [name, spec] of Object.entries(isObject(byName) ? byName : {})) {
        const line = lines.get(blockKey(key, type, name));
        for (const body of bodies(spec))
          config.blocks.push({
            mode,
            type,
            name,
            body: withoutComments(body),
            file,
            ...(line !== undefined && { line }),
          });
      }
    }
  }
  for (const [name, spec] of Object.entries(isObject(json.module) ? json.module : {})) {
    for (const body of bodies(spec)) config.blocks.push({ mode: 'module', type: 'module', name, body, file });
  }
}

/** Reads a module directory, or the given files only (a single `cdk.tf`). */
export async function loadModule(dir: string, only?: readonly string[]): Promise<ModuleConfig> {
  const { files, overrides } = only === undefined ? configurationFiles(dir) : { files: [...only], overrides: [] };
  const config: ModuleConfig = {
    dir,
    files,
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    blocks: [],
    problems: overrides.map(
      (f) => `override file ${path.basename(f)} is not merged; the checks see the configuration without it`,
    ),
  };
  const parsed = await Promise.all(files.map(parseConfigFile));
  parsed.forEach((json, i) => addFile(config, json, files[i]));
  return config;
}
