// SPDX-License-Identifier: Apache-2.0
/**
 * Plans from `terraform show -json` (format 1.x) as {@link TfDocument}s: the after-state
 * from `planned_values` (root and child modules) with `after_unknown` from
 * `resource_changes`, or both sides from `resource_changes` alone; configuration
 * expressions and module outputs so that values known only after apply can be traced.
 */
import type { ModuleInput, TfDocument, TfResource, VariableSpec } from './document';
import { arrayAt, isObject, objectAt, variablesOf, wrongShape } from './document';

/** Module path segments of an address: `module.a.module.b.x.y` → `module.a.module.b`. */
function modulePrefix(address: string): string {
  const match = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(address);
  return match ? match[1].replace(/\.$/, '') : '';
}

/** The configuration module for a module prefix (`module.a[0].module.b` → calls a, then b). */
function configModule(configuration: Record<string, unknown>, module: string): Record<string, unknown> | undefined {
  let current: unknown = configuration.root_module;
  for (const call of module === '' ? [] : module.split(/\.?module\./).filter((s) => s !== '')) {
    const callName = call.replace(/\[.*\]$/, '');
    const calls: unknown = isObject(current) ? current.module_calls : undefined;
    const next: unknown = isObject(calls) ? calls[callName] : undefined;
    current = isObject(next) ? next.module : undefined;
  }
  return isObject(current) ? current : undefined;
}

function configResource(
  configuration: Record<string, unknown>,
  module: string,
  localAddress: string,
): Record<string, unknown> | undefined {
  const mod = configModule(configuration, module);
  const list = mod && Array.isArray(mod.resources) ? mod.resources : [];
  const found: unknown = list.find((r) => isObject(r) && r.address === localAddress);
  return isObject(found) ? found : undefined;
}

/** The references of an expression object (`{references: [...]}`), as text. */
function referencesIn(expression: unknown): string[] {
  return isObject(expression) && Array.isArray(expression.references) ? expression.references.map(String) : [];
}

/** `module.net.azurerm_subnet.fw["a"]` → `azurerm_subnet.fw` (the configuration address). */
function localAddressOf(address: string, module: string): string {
  return (module === '' ? address : address.slice(module.length + 1)).replace(/\[[^\]]*\]$/, '');
}

interface PlanInstance {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, unknown>;
  readonly unknowns?: unknown;
  /** `sensitive_values` (planned values) or `after_sensitive` / `before_sensitive` (changes). */
  readonly sensitive?: unknown;
}

function planResource(configuration: Record<string, unknown>, instance: PlanInstance): TfResource {
  const module = modulePrefix(instance.address);
  const config = configResource(configuration, module, localAddressOf(instance.address, module));
  const forEach = referencesIn(config?.for_each_expression);
  const marked = hasMark(instance.sensitive);
  // A resource marked sensitive as a whole keeps no values at all.
  const kept = marked ? withoutMarked(instance.values, instance.sensitive) : instance.values;
  return {
    ...instance,
    values: isObject(kept) ? kept : {},
    unknowns: marked ? joinMarks(instance.unknowns, instance.sensitive) : instance.unknowns,
    sensitive: marked ? instance.sensitive : undefined,
    module,
    path: instance.address,
    planned: true,
    expressions: isObject(config?.expressions) ? config.expressions : undefined,
    ...(forEach.length > 0 ? { forEach } : {}),
  };
}

/** True when a mark tree (`after_unknown`, `after_sensitive`) marks anything. */
function hasMark(tree: unknown): boolean {
  if (tree === true) return true;
  if (Array.isArray(tree)) return tree.some(hasMark);
  if (isObject(tree)) return Object.values(tree).some(hasMark);
  return false;
}

/**
 * The value with every marked part removed (a marked element of a list becomes null), so
 * that no message, model field or report can carry a value the plan marks sensitive.
 */
function withoutMarked(value: unknown, marks: unknown): unknown {
  if (marks === true) return undefined;
  if (Array.isArray(value) && Array.isArray(marks)) return value.map((v, i) => withoutMarked(v, marks[i]) ?? null);
  if (!isObject(value) || !isObject(marks)) return value;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const kept = withoutMarked(value[key], marks[key]);
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

/** A mark tree marking what either tree marks. */
function joinMarks(a: unknown, b: unknown): unknown {
  if (a === true || b === true) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return Array.from({ length: Math.max(x.length, y.length) }, (_, i) => joinMarks(x[i], y[i]));
  }
  if (isObject(a) || isObject(b)) {
    const x = isObject(a) ? a : {};
    const y = isObject(b) ? b : {};
    const result: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) result[key] = joinMarks(x[key], y[key]);
    return result;
  }
  return a ?? b;
}

function planVariables(source: string, plan: Record<string, unknown>): Map<string, VariableSpec> {
  const configuration = objectAt(source, 'configuration', plan.configuration);
  const root = objectAt(source, 'configuration.root_module', configuration.root_module);
  return variablesOf(source, 'configuration.root_module.variables', root.variables);
}

/** Every child module's output references, so `module.net.subnet_id` can be followed. */
function moduleOutputs(configuration: Record<string, unknown>): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const walk = (module: unknown, prefix: string): void => {
    if (!isObject(module)) return;
    for (const [name, output] of Object.entries(isObject(module.outputs) ? module.outputs : {})) {
      const expression = isObject(output) ? output.expression : undefined;
      if (prefix !== '' && isObject(expression) && Array.isArray(expression.references)) {
        result.set(`${prefix}|${name}`, expression.references.map(String));
      }
    }
    for (const [call, spec] of Object.entries(isObject(module.module_calls) ? module.module_calls : {})) {
      if (isObject(spec)) walk(spec.module, prefix === '' ? `module.${call}` : `${prefix}.module.${call}`);
    }
  };
  walk(configuration.root_module, '');
  return result;
}

/** What every module call passes to each input variable of its module, by `module.a.module.b|variable`. */
function moduleInputs(configuration: Record<string, unknown>): Map<string, ModuleInput> {
  const result = new Map<string, ModuleInput>();
  const walk = (module: unknown, prefix: string): void => {
    if (!isObject(module)) return;
    for (const [call, spec] of Object.entries(isObject(module.module_calls) ? module.module_calls : {})) {
      if (!isObject(spec)) continue;
      const child = prefix === '' ? `module.${call}` : `${prefix}.module.${call}`;
      for (const [name, expression] of Object.entries(isObject(spec.expressions) ? spec.expressions : {})) {
        const constant = isObject(expression) && 'constant_value' in expression ? expression.constant_value : undefined;
        result.set(`${child}|${name}`, {
          references: referencesIn(expression),
          ...(constant !== undefined ? { constant } : {}),
        });
      }
      walk(spec.module, child);
    }
  };
  walk(configuration.root_module, '');
  return result;
}

function planOutputs(plan: Record<string, unknown>): Map<string, unknown> {
  const outputs = new Map<string, unknown>();
  const planned =
    isObject(plan.planned_values) && isObject(plan.planned_values.outputs) ? plan.planned_values.outputs : {};
  for (const [name, spec] of Object.entries(planned)) {
    if (isObject(spec) && spec.value !== undefined) outputs.set(name, spec.value);
  }
  return outputs;
}

/** One entry of `resource_changes`, checked. */
interface PlanChange extends PlanInstance {
  readonly actions: string[];
  readonly beforeSensitive?: unknown;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

/** The plan's `resource_changes`, checked for shape. */
function planChanges(plan: Record<string, unknown>, source: string): PlanChange[] {
  return arrayAt(source, 'resource_changes', plan.resource_changes).map((entry, i) => {
    const where = `resource_changes[${i}]`;
    const rc = objectAt(source, where, entry);
    const change = objectAt(source, `${where}.change`, rc.change);
    if (typeof rc.address !== 'string' || typeof rc.type !== 'string') {
      throw wrongShape(source, where, 'an entry without address or type', 'an object with string "address" and "type"');
    }
    const actions = arrayAt(source, `${where}.change.actions`, change.actions).map(String);
    const side = (key: 'before' | 'after') =>
      change[key] === null || change[key] === undefined
        ? null
        : objectAt(source, `${where}.change.${key}`, change[key]);
    return {
      address: rc.address,
      mode: rc.mode === 'data' ? 'data' : 'managed',
      type: rc.type,
      name: typeof rc.name === 'string' ? rc.name : rc.address,
      values: {},
      unknowns: change.after_unknown,
      sensitive: change.after_sensitive,
      beforeSensitive: change.before_sensitive,
      actions,
      before: side('before'),
      after: side('after'),
    };
  });
}

function collectPlanned(source: string, module: unknown, where: string, into: PlanInstance[]): void {
  const mod = objectAt(source, where, module);
  arrayAt(source, `${where}.resources`, mod.resources).forEach((entry, i) => {
    const at = `${where}.resources[${i}]`;
    const r = objectAt(source, at, entry);
    if (typeof r.address !== 'string' || typeof r.type !== 'string') {
      throw wrongShape(source, at, 'a resource without address or type', 'an object with string "address" and "type"');
    }
    into.push({
      address: r.address,
      mode: r.mode === 'data' ? 'data' : 'managed',
      type: r.type,
      name: typeof r.name === 'string' ? r.name : r.address,
      values: objectAt(source, `${at}.values`, r.values),
      sensitive: r.sensitive_values,
    });
  });
  arrayAt(source, `${where}.child_modules`, mod.child_modules).forEach((child, i) =>
    collectPlanned(source, child, `${where}.child_modules[${i}]`, into),
  );
}

/** Reads a plan's after-state: `planned_values` plus `after_unknown` from `resource_changes`. */
export function documentFromPlan(plan: Record<string, unknown>, source: string): TfDocument {
  const configuration = objectAt(source, 'configuration', plan.configuration);
  const changes = new Map(planChanges(plan, source).map((c) => [c.address, c]));
  const planned = objectAt(source, 'planned_values', plan.planned_values);
  const instances: PlanInstance[] = [];
  if (planned.root_module !== undefined)
    collectPlanned(source, planned.root_module, 'planned_values.root_module', instances);
  const resources = instances
    .filter((r) => !isDeleteOnly(changes.get(r.address)?.actions))
    .map((r) => {
      const change = changes.get(r.address);
      // Either list may mark a value sensitive: both count.
      return planResource(configuration, {
        ...r,
        unknowns: change?.unknowns,
        sensitive: joinMarks(r.sensitive, change?.sensitive),
      });
    });
  return {
    source,
    resources,
    variables: planVariables(source, plan),
    outputs: planOutputs(plan),
    moduleOutputs: moduleOutputs(configuration),
    moduleInputs: moduleInputs(configuration),
  };
}

function isDeleteOnly(actions: readonly string[] | undefined): boolean {
  return actions !== undefined && actions.includes('delete') && !actions.includes('create');
}

/** Reads one side of a plan from `resource_changes` alone (deleted resources are only before). */
export function documentsFromChanges(
  plan: Record<string, unknown>,
  source: string,
): { before: TfDocument; after: TfDocument } {
  const configuration = objectAt(source, 'configuration', plan.configuration);
  const changes = planChanges(plan, source);
  const variables = planVariables(source, plan);
  const side = (key: 'before' | 'after'): TfDocument => ({
    source,
    variables,
    moduleOutputs: moduleOutputs(configuration),
    moduleInputs: moduleInputs(configuration),
    outputs: key === 'after' ? planOutputs(plan) : new Map(),
    resources: changes
      .filter((c) => c[key] !== null && !(key === 'after' && isDeleteOnly(c.actions)))
      .map((c) =>
        planResource(configuration, {
          ...c,
          values: c[key] ?? {},
          unknowns: key === 'after' ? c.unknowns : undefined,
          sensitive: key === 'after' ? c.sensitive : c.beforeSensitive,
        }),
      ),
  });
  return { before: side('before'), after: side('after') };
}
