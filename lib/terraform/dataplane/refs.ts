// SPDX-License-Identifier: Apache-2.0
/** Reading references between data-plane resources: one id, or a list of ids (IP groups, pools). */
import type { Maybe } from '../../model/types';
import { unknown } from '../../model/types';
import type { TfResource } from '../document';
import type { AttributeReader, DocumentIndex } from '../values';

const WHOLE_REFERENCE = /^\$\{(data\.)?(azurerm_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.id)?\}$/;

/** The Terraform address an id attribute points at, unknown when it cannot be told, absent when unset. */
export function refAddress(r: AttributeReader, name: string): Maybe<string> | undefined {
  return r.target(name)?.address;
}

/** An unset list (most rules name no IP group): one shared, frozen answer. */
const NO_REFERENCES: References = Object.freeze({ resources: Object.freeze([]), unknowns: Object.freeze([]) });

/** What a list-of-ids attribute points at: resources of the document, and what could not be told. */
interface References {
  readonly resources: readonly TfResource[];
  readonly unknowns: readonly Maybe<string>[];
}

/** The resources a list-of-ids attribute points at (`source_ip_groups`, `backend_address_pool_ids`). */
export function refList(index: DocumentIndex, r: AttributeReader, name: string): References {
  const resolved = r.resolve(name);
  if (resolved.kind === 'absent') return NO_REFERENCES;
  if (resolved.kind === 'resource') return { resources: [resolved.resource], unknowns: [] };
  if (resolved.kind !== 'value' || !Array.isArray(resolved.value)) {
    const reason = resolved.kind === 'unknown' ? resolved.reason : `${r.resource.address}.${name}`;
    return { resources: [], unknowns: [unknown(reason)] };
  }
  const resources: TfResource[] = [];
  const unknowns: Maybe<string>[] = [];
  for (const element of resolved.value as unknown[]) {
    const found = typeof element === 'string' ? resourceOf(index, r.resource.module, element) : undefined;
    if (found !== undefined) resources.push(found);
    else
      unknowns.push(
        unknown(`${r.resource.address}.${name}: ${typeof element === 'string' ? element : kindOf(element)}`),
      );
  }
  return { resources, unknowns };
}

function resourceOf(index: DocumentIndex, module: string, text: string): TfResource | undefined {
  const match = WHOLE_REFERENCE.exec(text.trim());
  if (match) return index.find(module, match[1] ? 'data' : 'managed', match[2], match[3]);
  return text.startsWith('/subscriptions/') ? index.findById(text) : undefined;
}

/** What a list element that is not a reference is, named without printing it (input may be hostile). */
function kindOf(value: unknown): string {
  if (value === null) return 'null, not a reference';
  return `${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a reference`;
}
