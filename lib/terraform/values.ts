// SPDX-License-Identifier: Apache-2.0
/**
 * Typed access to resource attributes. Every getter returns a model `Maybe`: a value the
 * document states, or an `unknown` naming the expression or attribute it could not resolve.
 * References are followed within the document: `${azurerm_subnet.fw.name}` (cdk.tf.json),
 * or, for a plan value that is known only after apply, the configuration's `references`.
 */
import { memoByText } from '../core/memo';
import type { Maybe } from '../model/types';
import { isUnknown, unknown } from '../model/types';
import type { TfDocument, TfResource } from './document';
import { isObject } from './document';
import { ownerOfId } from './resource-ids';

type Segment = string | number;

/** What an attribute turned out to be. */
export type Resolved =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'resource'; readonly resource: TfResource; readonly expression: string }
  | {
      readonly kind: 'variable';
      readonly name: string;
      readonly sensitive: boolean;
      readonly hasDefault: boolean;
      readonly expression: string;
    }
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
/** `${azurerm_virtual_network.x.id}/subnets/NAME`: a subnet id built from its VNet's. */
const SUBNET_OF_VNET = /^\$\{([^{}]+)\}\/subnets\/([^/${}]+)$/;

/** A resource traversal taken apart: `data.azurerm_key_vault_secret.psk.value`. */
interface ResourceReference {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index: string | undefined;
  /** Attributes after the resource; empty when the traversal names the resource or its id. */
  readonly attributes: readonly string[];
  /** The index key of the resource in the root module. */
  readonly rootKey: string;
}

/** The traversal inside a whole-value `${…}`, or null for any other text. */
const unwrap = memoByText((text): string | null => {
  const match = /^\$\{([^{}]+)\}$/.exec(text.trim());
  return match ? match[1].trim() : null;
});

/** A traversal of a managed resource or data source; null for anything else (`var.x`, `local.y`). */
const parseReference = memoByText((text): ResourceReference | null => {
  const match = TRAVERSAL.exec(text);
  if (!match || match[2] === 'var' || match[2] === 'local' || match[2] === 'module') return null;
  const [, data, type, name, index, attrs] = match;
  const attributes =
    attrs === '' || attrs === '.id' || attrs.startsWith('.id.') ? [] : attrs.split('.').filter((a) => a !== '');
  const mode = data ? 'data' : 'managed';
  return { mode, type, name, index: index?.replace(/"/g, ''), attributes, rootKey: resourceKey('', mode, type, name) };
});

/** Terraform lists `a.b.id` and then `a.b`: only the most specific references count. */
function mostSpecific(texts: readonly string[]): string[] {
  return texts.filter((t) => !texts.some((o) => o !== t && (o.startsWith(`${t}.`) || o.startsWith(`${t}[`))));
}

/** The module that calls `module` (`module.a["x"].module.b` → `module.a["x"]`, `module.a` → root). */
function parentModule(module: string): string {
  const at = module.lastIndexOf('.module.');
  return at < 0 ? '' : module.slice(0, at);
}

/** Looks up resources by address, id and module within one document. */
export class DocumentIndex {
  // Instances by configuration address; for root-module managed resources the key is
  // `type.name`, which a cdk.tf.json resource's address already is.
  private readonly byKey = new Map<string, TfResource[]>();
  /** Every resource stating each id (lowercase): an association shares its subnet's id. */
  private readonly byId = new Map<string, TfResource[]>();
  /** Resolved `${…}` expressions by module and text, filled by the readers (results are never changed). */
  public readonly expressions = new Map<string, Map<string, Resolved>>();
  /** Targets of id attributes by resource, filled by the readers (results are never changed). */
  public readonly targets = new Map<TfResource, Target>();

  public constructor(public readonly doc: TfDocument) {
    for (const r of doc.resources) {
      const key =
        // An instance of count/for_each read from HCL (`x.y["a"]`) is keyed by its configuration address.
        !r.planned && r.mode === 'managed' && r.module === '' && !r.address.endsWith(']')
          ? r.address
          : resourceKey(r.module, r.mode, r.type, r.name);
      const same = this.byKey.get(key);
      if (same === undefined) this.byKey.set(key, [r]);
      else same.push(r);
      // Only a plan states ids (a cdk.tf.json cannot set a computed `id`), so only plans are indexed by id.
      if (r.planned && typeof r.values.id === 'string') {
        const id = r.values.id.toLowerCase();
        const sharing = this.byId.get(id);
        if (sharing === undefined) this.byId.set(id, [r]);
        else sharing.push(r);
      }
    }
  }

  /** The resource with this configuration address in `module` (first instance when indexed). */
  public find(
    module: string,
    mode: 'managed' | 'data',
    type: string,
    name: string,
    index?: string,
  ): TfResource | undefined {
    return this.instance(this.byKey.get(resourceKey(module, mode, type, name)), index);
  }

  /** The resource a parsed traversal names in `module` (its key is built once per traversal text). */
  public findReference(module: string, reference: ResourceReference): TfResource | undefined {
    const key = module === '' ? reference.rootKey : resourceKey(module, reference.mode, reference.type, reference.name);
    return this.instance(this.byKey.get(key), reference.index);
  }

  private instance(all: readonly TfResource[] | undefined, index: string | undefined): TfResource | undefined {
    if (all === undefined) return undefined;
    if (index === undefined) return all[0];
    // for_each instances are addressed with quoted keys (`x.y["a"]`), count instances with numbers.
    return all.find((r) => r.address.endsWith(`[${index}]`) || r.address.endsWith(`["${index}"]`)) ?? all[0];
  }

  /** The resource this Azure resource id names, by the id's own type (never an association sharing it). */
  public findById(id: string): TfResource | undefined {
    const sharing = this.byId.get(id.toLowerCase());
    return sharing === undefined ? undefined : ownerOfId(id, sharing);
  }

  public reader(resource: TfResource): AttributeReader {
    return new AttributeReader(this, resource, undefined, undefined, resource.values);
  }
}

function resourceKey(module: string, mode: 'managed' | 'data', type: string, name: string): string {
  return module === '' && mode === 'managed' ? `${type}.${name}` : `${module}|${mode}|${type}.${name}`;
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

const ABSENT: Resolved = { kind: 'absent' };

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
  return path
    .map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`))
    .join('')
    .replace(/^\./, '');
}

/** Accepts a string attribute (numbers are turned into their decimal text). */
const acceptString = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Accepts a whole number (every azurerm number clinicnet reads: priorities, minutes, ASNs, seconds). */
const acceptWholeNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
};

const acceptBoolean = (v: unknown): boolean | undefined =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;

/** True for a raw value that is itself the attribute's value: not absent, not a `${…}` expression. */
function isPlainValue(raw: unknown): boolean {
  return raw !== undefined && raw !== null && (typeof raw !== 'string' || !raw.includes('${'));
}

/** A list element that is its own text: a string that is not a `${…}` expression. */
const isLiteralText = (value: unknown): boolean => typeof value === 'string' && !value.includes('${');

/** True when every element is its own text (a loop: this runs for every list attribute read). */
function allLiteralText(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (!isLiteralText(list[i])) return false;
  return true;
}

/** Something a reader could not read: in words, and where in the resource's values. */
export interface AttributeProblem {
  readonly message: string;
  /**
   * Path from the resource's values to the attribute (`nat_rule_collection`, 0, `rule`, 1,
   * `source_addresses`), so the severity of the unknown can follow the attribute; empty for
   * the resource as a whole.
   */
  readonly path: readonly Segment[];
}

/** The path as Terraform writes it: `nat_rule_collection[0].rule[1].source_addresses`. */
export function attributeText(path: readonly Segment[]): string {
  return pathText(path);
}

/** Reads attributes of one resource, or of one nested block of it. */
export class AttributeReader {
  /** Allocated on first use: almost every read has nothing to report. */
  private problemList: AttributeProblem[] | undefined;
  private basePath: readonly Segment[] | undefined;

  /**
   * @param parent the reader of the enclosing block; undefined for the resource itself
   * @param segment where this block sits in `parent` (name, then element index)
   * @param here the value at this reader's path, when the caller already has it
   */
  public constructor(
    private readonly index: DocumentIndex,
    public readonly resource: TfResource,
    private readonly parent?: AttributeReader,
    private readonly segment?: Segment,
    private here: unknown = NOT_YET,
  ) {}

  /** What could not be read (shared by a resource's block readers); the caller turns these into read problems. */
  public get problems(): AttributeProblem[] {
    if (this.problemList === undefined) this.problemList = this.parent !== undefined ? this.parent.problems : [];
    return this.problemList;
  }

  /**
   * Records what could not be read about attribute `name` of this block (the block itself
   * when `name` is undefined), so its severity can follow the attribute.
   */
  public problem(message: string, name?: Segment): void {
    this.problems.push({ message, path: name === undefined ? this.base : [...this.base, name] });
  }

  /** True when something could not be read (without allocating the list). */
  public get hasProblems(): boolean {
    if (this.parent !== undefined) return this.parent.hasProblems;
    return this.problemList !== undefined && this.problemList.length > 0;
  }

  /** The path from the resource's values to this block, built only when a message or a plan walk needs it. */
  private get base(): readonly Segment[] {
    if (this.basePath === undefined) {
      this.basePath =
        this.parent === undefined || this.segment === undefined ? [] : [...this.parent.base, this.segment];
    }
    return this.basePath;
  }

  /** A reader one step below this one (`rule`, then its element `0`). */
  private child(segment: Segment, here: unknown): AttributeReader {
    return new AttributeReader(this.index, this.resource, this, segment, here);
  }

  /** Readers for each element of a nested block list (`rule`, `ip_configuration`). */
  public blocks(name: string): AttributeReader[] {
    if (this.resource.unknowns !== undefined && markedUnknown(this.resource.unknowns, [...this.base, name])) {
      const path = [...this.base, name];
      const why = markedUnknown(this.resource.sensitive, path)
        ? 'is sensitive in the plan'
        : 'is known only after apply';
      this.problems.push({ message: `block ${pathText(path)} ${why}`, path });
      return [];
    }
    const raw = this.valueOf(name);
    if (raw === undefined || raw === null) return [];
    if (isObject(raw)) return [this.child(name, NOT_YET).child(0, raw)];
    if (!Array.isArray(raw)) {
      this.problem(`${pathText([...this.base, name])} is not a block`, name);
      return [];
    }
    const list = this.child(name, raw);
    const readers = new Array<AttributeReader>(raw.length);
    for (let i = 0; i < raw.length; i++) readers[i] = list.child(i, raw[i]);
    return readers;
  }

  /** The attribute's raw value: `dig(values, [...base, name])` without building the path. */
  private valueOf(name: Segment): unknown {
    if (this.here === NOT_YET) this.here = dig(this.resource.values, this.base);
    return step(this.here, name);
  }

  /** True when the attribute is set (to anything, known or not). */
  public has(name: string): boolean {
    if (this.resource.unknowns !== undefined && markedUnknown(this.resource.unknowns, [...this.base, name]))
      return true;
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
    if (raw === undefined || raw === null) return ABSENT;
    if (typeof raw === 'string' && raw.includes('${')) return this.expression(raw, depth);
    return { kind: 'value', value: raw };
  }

  private fromConfiguration(path: readonly Segment[], depth: number): Resolved {
    const expression = dig(this.resource.expressions, path);
    const references = isObject(expression) && Array.isArray(expression.references) ? expression.references : [];
    // Terraform lists `a.b.id` and then `a.b`; only the most specific reference counts, and
    // an expression built from several references is not one resource's attribute.
    const specific = mostSpecific(references.map(String));
    const why = markedUnknown(this.resource.sensitive, path) ? 'sensitive in the plan' : 'known after apply';
    const reason = `${this.resource.address}.${pathText(path)} (${why})`;
    if (specific.length !== 1) return { kind: 'unknown', reason };
    const traversal = this.eachValue(specific[0]) ?? specific[0];
    const resolved = this.traversal(traversal, depth, this.resource.module);
    return resolved.kind === 'unknown' ? { kind: 'unknown', reason: `${specific[0]} (known after apply)` } : resolved;
  }

  /**
   * `each.value.x` of a plan instance as the traversal it stands for: when the resource's
   * `for_each` is one resource (`for_each = azurerm_subnet.s`), `azurerm_subnet.s["key"].x` with
   * this instance's key; undefined for anything else (which then stays unknown).
   */
  private eachValue(text: string): string | undefined {
    if (!text.startsWith('each.value') || this.resource.forEach === undefined) return undefined;
    const over = mostSpecific(this.resource.forEach);
    const key = /(\["[^"]*"\])$/.exec(this.resource.address);
    if (over.length !== 1 || key === null || parseReference(over[0]) === null) return undefined;
    return `${over[0]}${key[1]}${text.slice('each.value'.length)}`;
  }

  /** A module's `var.X` followed to what its caller passes (plans), resolved in the calling module. */
  private moduleInput(name: string, depth: number, module: string): Resolved | undefined {
    const input = this.index.doc.moduleInputs?.get(`${module.replace(/\[[^\]]*\]/g, '')}|${name}`);
    if (input === undefined) return undefined;
    if (input.constant !== undefined) return { kind: 'value', value: input.constant };
    const specific = mostSpecific(input.references);
    const reason = `var.${name} of ${module}`;
    if (specific.length !== 1 || depth >= MAX_DEPTH) return { kind: 'unknown', reason };
    const resolved = this.traversal(specific[0], depth + 1, parentModule(module));
    return resolved.kind === 'unknown' ? { kind: 'unknown', reason } : resolved;
  }

  private expression(text: string, depth: number): Resolved {
    // A reference resolves the same wherever it is read from in its module: resolve each once per document.
    if (depth !== 0) return this.expressionUncached(text, depth);
    let inModule = this.index.expressions.get(this.resource.module);
    if (inModule === undefined)
      this.index.expressions.set(this.resource.module, (inModule = new Map<string, Resolved>()));
    let resolved = inModule.get(text);
    if (resolved === undefined) inModule.set(text, (resolved = this.expressionUncached(text, depth)));
    return resolved;
  }

  private expressionUncached(text: string, depth: number): Resolved {
    const inner = unwrap(text);
    if (inner === null) return { kind: 'unknown', reason: text };
    return this.traversal(inner, depth, this.resource.module, text);
  }

  /** Follows `type.name.attr`, `data.type.name.attr`, `var.name` or a child module's output within `module`. */
  private traversal(text: string, depth: number, module: string, original = text): Resolved {
    // A module call instance may carry its key (`module.clinic["a"].out`, from HCL for_each).
    const output = text.startsWith('module.')
      ? /^module\.([A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([A-Za-z0-9_-]+)/.exec(text)
      : null;
    if (output && depth < MAX_DEPTH) {
      const child = module === '' ? `module.${output[1]}` : `${module}.module.${output[1]}`;
      for (const reference of this.index.doc.moduleOutputs?.get(`${child}|${output[2]}`) ?? []) {
        const resolved = this.traversal(reference, depth + 1, child);
        if (resolved.kind === 'resource' || resolved.kind === 'value') return resolved;
      }
      return { kind: 'unknown', reason: original };
    }
    const variable = text.startsWith('var.') ? /^var\.([A-Za-z0-9_-]+)$/.exec(text) : null;
    const passed = variable && module !== '' ? this.moduleInput(variable[1], depth, module) : undefined;
    if (passed !== undefined) return passed;
    if (variable) {
      const spec = this.index.doc.variables.get(variable[1]);
      return {
        kind: 'variable',
        name: variable[1],
        sensitive: spec?.sensitive === true,
        hasDefault: spec?.hasDefault === true,
        expression: `var.${variable[1]}`,
      };
    }
    const reference = parseReference(text);
    if (reference === null) return { kind: 'unknown', reason: original };
    const target = this.index.findReference(module, reference);
    if (target === undefined) return { kind: 'unknown', reason: original };
    if (reference.attributes.length === 0) return { kind: 'resource', resource: target, expression: text };
    if (depth >= MAX_DEPTH) return { kind: 'unknown', reason: original };
    const resolved = this.index.reader(target).resolvePath(reference.attributes, depth + 1);
    return resolved.kind === 'absent' ? { kind: 'unknown', reason: original } : resolved;
  }

  /**
   * The resource a single-reference attribute points at, whatever attribute of it is used
   * (`${data.azurerm_key_vault_secret.psk.value}` → the data source).
   */
  public referencedResource(name: string): TfResource | undefined {
    const raw = this.valueOf(name);
    // Only plans carry configuration expressions: a cdk.tf.json read builds no path for them.
    const expression =
      this.resource.expressions === undefined ? undefined : dig(this.resource.expressions, [...this.base, name]);
    // A literal (no `${`) is no reference: it is not looked up in the memo (hashing every name showed in profiles).
    let text = typeof raw === 'string' && raw.includes('${') ? unwrap(raw) : null;
    if (
      text === null &&
      isObject(expression) &&
      Array.isArray(expression.references) &&
      typeof expression.references[0] === 'string'
    )
      text = expression.references[0];
    const reference = text === null ? null : parseReference(text);
    if (reference === null) return undefined;
    return this.index.findReference(this.resource.module, reference);
  }

  private fail<T>(name: string, expected: string, value: unknown, element?: number): Maybe<T> {
    const path = element === undefined ? [...this.base, name] : [...this.base, name, element];
    const where = pathText(path);
    this.problems.push({ message: `${where} is ${JSON.stringify(value)}, expected ${expected}`, path });
    return unknown(`${this.resource.address}.${where} (unreadable)`);
  }

  private scalar<T>(name: string, expected: string, accept: (v: unknown) => T | undefined): Maybe<T> | undefined {
    if (this.resource.unknowns === undefined) {
      // Most reads are of a literal in a cdk.tf.json: accept it without building a Resolved.
      const raw = this.valueOf(name);
      if (raw === undefined || raw === null) return undefined;
      if (isPlainValue(raw)) {
        const accepted = accept(raw);
        return accepted === undefined ? this.fail<T>(name, expected, raw) : accepted;
      }
    }
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
    return this.scalar(name, 'a string', acceptString);
  }

  /** A whole-number attribute (every azurerm number clinicnet reads: priorities, minutes, ASNs, seconds). */
  public num(name: string): Maybe<number> | undefined {
    return this.scalar(name, 'a whole number', acceptWholeNumber);
  }

  public bool(name: string): Maybe<boolean> | undefined {
    return this.scalar(name, 'true or false', acceptBoolean);
  }

  /** The attribute as plain text when it is present and known, else undefined. */
  public text(name: string): string | undefined {
    const value = this.str(name);
    return value === undefined || isUnknown(value) ? undefined : value;
  }

  /** A list of strings; unknown elements (or an unknown list) become unknowns. */
  public strings(name: string): Maybe<string>[] {
    if (this.resource.unknowns === undefined) {
      // Most lists in a cdk.tf.json are literal texts: copy them without building a Resolved.
      const raw = this.valueOf(name);
      if (raw === undefined || raw === null) return [];
      if (Array.isArray(raw) && allLiteralText(raw)) return raw.slice() as string[];
    }
    const resolved = this.resolve(name);
    if (resolved.kind === 'absent') return [];
    if (resolved.kind === 'unknown') return [unknown(resolved.reason)];
    if (resolved.kind !== 'value') return [unknown(resolved.expression)];
    if (!Array.isArray(resolved.value)) return [this.fail<string>(name, 'a list of strings', resolved.value)];
    const list = resolved.value;
    const planned = this.resource.unknowns !== undefined;
    if (!planned && allLiteralText(list)) return list.slice() as string[];
    return list.map((_, i) => {
      const raw: unknown = list[i];
      if (!planned && (typeof raw === 'string' || typeof raw === 'number') && isPlainValue(raw)) return String(raw);
      const element = planned ? this.resolvePath([...this.base, name, i], 0) : this.resolveRaw(list[i], 0);
      if (element.kind === 'value' && (typeof element.value === 'string' || typeof element.value === 'number')) {
        return String(element.value);
      }
      if (element.kind === 'unknown') return unknown(element.reason);
      if (element.kind === 'resource' || element.kind === 'variable') return unknown(element.expression);
      return this.fail<string>(name, 'a string', element.kind === 'value' ? element.value : null, i);
    });
  }

  /** The resource an id attribute points at (`subnet_id`, `firewall_policy_id`). */
  public target(name: string): Target | undefined {
    const child = this.childIdOf(name);
    if (child !== undefined) return child;
    const resolved = this.resolve(name);
    switch (resolved.kind) {
      case 'absent':
        return undefined;
      case 'resource':
        return this.targetOf(resolved.resource);
      case 'value': {
        if (typeof resolved.value !== 'string') {
          // Never String() a value from input: `{"toString": null}` would throw.
          const unreadable = this.fail<string>(name, 'a resource id', resolved.value);
          return { name: unreadable, address: unreadable };
        }
        const found = this.index.findById(resolved.value);
        if (found) return this.targetOf(found);
        const last =
          resolved.value
            .split('/')
            .filter((s) => s !== '')
            .pop() ?? resolved.value;
        return { name: last, address: resolved.value };
      }
      case 'variable':
        return { name: unknown(resolved.expression), address: unknown(resolved.expression) };
      case 'unknown':
        return { name: unknown(resolved.reason), address: unknown(resolved.reason) };
    }
  }

  /**
   * A subnet id written from its VNet's (`${azurerm_virtual_network.x.id}/subnets/NAME`, the form
   * used with inline subnets): the subnet NAME of that VNet, by name, since it is no resource of its own.
   */
  private childIdOf(name: string): Target | undefined {
    const raw = this.resource.unknowns === undefined ? this.valueOf(name) : undefined;
    if (typeof raw !== 'string' || !raw.includes('}/subnets/')) return undefined;
    const match = SUBNET_OF_VNET.exec(raw.trim());
    const reference = match === null ? null : parseReference(match[1].trim());
    const vnet = reference === null ? undefined : this.index.findReference(this.resource.module, reference);
    if (match === null || vnet === undefined || vnet.type !== 'azurerm_virtual_network') return undefined;
    return { name: match[2], address: `${vnet.address}/subnets/${match[2]}` };
  }

  private targetOf(resource: TfResource): Target {
    // Many attributes point at the same few resources (subnets, gateways): read each one's name once per document.
    let target = this.index.targets.get(resource);
    if (target === undefined) {
      target = {
        resource,
        name: this.index.reader(resource).str('name') ?? unknown(`${resource.address}.name`),
        address: resource.address,
      };
      this.index.targets.set(resource, target);
    }
    return target;
  }
}
