// SPDX-License-Identifier: Apache-2.0
/**
 * Plans from `terraform show -json` (format 1.x) as {@link TfDocument}s: the after-state
 * from `planned_values` (root and child modules) with `after_unknown` from
 * `resource_changes`, or both sides from `resource_changes` alone; configuration
 * expressions and module outputs so that values known only after apply can be traced.
 */
import type { TfDocument, TfResource } from './document';
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

function expressionsFor(
  configuration: Record<string, unknown>,
  module: string,
  localAddress: string,
): Record<string, unknown> | undefined {
  const mod = configModule(configuration, module);
  const list = mod && Array.isArray(mod.resources) ? mod.resources : [];
  const found = list.find((r) => isObject(r) && r.address === localAddress);
  return isObject(found) && isObject(found.expressions) ? found.expressions : undefined;
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
}

function planResource(configuration: Record<string, unknown>, instance: PlanInstance): TfResource {
  const module = modulePrefix(instance.address);
  return {
    ...instance,
    module,
    path: instance.address,
    planned: true,
    expressions: expressionsFor(configuration, module, localAddressOf(instance.address, module)),
  };
}

function planVariables(source: string, plan: Record<string, unknown>): Map<string, { sensitive: boolean }> {
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
    .map((r) => planResource(configuration, { ...r, unknowns: changes.get(r.address)?.unknowns }));
  return {
    source,
    resources,
    variables: planVariables(source, plan),
    outputs: planOutputs(plan),
    moduleOutputs: moduleOutputs(configuration),
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
    outputs: key === 'after' ? planOutputs(plan) : new Map(),
    resources: changes
      .filter((c) => c[key] !== null && !(key === 'after' && isDeleteOnly(c.actions)))
      .map((c) =>
        planResource(configuration, { ...c, values: c[key] ?? {}, unknowns: key === 'after' ? c.unknowns : undefined }),
      ),
  });
  return { before: side('before'), after: side('after') };
}
