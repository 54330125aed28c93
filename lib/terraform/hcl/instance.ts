// SPDX-License-Identifier: Apache-2.0
/**
 * Module instances: variables, locals and outputs evaluated on first use, module calls and
 * resources expanded by `count` / `for_each` into Terraform's addresses
 * (`module.clinic["penrith"].azurerm_subnet.work[0]`), `dynamic` blocks expanded into
 * blocks. What cannot be expanded is a read problem, never dropped in silence.
 */
import { appendAll } from '../../core/append';
import type { ReadProblem } from '../context';
import type { TfResource } from '../document';
import { isObject } from '../document';
import type { BlockConfig, ModuleConfig } from './config';
import { bodies } from './config';
import { toJson } from './emit';
import type { InstanceScope, Scope } from './evaluate';
import { entriesOf, evaluateTemplate, withNames } from './evaluate';
import type { TemplateTable } from './template';
import { EvalError, LazyObject, objectOf, Opaque, setMember, show, unknownValue, type Value } from './value';

const META_ARGUMENTS = new Set([
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
]);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);
const MAX_MODULE_DEPTH = 16;
/** More instances than this in one expansion is hostile input, not a network. */
const MAX_INSTANCES = 10_000;

/** What instantiation shares: parsed templates, loaded modules and what it produces. */
export interface Estate {
  readonly table: TemplateTable;
  /** Loaded child configurations by module call (`dir|name`); a missing entry is a call that is not read. */
  readonly children: ReadonlyMap<string, ModuleConfig>;
  /** Why a call's source is not read, by `dir|name`. */
  readonly unreadSources: ReadonlyMap<string, string>;
  readonly resources: TfResource[];
  readonly problems: ReadProblem[];
  readonly moduleOutputs: Map<string, string[]>;
}

/** Instance key as Terraform writes it in addresses. */
const keyText = (key: Value): string => (typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`);

/** One instance of a module (the root module is the instance with an empty address). */
export class ModuleInstance implements InstanceScope {
  private readonly variables = new Map<string, Value>();
  private readonly locals = new Map<string, Value>();
  private readonly evaluating = new Set<string>();
  private readonly calls = new Map<string, { value: Value; instances: ModuleInstance[] }>();
  /** The resource instance being evaluated, for problems. */
  private current: string | undefined;

  public constructor(
    private readonly estate: Estate,
    public readonly config: ModuleConfig,
    public readonly address: string,
    public readonly pathModule: string,
    private readonly inputs: (name: string) => Value | undefined,
    private readonly depth = 0,
  ) {}

  private get scope(): Scope {
    return { instance: this, names: new Map() };
  }

  public problem(address: string, type: string, message: string): void {
    this.estate.problems.push({ site: '', address, resourceType: type, message });
  }

  /** Evaluates configuration JSON (strings are templates) in `scope`; an evaluation error becomes an unknown. */
  public evaluate(raw: unknown, scope: Scope): Value {
    if (typeof raw === 'string') {
      try {
        return evaluateTemplate(this.estate.table.get(raw), scope);
      } catch (e) {
        if (!(e instanceof EvalError)) throw e;
        // Terraform would refuse the configuration: say so, wherever the value is used.
        this.problem(
          this.current ?? (this.address || 'root module'),
          'expression',
          `${raw} cannot be evaluated: ${e.message}`,
        );
        return unknownValue(`${raw} (${e.message})`);
        throw e;
      }
    }
    if (Array.isArray(raw)) return raw.map((item) => this.evaluate(item, scope));
    if (isObject(raw)) {
      const entries: [string, Value][] = [];
      for (const [key, value] of Object.entries(raw)) {
        const name = this.evaluate(key, scope);
        entries.push([typeof name === 'string' ? name : show(name), this.evaluate(value, scope)]);
      }
      return objectOf(entries);
    }
    return raw === undefined ? null : (raw as Value);
  }

  public variable(name: string): Value {
    if (this.variables.has(name)) return this.variables.get(name) as Value;
    const spec = this.config.variables.get(name);
    if (spec === undefined) throw new EvalError(`no variable "${name}" is declared`);
    // A module input that depends on the module's own output would recurse without end.
    if (this.evaluating.has(`var.${name}`)) throw new EvalError(`var.${name} depends on itself`);
    this.evaluating.add(`var.${name}`);
    let value: Value | undefined;
    try {
      value = this.inputs(name);
    } finally {
      this.evaluating.delete(`var.${name}`);
    }
    if (value === undefined || (value === null && spec.hasDefault)) {
      if (spec.hasDefault) value = (spec.default ?? null) as Value;
      // A root variable without value stays a reference, so the reader knows whether it is sensitive.
      else if (this.address === '') value = new Opaque('var', `var.${name}`);
      else value = unknownValue(`${this.address}.var.${name}`);
    }
    this.variables.set(name, value);
    return value;
  }

  public local(name: string): Value {
    if (this.locals.has(name)) return this.locals.get(name) as Value;
    if (!this.config.locals.has(name)) throw new EvalError(`no local "${name}" is declared`);
    if (this.evaluating.has(name)) throw new EvalError(`local.${name} refers to itself`);
    this.evaluating.add(name);
    let value: Value;
    try {
      value = this.evaluate(this.config.locals.get(name), this.scope);
    } finally {
      this.evaluating.delete(name);
    }
    this.locals.set(name, value);
    return value;
  }

  public hasResource(type: string, name: string): boolean {
    return this.config.blocks.some((b) => b.mode === 'managed' && b.type === type && b.name === name);
  }

  public moduleCall(name: string): Value | undefined {
    const block = this.config.blocks.find((b) => b.mode === 'module' && b.name === name);
    return block === undefined ? undefined : this.callInstances(block).value;
  }

  /** Output `name` as the caller sees it: a whole reference becomes `module.call[key].name`, followed by the reader. */
  private outputFor(child: ModuleInstance, traversal: string, name: string): Value {
    const value = child.evaluate(child.config.outputs.get(name), child.scope);
    if (value instanceof Opaque && value.kind === 'ref' && value.module === child.address) {
      this.estate.moduleOutputs.set(`${child.address}|${name}`, [value.text]);
      return new Opaque('ref', `${traversal}.${name}`, this.address, true);
    }
    return value;
  }

  /** The expansion of a module call: instances, and the value `module.NAME` has. */
  private callInstances(block: BlockConfig): { value: Value; instances: ModuleInstance[] } {
    const known = this.calls.get(block.name);
    if (known !== undefined) return known;
    const call = `${this.address === '' ? '' : `${this.address}.`}module.${block.name}`;
    const child = this.estate.children.get(`${this.config.dir}|${block.name}`);
    let result: { value: Value; instances: ModuleInstance[] };
    if (child === undefined || this.depth >= MAX_MODULE_DEPTH) {
      const why = this.estate.unreadSources.get(`${this.config.dir}|${block.name}`) ?? 'modules nest too deeply';
      this.problem(call, 'module', why);
      result = { value: unknownValue(call), instances: [] };
    } else {
      result = this.expandCall(block, call, child);
    }
    this.calls.set(block.name, result);
    return result;
  }

  private expandCall(
    block: BlockConfig,
    call: string,
    child: ModuleConfig,
  ): { value: Value; instances: ModuleInstance[] } {
    const expansion = this.expansion(block.body, call, 'module');
    if (expansion === undefined) return { value: unknownValue(call), instances: [] };
    const instances: ModuleInstance[] = [];
    const values = expansion.map(({ key, names }) => {
      const address = `${call}${key === undefined ? '' : keyText(key)}`;
      const scope = withNames(this.scope, names);
      const inputs = (name: string) =>
        MODULE_META.has(name) || !Object.prototype.hasOwnProperty.call(block.body, name)
          ? undefined
          : this.evaluate(block.body[name], scope);
      const relative = typeof block.body.source === 'string' ? block.body.source : '.';
      const instance = new ModuleInstance(
        this.estate,
        child,
        address,
        `${this.pathModule}/${relative}`.replace(/^\.\//, ''),
        inputs,
        this.depth + 1,
      );
      instances.push(instance);
      const traversal = `module.${block.name}${key === undefined ? '' : keyText(key)}`;
      const outputs = new LazyObject([...child.outputs.keys()], (name) => this.outputFor(instance, traversal, name));
      return { key, outputs };
    });
    let value: Value;
    if ('count' in block.body) value = values.map((v) => v.outputs);
    else if ('for_each' in block.body)
      value = objectOf(values.map((v) => [typeof v.key === 'string' ? v.key : show(v.key ?? null), v.outputs]));
    else value = values[0].outputs;
    return { value, instances };
  }

  /** The instances `count` / `for_each` make (a single one without them); undefined when they cannot be known. */
  private expansion(
    body: Record<string, unknown>,
    address: string,
    type: string,
  ): { key?: Value; names: Record<string, Value> }[] | undefined {
    if ('count' in body) {
      const count = this.evaluate(body.count, this.scope);
      const n = typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : count;
      if (typeof n === 'number' && n > MAX_INSTANCES) {
        this.problem(address, type, `count is ${n}, more than ${MAX_INSTANCES} instances; they are not checked`);
        return undefined;
      }
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
        this.problem(
          address,
          type,
          `count is ${show(count)}, which cannot be known before plan; its instances are not checked`,
        );
        return undefined;
      }
      return Array.from({ length: n }, (_, i) => ({ key: i, names: { count: objectOf([['index', i]]) } }));
    }
    if ('for_each' in body) {
      const collection = this.evaluate(body.for_each, this.scope);
      const entries = collection instanceof Opaque ? undefined : entriesOf(collection);
      if (entries === undefined) {
        this.problem(
          address,
          type,
          `for_each is ${show(collection)}, which cannot be known before plan; its instances are not checked`,
        );
        return undefined;
      }
      if (Array.isArray(collection) && !collection.every((v) => typeof v === 'string')) {
        this.problem(
          address,
          type,
          `for_each is ${show(collection)}, expected a map or a set of strings; its instances are not checked`,
        );
        return undefined;
      }
      // A set (a list here) is keyed by its values.
      const keyed = Array.isArray(collection) ? entries.map(([, v]) => [v, v] as [Value, Value]) : entries;
      return keyed.map(([key, value]) => ({
        key,
        names: {
          each: objectOf([
            ['key', key],
            ['value', value],
          ]),
        },
      }));
    }
    return [{ names: {} }];
  }

  /** Emits this instance's resources and those of every module it calls. */
  public instantiate(): void {
    for (const block of this.config.blocks) {
      if (block.mode === 'module') {
        for (const child of this.callInstances(block).instances) child.instantiate();
        continue;
      }
      const base = `${this.address === '' ? '' : `${this.address}.`}${block.mode === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
      for (const { key, names } of this.expansion(block.body, base, block.type) ?? []) {
        const address = `${base}${key === undefined ? '' : keyText(key)}`;
        this.current = address;
        const values = this.body(block.body, withNames(this.scope, names), address, true);
        this.current = undefined;
        this.estate.resources.push({
          mode: block.mode,
          type: block.type,
          name: block.name,
          module: this.address,
          address,
          path: address,
          values: toJson(values, this.address) as Record<string, unknown>,
          planned: false,
          location: block.line !== undefined ? { file: block.file, line: block.line } : { file: block.file },
        });
      }
    }
  }

  /** A block body: attributes and nested blocks evaluated, `dynamic` blocks expanded. */
  private body(raw: Record<string, unknown>, scope: Scope, address: string, top: boolean): { [key: string]: Value } {
    const entries: [string, Value][] = [];
    const dynamic: [string, Value][] = [];
    for (const [key, value] of Object.entries(raw)) {
      if (top && META_ARGUMENTS.has(key)) continue;
      if (key === 'dynamic' && isObject(value)) {
        appendAll(dynamic, this.dynamicBlocks(value, scope, address));
        continue;
      }
      const nested = Array.isArray(value) && value.length > 0 && value.every(isObject);
      entries.push([key, nested ? value.map((b) => this.body(b, scope, address, false)) : this.evaluate(value, scope)]);
    }
    const result = objectOf(entries);
    for (const [name, block] of dynamic) {
      const existing = result[name];
      const list = Array.isArray(existing) ? existing : existing === undefined || existing === null ? [] : [existing];
      setMember(result, name, [...list, block]);
    }
    return result;
  }

  private dynamicBlocks(spec: Record<string, unknown>, scope: Scope, address: string): [string, Value][] {
    const blocks: [string, Value][] = [];
    for (const [name, specs] of Object.entries(spec)) {
      for (const dyn of bodies(specs)) {
        const collection = this.evaluate(dyn.for_each, scope);
        const entries = collection instanceof Opaque ? undefined : entriesOf(collection);
        if (entries === undefined || !isObject(bodies(dyn.content)[0])) {
          this.problem(
            address,
            'dynamic',
            `dynamic "${name}" block: for_each is ${show(collection)}, which cannot be known before plan; its blocks are not checked`,
          );
          continue;
        }
        const iterator = typeof dyn.iterator === 'string' ? dyn.iterator.replace(/^\$\{\s*|\s*\}$/g, '') : name;
        for (const [key, value] of entries) {
          const inner = withNames(scope, {
            [iterator]: objectOf([
              ['key', key],
              ['value', value],
            ]),
          });
          blocks.push([name, this.body(bodies(dyn.content)[0], inner, address, false)]);
        }
      }
    }
    return blocks;
  }
}
