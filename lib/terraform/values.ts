// SPDX-License-Identifier: Apache-2.0
/**
 * Typed access to resource attributes. Every getter returns a model `Maybe`: a value the
 * document states, or an `unknown` naming the expression or attribute it could not resolve.
 * References are followed within the document: `${azurerm_subnet.fw.name}` (cdk.tf.json),
 * or, for a plan value that is known only after apply, the configuration's `references`.
 */
import type { Maybe } from '../model/types';
import { isUnknown, unknown } from '../model/types';
import type { TfDocument, TfResource } from './document';
import { isObject } from './document';

type Segment = string | number;

/** What an attribute turned out to be. */
export type Resolved =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'resource'; readonly resource: TfResource; readonly expression: string }
  | { readonly kind: 'variable'; readonly name: string; readonly sensitive: boolean; readonly expression: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'absent' };

/** The far end of an id attribute: the resource when it is in the document, its name and address. */
export interface Target {
  readonly resource?: TfResource;
  readonly name: Maybe<string>;
  readonly address: Maybe<string>;
}

const TRAVERSAL = /^(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)(?:\[([^\]]*)\])?((?:\.[a-z0-9_]+)*)$/;
const MAX_DEPTH = 8;

/** Looks up resources by address, id and module within one document. */
export class DocumentIndex {
  private readonly byKey = new Map<string, TfResource[]>();
  private readonly byId = new Map<string, TfResource>();
  /** Resolved `${…}` expressions by module and text, filled by the readers (results are never changed). */
  public readonly expressions = new Map<string, Resolved>();
  /** Targets of id attributes by resource, filled by the readers (results are never changed). */
  public readonly targets = new Map<TfResource, Target>();

  public constructor(public readonly doc: TfDocument) {
    for (const r of doc.resources) {
      const key = `${r.module}|${r.mode}|${r.type}.${r.name}`;
      const same = this.byKey.get(key);
      if (same === undefined) this.byKey.set(key, [r]);
      else same.push(r);
      if (typeof r.values.id === 'string') this.byId.set(r.values.id.toLowerCase(), r);
    }
  }

  /** The resource with this configuration address in `module` (first instance when indexed). */
  public find(module: string, mode: 'managed' | 'data', type: string, name: string, index?: string): TfResource | undefined {
    const all = this.byKey.get(`${module}|${mode}|${type}.${name}`) ?? [];
    if (index === undefined) return all[0];
    return all.find((r) => r.address.endsWith(`[${index}]`)) ?? all[0];
  }

  /** The resource whose known `id` is this Azure resource id. */
  public findById(id: string): TfResource | undefined {
    return this.byId.get(id.toLowerCase());
  }

  public reader(resource: TfResource): AttributeReader {
    return new AttributeReader(this, resource, []);
  }
}

/** One step of a walk; a single object stands for a one-element block list. */
function step(current: unknown, segment: Segment): unknown {
  if (current === undefined || current === null) return undefined;
  if (typeof segment === 'number') {
    if (Array.isArray(current)) return current[segment];
    return segment === 0 && isObject(current) ? current : undefined;
  }
  return isObject(current) ? current[segment] : undefined;
}

/** Walks a JSON value; a single object stands for a one-element block list. */
function dig(value: unknown, path: readonly Segment[]): unknown {
  let current = value;
  for (const segment of path) current = step(current, segment);
  return current;
}

/** Marks a reader whose value at its base has not been looked up yet. */
const NOT_YET = Symbol('not yet');

/** True when `after_unknown` marks the path (or one of its ancestors) as known after apply. */
function markedUnknown(tree: unknown, path: readonly Segment[]): boolean {
  // One walk down the path (not a dig from the root per ancestor): this runs for every attribute read.
  let current = tree;
  for (let i = 0; ; i++) {
    if (current === true) return true;
    if (i === path.length || typeof current !== 'object' || current === null) return false;
    current = step(current, path[i]);
  }
}

function pathText(path: readonly Segment[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
}

/** Reads attributes of one resource, or of one nested block of it. */
export class AttributeReader {
  /** What could not be read, in words; the caller turns these into read problems. */
  public readonly problems: string[];
  /** The value at `base`, looked up once: every attribute read starts from it. */
  private here: unknown = NOT_YET;

  public constructor(
    private readonly index: DocumentIndex,
    public readonly resource: TfResource,
    private readonly base: readonly Segment[],
    problems: string[] = [],
  ) {
    this.problems = problems;
  }

  /** Readers for each element of a nested block list (`rule`, `ip_configuration`). */
  public blocks(name: string): AttributeReader[] {
    const path = [...this.base, name];
    if (markedUnknown(this.resource.unknowns, path)) {
      this.problems.push(`block ${pathText(path)} is known only after apply`);
      return [];
    }
    const raw = dig(this.resource.values, path);
    if (raw === undefined || raw === null) return [];
    if (isObject(raw)) return [new AttributeReader(this.index, this.resource, [...path, 0], this.problems)];
    if (!Array.isArray(raw)) {
      this.problems.push(`${pathText(path)} is not a block`);
      return [];
    }
    return raw.map((_, i) => new AttributeReader(this.index, this.resource, [...path, i], this.problems));
  }

  /** The attribute's raw value: `dig(values, [...base, name])` without building the path. */
  private valueOf(name: Segment): unknown {
    if (this.here === NOT_YET) this.here = dig(this.resource.values, this.base);
    return step(this.here, name);
  }

  /** True when the attribute is set (to anything, known or not). */
  public has(name: string): boolean {
    if (this.resource.unknowns !== undefined && markedUnknown(this.resource.unknowns, [...this.base, name])) return true;
    return this.valueOf(name) !== undefined;
  }

  /** What the attribute is: a value, a reference to a resource or variable, unknown, or absent. */
  public resolve(name: string): Resolved {
    // Only plans mark values unknown; a cdk.tf.json read needs no path for the unknown walk.
    if (this.resource.unknowns !== undefined) return this.resolvePath([...this.base, name], 0);
    return this.resolveRaw(this.valueOf(name), 0);
  }

  private resolvePath(path: readonly Segment[], depth: number): Resolved {
    if (markedUnknown(this.resource.unknowns, path)) return this.fromConfiguration(path, depth);
    return this.resolveRaw(dig(this.resource.values, path), depth);
  }

  private resolveRaw(raw: unknown, depth: number): Resolved {
    if (raw === undefined || raw === null) return { kind: 'absent' };
    if (typeof raw === 'string' && raw.includes('${')) return this.expression(raw, depth);
    return { kind: 'value', value: raw };
  }

  private fromConfiguration(path: readonly Segment[], depth: number): Resolved {
    const expression = dig(this.resource.expressions, path);
    const references = isObject(expression) && Array.isArray(expression.references) ? expression.references : [];
    // Terraform lists `a.b.id` and then `a.b`; only the most specific reference counts, and
    // an expression built from several references is not one resource's attribute.
    const texts = references.map(String);
    const specific = texts.filter((t) => !texts.some((o) => o !== t && (o.startsWith(`${t}.`) || o.startsWith(`${t}[`))));
    const reason = `${this.resource.address}.${pathText(path)} (known after apply)`;
    if (specific.length !== 1) return { kind: 'unknown', reason };
    const resolved = this.traversal(specific[0], depth, this.resource.module);
    return resolved.kind === 'unknown' ? { kind: 'unknown', reason: `${specific[0]} (known after apply)` } : resolved;
  }

  private expression(text: string, depth: number): Resolved {
    // A reference resolves the same wherever it is read from in its module: resolve each once per document.
    if (depth !== 0) return this.expressionUncached(text, depth);
    const key = `${this.resource.module}\u0000${text}`;
    let resolved = this.index.expressions.get(key);
    if (resolved === undefined) this.index.expressions.set(key, (resolved = this.expressionUncached(text, depth)));
    return resolved;
  }

  private expressionUncached(text: string, depth: number): Resolved {
    const match = /^\$\{([^{}]+)\}$/.exec(text.trim());
    if (!match) return { kind: 'unknown', reason: text };
    return this.traversal(match[1].trim(), depth, this.resource.module, text);
  }

  /** Follows `type.name.attr`, `data.type.name.attr`, `var.name` or a child module's output within `module`. */
  private traversal(text: string, depth: number, module: string, original = text): Resolved {
    const output = /^module\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)/.exec(text);
    if (output && depth < MAX_DEPTH) {
      const child = module === '' ? `module.${output[1]}` : `${module}.module.${output[1]}`;
      for (const reference of this.index.doc.moduleOutputs?.get(`${child}|${output[2]}`) ?? []) {
        const resolved = this.traversal(reference, depth + 1, child);
        if (resolved.kind === 'resource' || resolved.kind === 'value') return resolved;
      }
      return { kind: 'unknown', reason: original };
    }
    const variable = /^var\.([A-Za-z0-9_-]+)$/.exec(text);
    if (variable) {
      const spec = this.index.doc.variables.get(variable[1]);
      return { kind: 'variable', name: variable[1], sensitive: spec?.sensitive === true, expression: `var.${variable[1]}` };
    }
    const match = TRAVERSAL.exec(text);
    if (!match || match[2] === 'var' || match[2] === 'local' || match[2] === 'module') {
      return { kind: 'unknown', reason: original };
    }
    const [, data, type, name, index, attrs] = match;
    const target = this.index.find(module, data ? 'data' : 'managed', type, name, index?.replace(/"/g, ''));
    if (target === undefined) return { kind: 'unknown', reason: original };
    const attributes = attrs.split('.').filter((a) => a !== '');
    if (attributes.length === 0 || attributes[0] === 'id') return { kind: 'resource', resource: target, expression: text };
    if (depth >= MAX_DEPTH) return { kind: 'unknown', reason: original };
    const resolved = new AttributeReader(this.index, target, []).resolvePath(attributes, depth + 1);
    return resolved.kind === 'absent' ? { kind: 'unknown', reason: original } : resolved;
  }

  /**
   * The resource a single-reference attribute points at, whatever attribute of it is used
   * (`${data.azurerm_key_vault_secret.psk.value}` → the data source).
   */
  public referencedResource(name: string): TfResource | undefined {
    const path = [...this.base, name];
    const raw = dig(this.resource.values, path);
    const expression = dig(this.resource.expressions, path);
    let text: string | undefined;
    if (typeof raw === 'string' && /^\$\{[^{}]+\}$/.test(raw.trim())) text = raw.trim().slice(2, -1).trim();
    else if (isObject(expression) && Array.isArray(expression.references) && expression.references.length > 0) text = String(expression.references[0]);
    const match = text === undefined ? null : TRAVERSAL.exec(text);
    if (!match) return undefined;
    return this.index.find(this.resource.module, match[1] ? 'data' : 'managed', match[2], match[3], match[4]?.replace(/"/g, ''));
  }

  private fail<T>(name: string, expected: string, value: unknown): Maybe<T> {
    const where = pathText([...this.base, name]);
    this.problems.push(`${where} is ${JSON.stringify(value)}, expected ${expected}`);
    return unknown(`${this.resource.address}.${where} (unreadable)`);
  }

  private scalar<T>(name: string, expected: string, accept: (v: unknown) => T | undefined): Maybe<T> | undefined {
    const resolved = this.resolve(name);
    switch (resolved.kind) {
      case 'absent':
        return undefined;
      case 'unknown':
        return unknown(resolved.reason);
      case 'variable':
      case 'resource':
        return unknown(resolved.expression);
      case 'value': {
        const accepted = accept(resolved.value);
        return accepted === undefined ? this.fail<T>(name, expected, resolved.value) : accepted;
      }
    }
  }

  /** A string attribute (numbers are turned into their decimal text). */
  public str(name: string): Maybe<string> | undefined {
    return this.scalar(name, 'a string', (v) =>
      typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined,
    );
  }

  /** A whole-number attribute (every azurerm number clinicnet reads: priorities, minutes, ASNs, seconds). */
  public num(name: string): Maybe<number> | undefined {
    return this.scalar(name, 'a whole number', (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
      return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
    });
  }

  public bool(name: string): Maybe<boolean> | undefined {
    return this.scalar(name, 'true or false', (v) =>
      typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined,
    );
  }

  /** The attribute as plain text when it is present and known, else undefined. */
  public text(name: string): string | undefined {
    const value = this.str(name);
    return value === undefined || isUnknown(value) ? undefined : value;
  }

  /** A list of strings; unknown elements (or an unknown list) become unknowns. */
  public strings(name: string): Maybe<string>[] {
    const resolved = this.resolve(name);
    if (resolved.kind === 'absent') return [];
    if (resolved.kind === 'unknown') return [unknown(resolved.reason)];
    if (resolved.kind !== 'value') return [unknown(resolved.expression)];
    if (!Array.isArray(resolved.value)) return [this.fail<string>(name, 'a list of strings', resolved.value)];
    const list = resolved.value;
    const planned = this.resource.unknowns !== undefined;
    return list.map((_, i) => {
      const element = planned ? this.resolvePath([...this.base, name, i], 0) : this.resolveRaw(list[i], 0);
      if (element.kind === 'value' && (typeof element.value === 'string' || typeof element.value === 'number')) {
        return String(element.value);
      }
      if (element.kind === 'unknown') return unknown(element.reason);
      if (element.kind === 'resource' || element.kind === 'variable') return unknown(element.expression);
      return this.fail<string>(`${name}[${i}]`, 'a string', element.kind === 'value' ? element.value : null);
    });
  }

  /** The resource an id attribute points at (`subnet_id`, `firewall_policy_id`). */
  public target(name: string): Target | undefined {
    const resolved = this.resolve(name);
    switch (resolved.kind) {
      case 'absent':
        return undefined;
      case 'resource':
        return this.targetOf(resolved.resource);
      case 'value': {
        if (typeof resolved.value !== 'string') return { name: this.fail(name, 'a resource id', resolved.value), address: unknown(String(resolved.value)) };
        const found = this.index.findById(resolved.value);
        if (found) return this.targetOf(found);
        const last = resolved.value.split('/').filter((s) => s !== '').pop() ?? resolved.value;
        return { name: last, address: resolved.value };
      }
      case 'variable':
        return { name: unknown(resolved.expression), address: unknown(resolved.expression) };
      case 'unknown':
        return { name: unknown(resolved.reason), address: unknown(resolved.reason) };
    }
  }

  private targetOf(resource: TfResource): Target {
    // Many attributes point at the same few resources (subnets, gateways): read each one's name once per document.
    let target = this.index.targets.get(resource);
    if (target === undefined) {
      target = { resource, name: this.index.reader(resource).str('name') ?? unknown(`${resource.address}.name`), address: resource.address };
      this.index.targets.set(resource, target);
    }
    return target;
  }
}
