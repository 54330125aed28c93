// SPDX-License-Identifier: Apache-2.0
/**
 * One shape for the three inputs (cdk.tf.json, plan planned_values, plan resource_changes):
 * a flat list of resources with their attribute values, what is unknown until apply, and
 * (for plans) the configuration expressions that say what an unknown value refers to.
 * This file reads cdk.tf.json; plan-document.ts reads plans.
 */
import { defineError } from '../core/errors';
import type { SourceLocation } from '../core/source-location';
import { parseSourceLocation } from '../core/source-location';

/** A managed resource or data source, wherever it came from. */
export interface TfResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Module the resource sits in (`module.net`), empty for the root module. */
  readonly module: string;
  /** Terraform address: `azurerm_subnet.fw` (cdk.tf.json) or the plan address. */
  readonly address: string;
  /** Construct path from cdktf metadata, else the address. */
  readonly path: string;
  readonly values: Record<string, unknown>;
  /**
   * The plan's `after_unknown` tree for this resource (`true` leaves are unknown), joined with
   * its sensitive marks: a value the plan marks sensitive is never read (nor printed).
   */
  readonly unknowns?: unknown;
  /** The plan's sensitive marks (`sensitive_values`, `after_sensitive`); those values are removed from `values`. */
  readonly sensitive?: unknown;
  /** The plan configuration's `expressions` for this resource. */
  readonly expressions?: Record<string, unknown>;
  /** True when read from a plan, whose values are already evaluated (no `${…}` left). */
  readonly planned: boolean;
  /** The references of the configuration's `for_each` (plans), so `each.value.x` can be followed per instance. */
  readonly forEach?: readonly string[];
  /**
   * Where the user declared the resource: the call site the constructs wrote under
   * `"//".clinicnet.source` (relative to the app's root), or the `.tf` file (absolute) and
   * line of its block; text when the input carried a location that was refused, saying why.
   * @default unknown
   */
  readonly location?: SourceLocation | string;
}

/** A module call's argument for one input variable: the references of its expression, or its constant value. */
export interface ModuleInput {
  readonly references: readonly string[];
  /** The constant, when the expression is one (`constant_value`). @default - not a constant */
  readonly constant?: unknown;
}

/** Everything the reader needs from one Terraform document. */
export interface TfDocument {
  /** File the document came from (for messages). */
  readonly source: string;
  /** cdktf stack name, when the document is a synthesized stack. */
  readonly stackName?: string;
  /** The stack's construct path (`estate/hub`), when the document is a synthesized stack. */
  readonly stackPath?: string;
  readonly resources: TfResource[];
  /** Input variables: whether each is sensitive and whether it declares a default (which would be its value in the input). */
  readonly variables: ReadonlyMap<string, VariableSpec>;
  /** Ephemeral resources (`ephemeral.<type>.<name>` blocks), by `type.name`. */
  readonly ephemerals?: ReadonlySet<string>;
  /** Output values by name (cdk.tf.json outputs, or plan configuration constants). */
  readonly outputs: ReadonlyMap<string, unknown>;
  /** Construct path of each output (cdk.tf.json), by output name. */
  readonly outputPaths?: ReadonlyMap<string, string>;
  /** Where the user declared the stack's site (`"//".clinicnet.source` at the top); text when refused. @default unknown */
  readonly location?: SourceLocation | string;
  /** References of each child-module output (plans), by `module.a.module.b|output`. */
  readonly moduleOutputs?: ReadonlyMap<string, string[]>;
  /**
   * What the caller passes to each child-module input variable (plans' `module_calls[…].expressions`),
   * by `module.a.module.b|variable` (configuration path, no instance keys): references or a constant.
   */
  readonly moduleInputs?: ReadonlyMap<string, ModuleInput>;
}

/** A part of a Terraform document with the wrong JSON type. */
export const wrongShape = defineError({
  code: 'TF-INPUT-SHAPE',
  title: 'A Terraform document has the right kind but a part of it has the wrong JSON type.',
  message: (source: string, where: string, got: string, expected: string) =>
    `malformed Terraform JSON in ${source} at ${where} — got ${got}, expected ${expected}; fix: regenerate the file (\`npm run synth\`, or \`terraform show -json\`) instead of editing it`,
  example: ['plan.json', 'resource_changes', 'a string', 'an array'],
});

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The value as an object (absent → empty); anything else is a TF-INPUT-SHAPE error. */
export function objectAt(source: string, where: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isObject(value)) throw wrongShape(source, where, describe(value), 'an object');
  return value;
}

/** The value as an array (absent → empty); anything else is a TF-INPUT-SHAPE error. */
export function arrayAt(source: string, where: string, value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw wrongShape(source, where, describe(value), 'an array');
  return value;
}

/** What the reader needs to know of a declared input variable. */
export interface VariableSpec {
  readonly sensitive: boolean;
  /** True when the declaration carries a `default`: its value is then written in the input itself. */
  readonly hasDefault: boolean;
  /**
   * True when a committed `*.tfvars` file gives the variable a value (the hook for an input
   * adapter that reads HCL; synthesized JSON and plans do not say).
   * @default false
   */
  readonly committedValue?: boolean;
}

/** Declared variables: whether each is sensitive and has a default. */
export function variablesOf(source: string, where: string, value: unknown): Map<string, VariableSpec> {
  const result = new Map<string, VariableSpec>();
  for (const [name, block] of Object.entries(objectAt(source, where, value))) {
    const spec = oneBlock(block);
    result.set(name, {
      sensitive: isObject(spec) && spec.sensitive === true,
      hasDefault: isObject(spec) && spec.default !== undefined,
    });
  }
  return result;
}

/**
 * A labelled block's body: raw hcl2json output (`terraform show`-less conversions of `.tf`) writes
 * every block as a one-element array, which Terraform's JSON syntax also accepts.
 */
function oneBlock(body: unknown): unknown {
  return Array.isArray(body) && body.length === 1 && isObject(body[0]) ? body[0] : body;
}

/** `type.name` of every ephemeral resource block of a cdk.tf.json (`"ephemeral": {type: {name: …}}`). */
function ephemeralsOf(source: string, value: unknown): Set<string> {
  const result = new Set<string>();
  const byType = objectAt(source, 'ephemeral', value);
  for (const type in byType)
    for (const name in objectAt(source, `ephemeral.${type}`, byType[type])) result.add(`${type}.${name}`);
  return result;
}

/** Reads a synthesized cdktf stack (`cdk.tf.json`). */
export function documentFromCdktf(json: Record<string, unknown>, source: string): TfDocument {
  const resources: TfResource[] = [];
  for (const mode of ['managed', 'data'] as const) {
    const key = mode === 'managed' ? 'resource' : 'data';
    const byType = objectAt(source, key, json[key]);
    for (const type in byType) {
      const byName = objectAt(source, `${key}.${type}`, byType[type]);
      for (const name in byName) {
        const body = oneBlock(byName[name]);
        // The location text is built only for the error.
        const values = isObject(body) ? body : objectAt(source, `${key}.${type}.${name}`, body);
        const address = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        // One look-up of "//" per resource: every resource type has its own JSON shape, so each is slow.
        const comment = values['//'];
        const metadata = isObject(comment) ? comment.metadata : undefined;
        const path = isObject(metadata) && typeof metadata.path === 'string' ? metadata.path : address;
        const location = locationIn(comment);
        resources.push({ mode, type, name, module: '', address, path, values, planned: false, location });
      }
    }
  }
  const outputs = new Map<string, unknown>();
  for (const [name, block] of Object.entries(objectAt(source, 'output', json.output))) {
    const spec = oneBlock(block);
    if (isObject(spec)) outputs.set(name, spec.value);
  }
  const top = isObject(json['//']) && isObject(json['//'].metadata) ? json['//'].metadata : {};
  const stackName = typeof top.stackName === 'string' ? top.stackName : undefined;
  return {
    source,
    stackName,
    stackPath: stackPathOf(stackName, resources),
    resources,
    variables: variablesOf(source, 'variable', json.variable),
    ephemerals: ephemeralsOf(source, json.ephemeral),
    outputs,
    outputPaths: outputPaths(isObject(json['//']) ? json['//'].outputs : undefined),
    location: locationIn(json['//']),
  };
}

/** The call site under a `"//"` comment's `clinicnet.source` (hostile input: checked), or why it is refused. */
function locationIn(comment: unknown): SourceLocation | string | undefined {
  if (!isObject(comment) || comment.clinicnet === undefined) return undefined;
  if (!isObject(comment.clinicnet)) return '"clinicnet" is not an object';
  // No location written is unknown, not wrong: the stack was synthesized without one.
  return comment.clinicnet.source === undefined ? undefined : parseSourceLocation(comment.clinicnet.source);
}

/** The stack's construct path (`estate/hub`): resource paths up to the stack's own segment. */
function stackPathOf(stackName: string | undefined, resources: readonly TfResource[]): string | undefined {
  if (stackName === undefined) return undefined;
  for (const r of resources) {
    if (r.path === r.address) continue;
    const end = segmentEnd(r.path, stackName);
    if (end >= 0) return r.path.slice(0, end);
  }
  return stackName;
}

/** Where the first `/`-separated segment equal to `segment` ends in `path`, or -1 (no split per resource). */
function segmentEnd(path: string, segment: string): number {
  for (let start = 0; start <= path.length;) {
    const slash = path.indexOf('/', start);
    const end = slash < 0 ? path.length : slash;
    if (end - start === segment.length && path.startsWith(segment, start)) return end;
    start = end + 1;
  }
  return -1;
}

/** cdktf's `"//": {"outputs": {stack: {constructId: logicalId}}}` as logical id → construct path. */
function outputPaths(tree: unknown): Map<string, string> {
  const paths = new Map<string, string>();
  const walk = (node: unknown, prefix: string | undefined): void => {
    if (!isObject(node)) return;
    for (const key in node) {
      const value = node[key];
      const path = prefix === undefined ? key : `${prefix}/${key}`;
      if (typeof value === 'string') paths.set(value, path);
      else walk(value, path);
    }
  };
  walk(tree, undefined);
  return paths;
}
