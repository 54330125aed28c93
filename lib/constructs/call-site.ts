// SPDX-License-Identifier: Apache-2.0
/**
 * Where the user's code created a construct, so code scanning can place a finding on that
 * `.ts` line: cdktf records no usable location (its stack-trace metadata is off by default and
 * points into compiled JavaScript). The call site is the first stack frame outside this
 * folder and `node_modules`, mapped through the frame file's source map to the TypeScript
 * source, made relative to the project root (the app's working directory) and written into
 * the synthesized JSON as `"//": {"clinicnet": {"source": {"file", "line"}}}` — on the stack
 * (the site) and on every resource, from the nearest construct with a recorded call site.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findSourceMap, SourceMap } from 'module';
import { fileURLToPath } from 'url';
import type { IAspect, TerraformStack } from 'cdktf';
import { Aspects, TerraformDataSource, TerraformResource } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { SourceLocation } from '../core/source-location';
import { relativePathProblem } from '../core/source-location';

/** Where the synthesized JSON carries a call site, under `"//"`. */
export const SOURCE_OVERRIDE = '//.clinicnet.source';

const recorded = new WeakMap<IConstruct, SourceLocation>();

/** This folder, and its TypeScript sources when it runs compiled from `dist/lib/constructs`. */
const OWN_DIRS =
  path.basename(path.resolve(__dirname, '..', '..')) === 'dist'
    ? [__dirname, path.resolve(__dirname, '..', '..', '..', 'lib', 'constructs')]
    : [__dirname];

/** Source maps by generated file (`null`: the file has none), read once per file. */
const maps = new Map<string, SourceMap | null>();

/** A source map file or inline map larger than this is not read (a real one is far smaller). */
const MAX_MAP_BYTES = 16 * 1024 * 1024;

function isLibraryFrame(file: string): boolean {
  if (file.startsWith('node:') || !path.isAbsolute(file)) return true;
  if (file.split(/[\\/]/).includes('node_modules')) return true;
  return OWN_DIRS.some((dir) => file.startsWith(dir + path.sep));
}

/** The `file:line:column` of each frame of a V8 stack, innermost first. */
function frames(stack: string): { file: string; line: number; column: number }[] {
  const result = [];
  for (const text of stack.split('\n').slice(1)) {
    const match = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(text);
    if (match === null) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    result.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return result;
}

/** The source map a compiled file names (`//# sourceMappingURL=`), inline or beside it, if any. */
function readSourceMap(file: string): SourceMap | null {
  try {
    if (fs.statSync(file).size > MAX_MAP_BYTES) return null;
    const text = fs.readFileSync(file, 'utf8');
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
    if (url === undefined) return null;
    const inline = /^data:application\/json;(?:charset=[^;,]+;)?base64,(.*)$/.exec(url);
    const mapFile = path.resolve(path.dirname(file), decodeURIComponent(url));
    if (inline === null && fs.statSync(mapFile).size > MAX_MAP_BYTES) return null;
    const json = inline !== null ? Buffer.from(inline[1], 'base64').toString('utf8') : fs.readFileSync(mapFile, 'utf8');
    const payload = JSON.parse(json) as ConstructorParameters<typeof SourceMap>[0];
    // Sources are relative to the map's own folder (and its sourceRoot): resolve them now.
    const base = path.resolve(path.dirname(inline !== null ? file : mapFile), payload.sourceRoot ?? '');
    return new SourceMap({ ...payload, sourceRoot: '', sources: payload.sources.map((s) => path.resolve(base, s)) });
  } catch {
    // A missing or malformed map leaves the compiled location, which the caller then judges.
    return null;
  }
}

function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) maps.set(file, (map = findSourceMap(file) ?? readSourceMap(file)));
  return map;
}

/** The TypeScript position of a compiled frame (absolute file, 1-based line and column), or the frame itself when it has no source map. */
export function originalPosition(frame: { file: string; line: number; column: number }): {
  file: string;
  line: number;
} {
  if (!/\.[cm]?js$/.test(frame.file)) return frame;
  const entry = sourceMapOf(frame.file)?.findEntry(frame.line - 1, frame.column - 1);
  if (entry === undefined || !('originalSource' in entry) || typeof entry.originalSource !== 'string') return frame;
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : path.resolve(path.dirname(frame.file), entry.originalSource);
  return { file: source, line: entry.originalLine + 1 };
}

const SHALLOW = 20;
const DEEP = 200;

/** The first frame outside this folder and `node_modules` among the innermost `depth` frames of the current stack. */
function userFrame(depth: number): { file: string; line: number; column: number } | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = depth;
  let stack: string;
  try {
    stack = new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
  return frames(stack).find((f) => !isLibraryFrame(f.file));
}

/**
 * The user's source line that is creating a construct now: the first frame outside this
 * folder and `node_modules`, relative to `root`; undefined when there is none inside `root`.
 */
export function callSite(root: string = process.cwd()): SourceLocation | undefined {
  // Constructs nest: the user's frame can be deeper than V8's default ten. Most are within
  // twenty; formatting a hundred frames for each construct would cost more than it finds.
  const frame = userFrame(SHALLOW) ?? userFrame(DEEP);
  if (frame === undefined) return undefined;
  const { file, line } = originalPosition(frame);
  const relative = path.relative(root, file).split(path.sep).join('/');
  // Outside the project (or on another drive) a path would mean nothing to code scanning.
  return relativePathProblem(relative) === undefined ? { file: relative, line } : undefined;
}

/** Records where the user's code created `construct`; its resources are located there unless a nearer construct says otherwise. */
export function recordCallSite(construct: IConstruct): void {
  const site = callSite();
  if (site !== undefined) recorded.set(construct, site);
}

/** The call site of the construct or its nearest ancestor that has one. */
export function recordedCallSite(construct: IConstruct): SourceLocation | undefined {
  for (let at: IConstruct | undefined = construct; at !== undefined; at = at.node.scope) {
    const site = recorded.get(at);
    if (site !== undefined) return site;
  }
  return undefined;
}

/** At synth, writes each resource's call site into its `"//"` metadata. */
class ResourceCallSites implements IAspect {
  public visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node) && !TerraformDataSource.isTerraformDataSource(node)) return;
    const site = recordedCallSite(node);
    if (site !== undefined) node.addOverride(SOURCE_OVERRIDE, { file: site.file, line: site.line });
  }
}

/** Records a site's call site on its stack and has every resource of the stack carry its own. */
export function locateStack(stack: TerraformStack): void {
  recordCallSite(stack);
  const site = recorded.get(stack);
  if (site !== undefined) stack.addOverride(SOURCE_OVERRIDE, { file: site.file, line: site.line });
  Aspects.of(stack).add(new ResourceCallSites());
}
