// SPDX-License-Identifier: Apache-2.0
/** What the model builders share while reading one site out of one document. */
import { compareText, inOrder } from '../core/compare';
import type { InputProblem } from '../model/problem';
import type { TfResource } from './document';
import type { AttributeReader, DocumentIndex } from './values';

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
    if (reader.hasProblems) for (const message of new Set(reader.problems)) this.problem(resource, message);
    return result;
  }

  public problem(resource: TfResource, message: string): void {
    this.problems.push({ site: this.site, address: resource.address, resourceType: resource.type, message });
  }
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
