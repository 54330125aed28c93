// SPDX-License-Identifier: Apache-2.0
/** What the model builders share while reading one site out of one document. */
import { compareText, inOrder } from '../core/compare';
import type { InputProblem } from '../model/problem';
import type { TfResource } from './document';
import { isObject } from './document';
import type { AttributeProblem, AttributeReader, DocumentIndex } from './values';
import { attributeText } from './values';

/**
 * A model object while a builder fills it in: fields assigned one by one in the model's key
 * order (not spread in), so the many objects of one kind share a fast shape in V8.
 */
export type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/** A resource of a type clinicnet understands that could not be read completely. */
export type ReadProblem = InputProblem;

/** The resources of one site and a sink for what could not be read. */
export class SiteContext {
  // Builders ask for the same types again and again; the site's resources are grouped once,
  // each group sorted on first use.
  private byType: Map<string, TfResource[]> | undefined;
  private sorted = new Set<string>();

  public constructor(
    public readonly index: DocumentIndex,
    public readonly site: string,
    public readonly resources: readonly TfResource[],
    private readonly problems: ReadProblem[],
  ) {}

  /** The same resources read for `site` (once its name is known), sharing the grouping by type. */
  public forSite(site: string, problems: ReadProblem[]): SiteContext {
    const context = new SiteContext(this.index, site, this.resources, problems);
    context.byType = this.byType;
    context.sorted = this.sorted;
    return context;
  }

  /** Resources of one type (managed unless `mode` says data), in address order. */
  public ofType(type: string, mode: 'managed' | 'data' = 'managed'): readonly TfResource[] {
    if (this.byType === undefined) {
      this.byType = new Map();
      for (const r of this.resources) {
        const key = r.mode === 'managed' ? r.type : `data.${r.type}`;
        const list = this.byType.get(key);
        if (list === undefined) this.byType.set(key, [r]);
        else list.push(r);
      }
    }
    const key = mode === 'managed' ? type : `data.${type}`;
    const list = this.byType.get(key);
    if (list === undefined) return [];
    if (!this.sorted.has(key)) {
      // Documents usually list resources in address order already; sorting copies the list.
      if (!inOrder(list, byAddress)) list.sort(byAddress);
      this.sorted.add(key);
    }
    return list;
  }

  /** Runs `build` with a reader for `resource`, recording whatever the reader could not read. */
  public read<T>(resource: TfResource, build: (reader: AttributeReader) => T): T {
    const reader = this.index.reader(resource);
    const result = build(reader);
    if (reader.hasProblems) {
      const seen = new Set<string>();
      for (const p of reader.problems) {
        if (seen.has(p.message)) continue;
        seen.add(p.message);
        this.attributeProblem(resource, p);
      }
    }
    return result;
  }

  /**
   * Records that `resource` could not be fully read. `attribute` (as Terraform writes it,
   * `route_table_id`) lets lib/policy/unknowns.ts tell an unknown that could widen exposure
   * from one that could only break a flow. @param attribute @default the resource as a whole
   */
  public problem(resource: TfResource, message: string, attribute?: string): void {
    this.attributeProblem(resource, { message, path: attribute === undefined ? [] : [attribute] });
  }

  private attributeProblem(resource: TfResource, { message, path }: AttributeProblem): void {
    const problem: Draft<ReadProblem> = { site: this.site, address: resource.address, resourceType: resource.type };
    problem.message = message;
    if (path.length > 0) problem.attribute = attributeText(path);
    const action = actionAt(resource.values, path);
    if (action !== undefined) problem.action = action;
    this.problems.push(problem as ReadProblem);
  }
}

/** Where a rule keeps its action: a firewall rule collection (`action`) or an NSG rule (`access`). */
const ACTION_KEYS: Readonly<Record<string, string>> = {
  application_rule_collection: 'action',
  network_rule_collection: 'action',
  nat_rule_collection: 'action',
  security_rule: 'access',
};

/**
 * The action of the firewall collection or NSG rule that holds the attribute at `path`, when
 * the input states it as text: only a stated Deny makes an unknown there harmless, so anything
 * else (a DNAT, an expression) counts as Allow. A separate `azurerm_network_security_rule`
 * keeps its `access` at the top.
 */
function actionAt(values: Record<string, unknown>, path: readonly (string | number)[]): 'Allow' | 'Deny' | undefined {
  const holder = path.findIndex((s) => typeof s === 'string' && ACTION_KEYS[s] !== undefined);
  let block: unknown = values;
  let key = 'access';
  if (holder >= 0) {
    key = ACTION_KEYS[path[holder] as string];
    const list = values[path[holder] as string];
    const index = path[holder + 1];
    // A single object stands for a one-element block list; a whole list has no one action.
    if (typeof index === 'number') block = Array.isArray(list) ? list[index] : index === 0 ? list : undefined;
    else block = Array.isArray(list) ? undefined : list;
  }
  if (!isObject(block) || !(key in block)) return undefined;
  return block[key] === 'Deny' ? 'Deny' : 'Allow';
}

/**
 * Address order within one type. A cdk.tf.json address is `type.name` (or `data.type.name`),
 * so there the names decide, compared without building the addresses' text.
 */
function byAddress(a: TfResource, b: TfResource): number {
  const x = a.planned ? a.address : a.name;
  const y = b.planned ? b.address : b.name;
  return compareText(x, y);
}
