// SPDX-License-Identifier: Apache-2.0
/** The shipped packs are held to the pack schema here, once, instead of at every command's start. */
import { BUILTIN_PACK_DATA, builtinPacks, loadPack } from '../../lib/policy/pack';

describe('the built-in packs', () => {
  test.each(BUILTIN_PACK_DATA.map((data) => [(data as { id: string }).id, data]))(
    'policies/%s.json satisfies the pack schema built from the rules',
    (id, data) => {
      expect(() => loadPack(data, `policies/${String(id)}.json`)).not.toThrow();
    },
  );

  test('are the packs builtinPacks() serves, sorted by id, every requirement once', () => {
    const packs = builtinPacks();
    expect(packs.map((p) => p.id)).toEqual(['azure', 'baseline', 'custo', 'hl7', 'immtrac', 'lumos', 'onepacs']);
    expect(packs).toEqual(BUILTIN_PACK_DATA);
    for (const pack of packs) {
      const ids = pack.requirements.map((r) => r.requirement);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
