// SPDX-License-Identifier: Apache-2.0
/**
 * The Terraform functions network code uses, on evaluated arguments. A function the
 * evaluator does not know, or a known one whose arguments it needs but cannot know, makes
 * the call unknown with the call as written; `try` and `coalesce` are in evaluate.ts
 * (they see their arguments before evaluation).
 */
import { compareText } from '../../core/compare';
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from './cidr';
import { EvalError, hasOpaque, isMap, LazyObject, objectOf, Opaque, show, type Value } from './value';

type Fn = (args: Value[]) => Value;

function str(value: Value, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new EvalError(`${fn}: expected a string, got ${show(value)}`);
}

function num(value: Value, fn: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new EvalError(`${fn}: expected a number, got ${show(value)}`);
}

function list(value: Value, fn: string): Value[] {
  if (Array.isArray(value)) return value;
  throw new EvalError(`${fn}: expected a list, got ${show(value)}`);
}

function map(value: Value, fn: string): { [key: string]: Value } {
  if (value instanceof LazyObject) return value.materialize();
  if (isMap(value)) return value;
  throw new EvalError(`${fn}: expected a map or object, got ${show(value)}`);
}

const sortedKeys = (m: { [key: string]: Value }): string[] => Object.keys(m).sort(compareText);

/** Terraform's `format` verbs: %s %d %v %q %%, with optional width and padding. */
function format(args: Value[]): string {
  const spec = str(args[0], 'format');
  let next = 1;
  return spec.replace(/%(-?0?\d*)([sdvqf%])/g, (_, flags: string, verb: string) => {
    if (verb === '%') return '%';
    if (next >= args.length) throw new EvalError(`format: not enough arguments for "${spec}"`);
    const arg = args[next++];
    let text =
      verb === 'd'
        ? String(Math.trunc(num(arg, 'format')))
        : verb === 'q'
          ? JSON.stringify(str(arg, 'format'))
          : verb === 'v' && typeof arg !== 'string'
            ? JSON.stringify(arg)
            : verb === 'f'
              ? num(arg, 'format').toFixed(6)
              : str(arg, 'format');
    const width = Number(flags.replace(/^-?0?/, '') || '0');
    if (text.length < width) {
      const pad = flags.startsWith('0') && !flags.startsWith('-') ? '0' : ' ';
      text = flags.startsWith('-') ? text.padEnd(width, ' ') : text.padStart(width, pad);
    }
    return text;
  });
}

/** Terraform compares values by their JSON form (sets of strings are sorted). */
function distinct(values: Value[]): Value[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function flatten(value: Value): Value[] {
  return list(value, 'flatten').flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

function replace(text: string, search: string, replacement: string): string {
  const regex = /^\/(.*)\/$/s.exec(search);
  // Terraform's regex syntax is RE2; $1 references are written ${1} or $1 in both.
  if (regex) return text.replace(new RegExp(regex[1], 'g'), replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
  return text.split(search).join(replacement);
}

function range(args: Value[]): number[] {
  const n = args.map((a) => num(a, 'range'));
  const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[1] >= n[0] ? 1 : -1)];
  if (step === 0) throw new EvalError('range: step must not be zero');
  const result: number[] = [];
  for (let i = start; step > 0 ? i < end : i > end; i += step) {
    if (result.length >= 1024) throw new EvalError('range: more than 1024 elements');
    result.push(i);
  }
  return result;
}

function lookup(args: Value[]): Value {
  const m = map(args[0], 'lookup');
  const key = str(args[1], 'lookup');
  if (Object.prototype.hasOwnProperty.call(m, key)) return m[key];
  if (args.length > 2) return args[2];
  throw new EvalError(`lookup: no key "${key}" and no default`);
}

function element(args: Value[]): Value {
  const l = list(args[0], 'element');
  if (l.length === 0) throw new EvalError('element: empty list');
  const i = num(args[1], 'element');
  return l[((i % l.length) + l.length) % l.length];
}

function zipmap(args: Value[]): Value {
  const keys = list(args[0], 'zipmap').map((k) => str(k, 'zipmap'));
  const values = list(args[1], 'zipmap');
  if (keys.length !== values.length) throw new EvalError('zipmap: lists of different lengths');
  return objectOf(keys.map((k, i) => [k, values[i]]));
}

function length(value: Value): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  return Object.keys(map(value, 'length')).length;
}

/** Functions that only look at the shape of their arguments, so unknown elements may pass through. */
const STRUCTURAL: Record<string, Fn> = {
  concat: (args) => args.flatMap((a) => list(a, 'concat')),
  merge: (args) => objectOf(args.filter((a) => a !== null).flatMap((a) => Object.entries(map(a, 'merge')))),
  lookup,
  keys: ([m]) => sortedKeys(map(m, 'keys')),
  values: ([m]) => {
    const o = map(m, 'values');
    return sortedKeys(o).map((k) => o[k]);
  },
  tomap: ([m]) => map(m, 'tomap'),
  tolist: ([l]) => list(l, 'tolist'),
  flatten: ([l]) => flatten(l),
  length: ([v]) => length(v),
  element,
  zipmap,
};

/** Functions that need every argument known. */
const CONCRETE: Record<string, Fn> = {
  cidrsubnet: ([p, n, k]) => cidrsubnet(str(p, 'cidrsubnet'), num(n, 'cidrsubnet'), num(k, 'cidrsubnet')),
  cidrsubnets: ([p, ...bits]) =>
    cidrsubnets(
      str(p, 'cidrsubnets'),
      bits.map((b) => num(b, 'cidrsubnets')),
    ),
  cidrhost: ([p, n]) => cidrhost(str(p, 'cidrhost'), num(n, 'cidrhost')),
  cidrnetmask: ([p]) => cidrnetmask(str(p, 'cidrnetmask')),
  toset: ([l]) => {
    const items = distinct(list(l, 'toset'));
    // A set of strings iterates in lexical order.
    const strings = items.filter((i): i is string => typeof i === 'string');
    return strings.length === items.length ? strings.sort(compareText) : items;
  },
  format,
  join: ([sep, ...lists]) => lists.flatMap((l) => list(l, 'join').map((v) => str(v, 'join'))).join(str(sep, 'join')),
  split: ([sep, text]) => str(text, 'split').split(str(sep, 'split')),
  lower: ([t]) => str(t, 'lower').toLowerCase(),
  upper: ([t]) => str(t, 'upper').toUpperCase(),
  replace: ([t, s, r]) => replace(str(t, 'replace'), str(s, 'replace'), str(r, 'replace')),
  distinct: ([l]) => distinct(list(l, 'distinct')),
  sort: ([l]) =>
    list(l, 'sort')
      .map((v) => str(v, 'sort'))
      .sort(compareText),
  range,
  jsonencode: ([v]) => JSON.stringify(v instanceof LazyObject ? v.materialize() : v),
  jsondecode: ([t]) => {
    try {
      return JSON.parse(str(t, 'jsondecode')) as Value;
    } catch (e) {
      throw new EvalError(`jsondecode: ${(e as Error).message}`);
    }
  },
};

/** Names of the functions the evaluator knows (besides `try` and `coalesce`). */
export const KNOWN_FUNCTIONS: ReadonlySet<string> = new Set([...Object.keys(STRUCTURAL), ...Object.keys(CONCRETE)]);

/**
 * Calls `name`; undefined when the function is not known or an argument it needs is not,
 * so the caller makes the call unknown with its text. Throws EvalError where Terraform would fail.
 */
export function callFunction(name: string, args: Value[]): Value | undefined {
  // Names come from the input: only own entries (never `constructor` or `__proto__`).
  const own = (table: Record<string, Fn>) =>
    Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  const structural = own(STRUCTURAL);
  if (structural !== undefined) {
    if (args.some((a) => a instanceof Opaque)) return undefined;
    return structural(args);
  }
  const concrete = own(CONCRETE);
  if (concrete === undefined || args.some(hasOpaque)) return undefined;
  return concrete(args);
}
