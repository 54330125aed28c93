// SPDX-License-Identifier: Apache-2.0
/**
 * Packs named on the command line (`--packs lumos,./packs/medicare.json`) or in code: an id
 * names a built-in pack; a path names a user's pack file, read and checked against
 * policies/schema.json. Paths come only from the person running clinicnet, never from the
 * input under check, and reports name the pack by its id, never by its path.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { defineError } from '../core/errors';
import type { Pack } from './pack';
import { builtinPacks, loadPack, unknownPack } from './pack';

/** Ids no user pack may take: the built-in packs' and `clinicnet` (the engine's own findings). */
const RESERVED_ID = 'clinicnet';

const packFileUnreadable = defineError({
  code: 'PACK-FILE-UNREADABLE',
  title: 'A pack file named with --packs cannot be read or is not JSON.',
  message: (file: string, got: string) =>
    `cannot read policy pack file ${file} — got ${got}, expected a readable JSON pack file; fix: check the path given to --packs`,
  example: ['./packs/medicare.json', 'ENOENT'],
});

const packIdTaken = defineError({
  code: 'PACK-ID-TAKEN',
  title: 'A user pack has the id of a built-in pack, of clinicnet, or of another pack loaded with it.',
  message: (file: string, id: string) =>
    `pack id already taken — got "${id}" in ${file}, expected an id no built-in or other loaded pack uses; fix: rename the pack's id (a site declares packs by id)`,
  example: ['./packs/lumos.json', 'lumos'],
});

/** True when the spec names a file rather than a pack id. */
export function isPackPath(spec: string): boolean {
  return spec.includes('/') || spec.includes('\\') || spec.toLowerCase().endsWith('.json');
}

/**
 * The packs `specs` name, in the order given: ids are built-in packs (an unknown id is
 * POLICY-UNKNOWN-PACK); paths (relative to `cwd`) are read and validated. A file pack whose id
 * a built-in or an earlier pack has, or `clinicnet`, is PACK-ID-TAKEN.
 */
export function loadPacks(specs: readonly string[], cwd: string): Pack[] {
  const builtins = builtinPacks();
  const taken = new Set([RESERVED_ID, ...builtins.map((p) => p.id)]);
  const loaded: Pack[] = [];
  for (const spec of specs) {
    if (!isPackPath(spec)) {
      const pack = builtins.find((p) => p.id === spec);
      if (pack === undefined) throw unknownPack(spec, builtins.map((p) => p.id).join(', '));
      if (!loaded.includes(pack)) loaded.push(pack);
      continue;
    }
    const pack = loadPack(readPackFile(path.resolve(cwd, spec), spec), spec);
    if (taken.has(pack.id)) throw packIdTaken(spec, pack.id);
    taken.add(pack.id);
    loaded.push(pack);
  }
  return loaded;
}

/** What an evaluation needs from `--packs`: every pack it may use, and the ids applied to every site. */
export interface SelectedPacks {
  /** The built-in packs and the user's, sorted by id. */
  readonly packs: Pack[];
  /** Ids of the packs named, sorted: applied to every site besides those it declares. */
  readonly ids: string[];
}

/** {@link loadPacks}, joined with the built-in packs for an evaluation. */
export function selectPacks(specs: readonly string[], cwd: string): SelectedPacks {
  const named = loadPacks(specs, cwd);
  const builtins = builtinPacks();
  const packs = [...builtins, ...named.filter((p) => !builtins.includes(p))].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  return { packs, ids: [...new Set(named.map((p) => p.id))].sort() };
}

/**
 * The requirement ids of the packs, for the reader (`ReadOptions.requirements`): a site
 * declaration naming a requirement of a user's pack is accepted when that pack is loaded.
 */
export function requirementIdsOf(packs: readonly Pack[]): ReadonlySet<string> {
  return new Set(packs.flatMap((p) => p.requirements.map((r) => r.requirement)));
}

function readPackFile(file: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw packFileUnreadable(shown, (e as NodeJS.ErrnoException).code ?? 'an unreadable file');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw packFileUnreadable(shown, `invalid JSON (${(e as Error).message.replace(/\s+/g, ' ')})`);
  }
}
