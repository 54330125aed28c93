// SPDX-License-Identifier: Apache-2.0
/**
 * Evaluated values as the JSON the reader reads: what is known as itself; a reference to a
 * resource of the same module instance as `${type.name.attr}` (the reader resolves it, as
 * in synthesized JSON); a root variable without value as `${var.x}`; anything else as an
 * expression the reader cannot resolve, so it is reported unknown with the text as reason.
 */
import { isMap, LazyObject, Opaque, setMember, type Value } from './value';

/** Would the reader take this text for a resource traversal? */
const LOOKS_LIKE_RESOURCE = /^(data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+/;

function opaqueText(value: Opaque, module: string): string {
  if (value.kind === 'var' || (value.kind === 'ref' && value.module === module)) return `\${${value.text}}`;
  const text = value.kind === 'ref' && value.module !== '' ? `${value.module}.${value.text}` : value.text;
  if (text.includes('${')) return text;
  // Parenthesised so the reader never resolves an unknown (`x.y[*].id`, another module's `x.y`) as a resource here.
  return LOOKS_LIKE_RESOURCE.test(text) && !/^(var|local|module)\./.test(text) ? `\${(${text})}` : `\${${text}}`;
}

/** The value as JSON for a resource (or output) of module instance `module`. */
export function toJson(value: Value, module: string): unknown {
  if (value instanceof Opaque) return opaqueText(value, module);
  if (value instanceof LazyObject) return toJson(value.materialize(), module);
  if (Array.isArray(value)) return value.map((v) => toJson(v, module));
  if (isMap(value)) {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      setMember(result, k, toJson(v, module));
    }
    return result;
  }
  return value;
}
