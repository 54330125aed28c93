// SPDX-License-Identifier: Apache-2.0
/**
 * Evaluates the parser's expression AST with what is known before plan: literals,
 * templates, variables, locals, `each`/`count`, module outputs, conditionals, `for`,
 * splats, indexing, operators and the functions in functions.ts. References to resources
 * stay references (`Opaque` refs); anything else that cannot be known is an unknown
 * carrying the expression as written. Terraform's evaluation errors are EvalErrors.
 */
import type { ExpressionType, TerraformTraversalPart } from '@cdktn/hcl2json/build/syntax-tree';
import { compareText } from '../../core/compare';
import { callFunction } from './functions';
import type { Template } from './template';
import {
  EvalError,
  hasOpaque,
  isMap,
  LazyObject,
  objectOf,
  Opaque,
  setMember,
  show,
  unknownValue,
  type Value,
} from './value';

/** The module instance an expression is evaluated in. */
export interface InstanceScope {
  /** `module.clinic["penrith"]`, empty for the root module. */
  readonly address: string;
  /** `path.module`, relative to the root module. */
  readonly pathModule: string;
  variable(name: string): Value;
  local(name: string): Value;
  /** The value of `module.NAME` (an object of outputs, or a list/map of them), undefined when no such call. */
  moduleCall(name: string): Value | undefined;
  /** True when the module declares this managed resource. */
  hasResource(type: string, name: string): boolean;
}

/** Where an expression is evaluated: its module instance and the names bound around it. */
export interface Scope {
  readonly instance: InstanceScope;
  /** `each`, `count`, `for` variables and `dynamic` iterators. */
  readonly names: ReadonlyMap<string, Value>;
}

/** The scope with more names bound. */
export function withNames(scope: Scope, names: Record<string, Value>): Scope {
  const merged = new Map(scope.names);
  for (const [k, v] of Object.entries(names)) merged.set(k, v);
  return { instance: scope.instance, names: merged };
}

/** Evaluates a parsed configuration string. */
export function evaluateTemplate(template: Template, scope: Scope): Value {
  if (template.kind === 'literal') return template.value;
  if (template.kind === 'invalid') return unknownValue(template.source);
  const node = template.ast;
  const value = new Evaluator(scope, template.source).eval(node, !template.heredoc);
  if (!template.heredoc || typeof value !== 'string') return value;
  // The heredoc wrapping added one final newline.
  return value.endsWith('\n') ? value.slice(0, -1) : value;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted template's literal text: backslash escapes and `$${`/`%%{`; a heredoc's: only the latter. */
function literalText(raw: string, quoted: boolean): string {
  const pattern = quoted ? /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g : /\$\$\{|%%\{/g;
  return raw.replace(pattern, (match: string, escape?: string) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (escape === undefined) return match;
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? match;
  });
}

function segmentKey(part: TerraformTraversalPart): string | number {
  // A name segment is an attribute; an index segment a number or a quoted key.
  if (part.type === 'nameTraversal') return part.segment;
  const text = part.segment.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  return text.startsWith('"') ? (JSON.parse(text) as string) : text;
}

/** `value[key]` (`index`) or `value.key`, Terraform's way; refs grow their traversal text. */
export function getMember(value: Value, key: string | number, index = false): Value {
  if (value instanceof Opaque) {
    const suffix = index || typeof key === 'number' ? `[${JSON.stringify(key)}]` : `.${key}`;
    if (value.kind === 'ref' && !value.sealed) return new Opaque('ref', `${value.text}${suffix}`, value.module);
    return unknownValue(`${value.text}${suffix}`);
  }
  if (value instanceof LazyObject) {
    if (typeof key === 'string' && value.has(key)) return value.get(key);
    throw new EvalError(`the module has no output "${key}"`);
  }
  if (Array.isArray(value)) {
    const index = typeof key === 'number' ? key : /^\d+$/.test(key) ? Number(key) : NaN;
    if (index >= 0 && index < value.length) return value[index];
    throw new EvalError(`index ${JSON.stringify(key)} out of range for a list of ${value.length}`);
  }
  if (isMap(value) && Object.prototype.hasOwnProperty.call(value, String(key))) return value[String(key)];
  throw new EvalError(`${show(value)} has no element ${JSON.stringify(key)}`);
}

/** The elements a `for` or `for_each` walks: [key, value] pairs in Terraform's order. */
export function entriesOf(value: Value): [Value, Value][] | undefined {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  const object = value instanceof LazyObject ? value.materialize() : isMap(value) ? value : undefined;
  if (object === undefined) return undefined;
  return Object.keys(object)
    .sort(compareText)
    .map((k) => [k, object[k]]);
}

function truth(value: Value, what: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new EvalError(`${what} must be true or false, got ${show(value)}`);
}

function numberOf(value: Value): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new EvalError(`expected a number, got ${show(value)}`);
}

function textOf(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new EvalError(`cannot put ${show(value)} in a template`);
}

const ARITHMETIC: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  divide: (a, b) => a / b,
  modulo: (a, b) => a % b,
};

const COMPARISON: Record<string, (a: number, b: number) => boolean> = {
  lessThan: (a, b) => a < b,
  lessThanOrEqual: (a, b) => a <= b,
  greaterThan: (a, b) => a > b,
  greaterThanOrEqual: (a, b) => a >= b,
};

type Node = ExpressionType;
const sourceOf = (node: Node): string => (node.meta as { value?: string } | undefined)?.value ?? '(expression)';

class Evaluator {
  /** @param source the configuration string, for unknowns of the heredoc it was wrapped in */
  public constructor(
    private readonly scope: Scope,
    private readonly source: string,
  ) {}

  public eval(node: Node, quoted: boolean): Value {
    switch (node.type as string) {
      case 'literalValue':
        return this.literal(node, quoted);
      case 'templateWrap':
        return this.eval(node.children[0], quoted);
      case 'template':
        return this.template(node, quoted);
      case 'templateJoin':
        return this.joined(node, quoted);
      case 'tuple':
        return node.children.map((c) => this.eval(c, quoted));
      case 'object':
        return this.object(node, quoted);
      case 'scopeTraversal':
        return this.traversal(node);
      case 'relativeTraversal':
        return this.walk(
          this.eval(node.children[0], quoted),
          (node.meta as { traversal: TerraformTraversalPart[] }).traversal,
        );
      case 'index':
        return this.index(node, quoted);
      case 'splat':
        return this.splat(node, quoted);
      case 'conditional':
        return this.conditional(node, quoted);
      case 'unaryOp':
        return this.unary(node, quoted);
      case 'binaryOp':
        return this.binary(node, quoted);
      case 'function':
        return this.call(node, quoted);
      case 'for':
        return this.forExpression(node, quoted);
      case '':
        // Parentheses.
        if (node.children.length === 1) return this.eval(node.children[0], quoted);
        return unknownValue(sourceOf(node));
      default:
        return unknownValue(sourceOf(node));
    }
  }

  private literal(node: Node, quoted: boolean): Value {
    const meta = node.meta as { type: string; value: string };
    if (meta.type === 'number') return Number(meta.value);
    if (meta.type === 'bool') return meta.value === 'true';
    if (meta.type === 'string') return literalText(meta.value, quoted);
    return null;
  }

  private template(node: Node, inherited: boolean): Value {
    const value = node.meta.value;
    const quoted = value.startsWith('"') ? true : value.startsWith('<<') ? false : inherited;
    const parts = node.children.map((c) => this.eval(c, quoted));
    if (parts.some((p) => p instanceof Opaque || p instanceof LazyObject))
      return unknownValue(value.startsWith('<<') ? this.source : value);
    return parts.map((p) => (p === null ? '' : textOf(p))).join('');
  }

  private joined(node: Node, quoted: boolean): Value {
    const parts = this.eval(node.children[0], quoted);
    if (parts instanceof Opaque || !Array.isArray(parts) || parts.some((p) => p instanceof Opaque))
      return unknownValue(sourceOf(node));
    return parts.map(textOf).join('');
  }

  /** Object constructor: children are key, value, key, value…; a bare key is its own name. */
  private object(node: Node, quoted: boolean): Value {
    const entries: [string, Value][] = [];
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const keyNode = node.children[i];
      let key: Value;
      if (keyNode.children.length === 0) key = this.bareKey(keyNode, node);
      else key = this.eval(keyNode.children[0], quoted);
      if (key instanceof Opaque) return unknownValue(sourceOf(node));
      entries.push([textOf(key), this.eval(node.children[i + 1], quoted)]);
    }
    return objectOf(entries);
  }

  /** A bare key's name: the object's source text at the key's range (ranges are relative to the object). */
  private bareKey(keyNode: Node, objectNode: Node): string {
    const text = Buffer.from(objectNode.meta.value);
    const start = keyNode.range.start.byte - objectNode.range.start.byte;
    const end = keyNode.range.end.byte - objectNode.range.start.byte;
    return text.subarray(start, end).toString().trim();
  }

  private index(node: Node, quoted: boolean): Value {
    const collection = this.eval(node.children[0], quoted);
    const key = this.eval(node.children[1], quoted);
    if (key instanceof Opaque) return unknownValue(sourceOf(node));
    if (typeof key !== 'number' && typeof key !== 'string')
      throw new EvalError(`an index must be a number or a string, got ${show(key)}`);
    return getMember(collection, key, true);
  }

  private traversal(node: Node): Value {
    const parts = (node.meta as { traversal: TerraformTraversalPart[] }).traversal;
    const root = parts[0].segment;
    const bound = this.scope.names.get(root);
    if (bound !== undefined) return this.walk(bound, parts.slice(1));
    const instance = this.scope.instance;
    const name = parts[1]?.type === 'nameTraversal' ? parts[1].segment : undefined;
    const text = sourceOf(node);
    switch (root) {
      case 'var':
        if (name === undefined) break;
        return this.walk(instance.variable(name), parts.slice(2));
      case 'local':
        if (name === undefined) break;
        return this.walk(instance.local(name), parts.slice(2));
      case 'module': {
        const call = name === undefined ? undefined : instance.moduleCall(name);
        if (call === undefined) throw new EvalError(`no module call "${String(name)}"`);
        return this.walk(call, parts.slice(2));
      }
      case 'path':
        return name === 'module' ? instance.pathModule : name === 'root' || name === 'cwd' ? '.' : unknownValue(text);
      case 'terraform':
        return name === 'workspace' ? 'default' : unknownValue(text);
      case 'data':
        if (parts.length < 3) break;
        return this.walk(new Opaque('ref', `data.${name}.${parts[2].segment}`, instance.address), parts.slice(3));
      case 'each':
      case 'count':
      case 'self':
        throw new EvalError(`"${root}" is not available here`);
      default:
        if (name !== undefined && instance.hasResource(root, name))
          return this.walk(new Opaque('ref', `${root}.${name}`, instance.address), parts.slice(2));
    }
    return unknownValue(text);
  }

  private walk(value: Value, parts: readonly TerraformTraversalPart[]): Value {
    let current = value;
    for (const part of parts) current = getMember(current, segmentKey(part), part.type === 'indexTraversal');
    return current;
  }

  private splat(node: Node, quoted: boolean): Value {
    const source = this.eval(node.children[0], quoted);
    if (source instanceof Opaque || source instanceof LazyObject) return unknownValue(sourceOf(node));
    const each = node.children[1];
    const traversal = (each.meta as { traversal?: TerraformTraversalPart[] } | undefined)?.traversal ?? [];
    const items = source === null ? [] : Array.isArray(source) ? source : [source];
    return items.map((item) => this.walk(item, traversal));
  }

  private conditional(node: Node, quoted: boolean): Value {
    const condition = this.eval(node.children[0], quoted);
    if (condition instanceof Opaque) return unknownValue(sourceOf(node));
    return this.eval(node.children[truth(condition, 'a condition') ? 1 : 2], quoted);
  }

  private unary(node: Node, quoted: boolean): Value {
    const value = this.eval(node.children[0], quoted);
    if (value instanceof Opaque) return unknownValue(sourceOf(node));
    const operator = (node.meta as { operator: string }).operator;
    return operator === 'negate' ? -numberOf(value) : !truth(value, 'an operand of !');
  }

  private binary(node: Node, quoted: boolean): Value {
    const operator = (node.meta as { operator: string }).operator;
    const left = this.eval(node.children[0], quoted);
    // && and || need their right side only when the left does not decide.
    if ((operator === 'logicalAnd' || operator === 'logicalOr') && !(left instanceof Opaque)) {
      const l = truth(left, 'an operand');
      if (l === (operator === 'logicalOr')) return l;
    }
    const right = this.eval(node.children[1], quoted);
    if (hasOpaque(left) || hasOpaque(right)) return unknownValue(sourceOf(node));
    if (operator === 'equal' || operator === 'notEqual')
      return (JSON.stringify(left) === JSON.stringify(right)) === (operator === 'equal');
    if (operator === 'logicalAnd' || operator === 'logicalOr') return truth(right, 'an operand');
    if (Object.prototype.hasOwnProperty.call(ARITHMETIC, operator))
      return ARITHMETIC[operator](numberOf(left), numberOf(right));
    if (Object.prototype.hasOwnProperty.call(COMPARISON, operator))
      return COMPARISON[operator](numberOf(left), numberOf(right));
    return unknownValue(sourceOf(node));
  }

  private call(node: Node, quoted: boolean): Value {
    const meta = node.meta as { name: string; expandedFinalArgument: boolean | string };
    if (meta.name === 'try' || meta.name === 'can') return this.tryCall(node, quoted, meta.name === 'can');
    let args = node.children.map((c) => this.eval(c, quoted));
    if (meta.expandedFinalArgument === true || meta.expandedFinalArgument === 'true') {
      const last = args[args.length - 1];
      if (!Array.isArray(last)) return unknownValue(sourceOf(node));
      args = [...args.slice(0, -1), ...last];
    }
    if (meta.name === 'coalesce') return this.coalesce(node, args);
    try {
      return callFunction(meta.name, args) ?? unknownValue(sourceOf(node));
    } catch (e) {
      if (e instanceof EvalError) throw new EvalError(`${sourceOf(node)}: ${e.message}`);
      throw e;
    }
  }

  /** `try(a, b…)`: the first argument that evaluates; `can(a)`: whether it does. */
  private tryCall(node: Node, quoted: boolean, can: boolean): Value {
    for (const child of node.children) {
      try {
        const value = this.eval(child, quoted);
        if (value instanceof Opaque && value.kind === 'unknown') return unknownValue(sourceOf(node));
        return can ? true : value;
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
      }
    }
    if (can) return false;
    throw new EvalError(`${sourceOf(node)}: no argument could be evaluated`);
  }

  private coalesce(node: Node, args: Value[]): Value {
    for (const arg of args) {
      if (arg instanceof Opaque || arg instanceof LazyObject) return unknownValue(sourceOf(node));
      if (arg !== null && arg !== '') return arg;
    }
    throw new EvalError(`${sourceOf(node)}: no non-null, non-empty argument`);
  }

  private forExpression(node: Node, quoted: boolean): Value {
    const meta = node.meta as {
      keyVar: string;
      valVar: string;
      groupedValue: boolean;
      openRangeValue: string;
      conditionalExpression?: string;
    };
    const collection = this.eval(node.children[0], quoted);
    const entries = collection instanceof Opaque ? undefined : entriesOf(collection);
    if (entries === undefined || hasOpaque(collection)) {
      if (entries === undefined && !(collection instanceof Opaque))
        throw new EvalError(`cannot iterate over ${show(collection)}`);
      return unknownValue(sourceOf(node));
    }
    const isObject = meta.openRangeValue.trim() === '{';
    const keyNode = isObject ? node.children[1] : undefined;
    const valueNode = node.children[isObject ? 2 : 1];
    const conditionNode = meta.conditionalExpression ? node.children[isObject ? 3 : 2] : undefined;
    const keys: string[] = [];
    const values: Value[] = [];
    for (const [k, v] of entries) {
      const names: Record<string, Value> = meta.keyVar ? { [meta.keyVar]: k, [meta.valVar]: v } : { [meta.valVar]: v };
      const inner = new Evaluator(withNames(this.scope, names), this.source);
      if (conditionNode !== undefined) {
        const keep = inner.eval(conditionNode, quoted);
        if (keep instanceof Opaque) return unknownValue(sourceOf(node));
        if (!truth(keep, 'a for condition')) continue;
      }
      if (keyNode !== undefined) {
        const key = inner.eval(keyNode, quoted);
        if (key instanceof Opaque) return unknownValue(sourceOf(node));
        keys.push(textOf(key));
      }
      values.push(inner.eval(valueNode, quoted));
    }
    if (!isObject) return values;
    return this.collect(keys, values, meta.groupedValue);
  }

  private collect(keys: string[], values: Value[], grouped: boolean): Value {
    const result = objectOf([]);
    keys.forEach((key, i) => {
      const has = Object.prototype.hasOwnProperty.call(result, key);
      if (has && !grouped) throw new EvalError(`duplicate key "${key}" in a for expression`);
      const value = grouped ? [...(has ? (result[key] as Value[]) : []), values[i]] : values[i];
      setMember(result, key, value);
    });
    return result;
  }
}
