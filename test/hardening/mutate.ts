// SPDX-License-Identifier: Apache-2.0
/** Mutations of real fixtures for the fuzz tests: paths into a JSON value, and edits at them. */
import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';

/** A step into a JSON value: an object key or an array index. */
export type JsonPath = readonly (string | number)[];

/** A fixture from test/fixtures, parsed. */
export function fixture(...parts: string[]): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', ...parts), 'utf8')) as unknown;
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null;

/** Every path in `value` below the root, parents before children. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  if (!isContainer(value)) return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

/** The value at `path`. */
export function valueAt(value: unknown, path: JsonPath): unknown {
  return path.reduce<unknown>(
    (v, key) => (isContainer(v) ? (v as Record<string | number, unknown>)[key] : undefined),
    value,
  );
}

/** A deep copy of `value` with the element at `path` replaced by `replacement`, or deleted when it is undefined. */
export function withAt(value: unknown, path: JsonPath, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1];
  if (replacement !== undefined) (parent as Record<string | number, unknown>)[key] = replacement;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, unknown>)[key as string];
  return copy;
}

/** `value` wrapped in `depth` arrays and objects, alternately. */
export function nested(value: unknown, depth: number): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { deep: v };
  return v;
}

/** Values a real document never has where it is put: wrong types, huge numbers, odd hostnames, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    1e308,
    -1e308,
    2 ** 53 + 1,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    '${azurerm_nothing.missing.id}',
    '${var.unset}',
    '${',
    'аuthentigate.cherel.org.au', // Cyrillic а
    'xn--80ak6aa92e.com',
    '😀.example.org',
    'ｃｓｕ.cherel.org.au',
    '10.20.1.0/33',
    '999.1.1.1/24',
    '::/0',
    '0.0.0.0/0',
    '*',
    '65536',
    '3010-3000',
    [],
    {},
    [[]],
    [{}],
    { unknown: 'x' },
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 50, max: 400 }).map((depth) => nested('deep', depth)),
);

/** One mutation: delete the element at a path, or replace it with a hostile value. */
export interface Mutation {
  readonly path: JsonPath;
  /** undefined deletes. */
  readonly replacement: unknown;
}

/** Mutations of `doc`: one to three edits at paths chosen from the document itself. */
export function mutations(doc: unknown, filter: (path: JsonPath) => boolean = () => true): fc.Arbitrary<Mutation[]> {
  const paths = pathsOf(doc).filter(filter);
  const one = fc.record({
    path: fc.constantFrom(...paths),
    replacement: fc.option(hostileValue, { nil: undefined, freq: 3 }),
  });
  return fc.array(one, { minLength: 1, maxLength: 3 });
}

/** Applies mutations in order, skipping any whose path an earlier one removed. */
export function applyMutations(doc: unknown, edits: readonly Mutation[]): unknown {
  return edits.reduce((current, edit) => {
    const parent = valueAt(current, edit.path.slice(0, -1));
    return isContainer(parent) ? withAt(current, edit.path, edit.replacement) : current;
  }, doc);
}
