// SPDX-License-Identifier: Apache-2.0
/** What the model builders share while reading one site out of one document. */
import type { TfResource } from './document';
import type { AttributeReader, DocumentIndex } from './values';

/** A resource of a type clinicnet understands that could not be read completely. */
export interface ReadProblem {
  /** Site the resource belongs to; empty when it belongs to none. */
  readonly site: string;
  readonly address: string;
  readonly resourceType: string;
  readonly message: string;
}

/** The resources of one site and a sink for what could not be read. */
export class SiteContext {
  public constructor(
    public readonly index: DocumentIndex,
    public readonly site: string,
    public readonly resources: readonly TfResource[],
    private readonly problems: ReadProblem[],
  ) {}

  /** Resources of one type (managed unless `mode` says data), in address order. */
  public ofType(type: string, mode: 'managed' | 'data' = 'managed'): TfResource[] {
    return this.resources
      .filter((r) => r.type === type && r.mode === mode)
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  }

  /** Runs `build` with a reader for `resource`, recording whatever the reader could not read. */
  public read<T>(resource: TfResource, build: (reader: AttributeReader) => T): T {
    const reader = this.index.reader(resource);
    const result = build(reader);
    for (const message of [...new Set(reader.problems)]) this.problem(resource, message);
    return result;
  }

  public problem(resource: TfResource, message: string): void {
    this.problems.push({ site: this.site, address: resource.address, resourceType: resource.type, message });
  }
}
