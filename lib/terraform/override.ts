// SPDX-License-Identifier: Apache-2.0
/**
 * Terraform's override files (`override.tf(.json)`, `*_override.tf(.json)`), merged as Terraform
 * merges them: after every other file, in name order, each top-level block into the block with
 * the same header. An argument replaces the argument of the same name; nested blocks of a type
 * replace all the original's blocks of that type (in parsed JSON both are one key, so a key
 * replaces a key); `lifecycle` merges argument by argument; locals merge value by value. An
 * override of nothing is an error to Terraform: here it is reported and not read.
 */
import { isObject } from './document';

/** True for a file name Terraform treats as an override file. */
export function isOverrideFile(name: string): boolean {
  return /(^|_)override\.tf(\.json)?$/.test(name);
}

/** A block body with an override block's contents merged in (neither is changed). */
export function mergeBody(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (key === '//') continue;
    const before = single(base[key]);
    const after = single(value);
    merged[key] = key === 'lifecycle' && before !== undefined && after !== undefined ? { ...before, ...after } : value;
  }
  return merged;
}

/** The one body of a block written as an object or a one-element list. */
function single(value: unknown): Record<string, unknown> | undefined {
  if (isObject(value)) return value;
  return Array.isArray(value) && value.length === 1 && isObject(value[0]) ? value[0] : undefined;
}

/** Labelled top-level block kinds, as keys of a configuration: `resource.TYPE.NAME`, `module.NAME`, … */
const TWO_LABELS = ['resource', 'data'] as const;
const ONE_LABEL = ['module', 'variable', 'output'] as const;

/**
 * Merges one parsed override file into a parsed configuration (JSON syntax, or hcl2json's
 * output of native syntax) in place; returns what could not be merged, in words.
 */
export function applyOverride(config: Record<string, unknown>, override: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const into = (base: unknown, body: unknown, header: string): unknown => {
    const original = single(base);
    const change = single(body);
    if (change === undefined) return base;
    if ('depends_on' in change) problems.push(`${header} sets depends_on, which an override may not; it is ignored`);
    if (original === undefined) {
      problems.push(`${header} overrides nothing (Terraform refuses this); it is not read`);
      return base;
    }
    const { depends_on: _ignored, ...rest } = change;
    void _ignored;
    return mergeBody(original, rest);
  };
  for (const kind of TWO_LABELS) {
    for (const [type, byName] of entries(override[kind])) {
      for (const [name, body] of entries(byName)) {
        const types = (config[kind] = isObject(config[kind]) ? config[kind] : {});
        const names = (types[type] = isObject(types[type]) ? types[type] : {});
        const header = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        const merged = into(names[name], body, header);
        if (merged !== undefined) names[name] = merged;
      }
    }
  }
  for (const kind of ONE_LABEL) {
    for (const [name, body] of entries(override[kind])) {
      const blocks = (config[kind] = isObject(config[kind]) ? config[kind] : {});
      const merged = into(blocks[name], body, `${kind} ${name}`);
      if (merged !== undefined) blocks[name] = merged;
    }
  }
  overrideLocals(config, override, problems);
  return problems;
}

/** Locals are overridden value by value, whichever `locals` block holds each. */
function overrideLocals(config: Record<string, unknown>, override: Record<string, unknown>, problems: string[]): void {
  const blocks = (Array.isArray(config.locals) ? config.locals : [config.locals]).filter(isObject);
  for (const locals of (Array.isArray(override.locals) ? override.locals : [override.locals]).filter(isObject)) {
    for (const [name, value] of Object.entries(locals)) {
      const holder = blocks.find((b) => Object.hasOwn(b, name));
      if (holder === undefined)
        problems.push(`local ${name} overrides nothing (Terraform refuses this); it is not read`);
      else holder[name] = value;
    }
  }
}

function entries(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}
