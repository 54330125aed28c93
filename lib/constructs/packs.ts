// SPDX-License-Identifier: Apache-2.0
/**
 * Custom packs registered in code for one app: `registerPack(app, medicare)` before the
 * sites that declare `packs: ['medicare']`. They join the built-in packs for that app's
 * sites (prop validation, `allowVendor`) and its policy gate.
 */
import type { IConstruct } from 'constructs';
import { Node } from 'constructs';
import { defineError } from '../core/errors';
import type { Pack } from '../policy/pack';
import { builtinPacks, loadPack } from '../policy/pack';

const packIdTaken = defineError({
  code: 'PACK-REGISTER-ID-TAKEN',
  title: 'registerPack was given a pack whose id a built-in or already registered pack has.',
  message: (id: string) =>
    `pack id already taken — got "${id}", expected an id no built-in or registered pack uses (nor clinicnet); fix: rename the pack's id`,
  example: ['lumos'],
});

// Keyed by the app (the root of the construct tree): packs of one app never reach another.
const registered = new WeakMap<IConstruct, Pack[]>();

/**
 * Registers a custom pack (data as in a pack file: checked against the pack schema) for the
 * app `scope` belongs to. Throws PACK-INVALID for a malformed pack and PACK-REGISTER-ID-TAKEN
 * for an id already in use.
 */
export function registerPack(scope: IConstruct, data: unknown): Pack {
  const pack = loadPack(data, `registerPack(${describeId(data)})`);
  const root = Node.of(scope).root;
  const packs = registered.get(root) ?? [];
  if (pack.id === 'clinicnet' || [...builtinPacks(), ...packs].some((p) => p.id === pack.id))
    throw packIdTaken(pack.id);
  registered.set(root, [...packs, pack]);
  return pack;
}

/** The built-in packs and those registered for the app of `scope`, sorted by id. */
export function packsOf(scope: IConstruct): Pack[] {
  const custom = registered.get(Node.of(scope).root) ?? [];
  return [...builtinPacks(), ...custom].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The id of pack data, for naming it in a PACK-INVALID message before it is validated. */
function describeId(data: unknown): string {
  const id = typeof data === 'object' && data !== null ? (data as { id?: unknown }).id : undefined;
  return typeof id === 'string' && /^[a-z0-9-]{1,40}$/.test(id) ? id : 'pack';
}
