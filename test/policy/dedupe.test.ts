// SPDX-License-Identifier: Apache-2.0
/**
 * Two packs may apply the same requirement through the same rule (a user's pack that repeats a
 * baseline requirement): the engine reports the conclusion once.
 */
import { MODEL_VERSION, type NetworkModel } from '../../lib/model/types';
import { evaluate } from '../../lib/policy/engine';
import type { Pack } from '../../lib/policy/pack';
import { builtinPacks, loadPack } from '../../lib/policy/pack';
import { forward, site } from './rules/rule-tester';

const baseline = builtinPacks().find((p) => p.id === 'baseline');
const entry = baseline?.requirements.find((e) => e.requirement === 'BASE-NO-INTERNET-INBOUND');

const repeating: Pack = loadPack(
  { id: 'practice-standard', title: 'A practice standard', appliesTo: 'every-site', requirements: [entry] },
  'practice-standard.json',
);

describe('finding de-duplication', () => {
  test('the same requirement through the same rule in two packs is one finding', () => {
    const model: NetworkModel = {
      version: MODEL_VERSION,
      sites: [site({ inbound: [forward({ reason: undefined })] })],
    };
    const once = evaluate(model, { packs: builtinPacks(), today: '2030-01-01' }).findings;
    const twice = evaluate(model, { packs: [...builtinPacks(), repeating], today: '2030-01-01' }).findings;
    const of = (findings: typeof once) => findings.filter((f) => f.requirement === 'BASE-NO-INTERNET-INBOUND');
    expect(of(once)).toHaveLength(1);
    expect(of(twice)).toHaveLength(1);
    expect(of(twice)[0].pack).toBe('baseline');
  });
});
