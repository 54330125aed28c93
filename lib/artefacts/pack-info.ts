// SPDX-License-Identifier: Apache-2.0
/** What the hand-over files and reviews say about a requirement: its vendor and document, from the packs. */
import type { Pack } from '../policy/pack';

/** A requirement as people read it. */
export interface RequirementFacts {
  readonly id: string;
  /** Short vendor or pack name (`Lumos`, `OnePacs`). */
  readonly vendor: string;
  readonly title: string;
  /** Vendor document and section. */
  readonly citation: string;
}

/**
 * The vendor's own spelling, taken from the pack title: the word that starts with the
 * pack id (`NSW Lumos program…` → `Lumos`, `…(ImmTrac2)…` → `ImmTrac2`), else the id.
 */
export function vendorLabel(pack: Pick<Pack, 'id' | 'title'>): string {
  const words = pack.title.split(/\s+/).map((w) => w.replace(/[^A-Za-z0-9]/g, ''));
  return words.find((w) => w.toLowerCase().startsWith(pack.id.toLowerCase())) ?? pack.id;
}

/** Every requirement of the packs, by id. */
export function requirementFacts(packs: readonly Pack[]): Map<string, RequirementFacts> {
  const facts = new Map<string, RequirementFacts>();
  for (const pack of packs) {
    const vendor = vendorLabel(pack);
    for (const entry of pack.requirements) {
      facts.set(entry.requirement, {
        id: entry.requirement,
        vendor,
        title: entry.title,
        citation: `${entry.source.document}, ${entry.source.section}`,
      });
    }
  }
  return facts;
}
