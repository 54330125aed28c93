// SPDX-License-Identifier: Apache-2.0
/** A user's pack registered in code: sites declare it, allowVendor emits its flows, the gate checks it. */
import { Testing } from 'cdktf';
import { packsOf, registerPack } from '../../lib/constructs/packs';
import { runGate } from '../../lib/constructs/policy-gate';
import { MEDICARE } from '../policy/medicare-pack';
import { clinic, newEstate } from '../policy/util';

/** What the estate's own gate (default options: the built-in and registered packs) says, as text. */
function gateOutcome(allow: boolean): string {
  const app = Testing.app();
  registerPack(app, MEDICARE);
  const estate = newEstate(app);
  const site = clinic(estate, 'nsw-gp', 1, ['medicare']);
  if (allow) site.allowVendor('medicare');
  try {
    runGate(app, { print: () => undefined, artefacts: false });
    return 'passed';
  } catch (e) {
    return `failed: ${(e as Error).message}`;
  }
}

describe('registerPack', () => {
  test('the gate checks a registered pack a site declares, and allowVendor meets it', () => {
    const failed = gateOutcome(false);
    expect(failed).toMatch(/^failed: \[GATE-FAILED\] .*got 1 error finding/);
    expect(failed).toContain('[MEDICARE-EGRESS-443] no allowed flow TCP 443 to claims.medicare.example.org');
    expect(gateOutcome(true)).toBe('passed');
  });

  test('allowVendor emits the flows of the registered pack', () => {
    const app = Testing.app();
    registerPack(app, MEDICARE);
    const site = clinic(newEstate(app), 'nsw-gp', 1, ['medicare']);
    expect(site.allowVendor('medicare').map((f) => [f.name, f.fqdns, f.ports, f.requirement])).toEqual([
      ['medicare-claims-443', ['claims.medicare.example.org'], ['443'], 'MEDICARE-EGRESS-443'],
    ]);
  });

  test('a pack registered for one app is unknown to another', () => {
    registerPack(Testing.app(), MEDICARE);
    const other = Testing.app();
    expect(packsOf(other).map((p) => p.id)).not.toContain('medicare');
    expect(() => clinic(newEstate(other), 'nsw-gp', 1, ['medicare'])).toThrow(
      /\[SITE-PACK-UNKNOWN\] unknown vendor pack on site nsw-gp — got "medicare", expected one of custo, hl7, immtrac, lumos, onepacs/,
    );
  });

  test('an id in use, and a malformed pack, are refused', () => {
    const app = Testing.app();
    expect(() => registerPack(app, { ...MEDICARE, id: 'lumos' })).toThrow(/\[PACK-REGISTER-ID-TAKEN\] .*"lumos"/);
    expect(() => registerPack(app, { ...MEDICARE, id: 'clinicnet' })).toThrow(/PACK-REGISTER-ID-TAKEN/);
    registerPack(app, MEDICARE);
    expect(() => registerPack(app, MEDICARE)).toThrow(/\[PACK-REGISTER-ID-TAKEN\] .*"medicare"/);
    expect(() => registerPack(app, { ...MEDICARE, appliesTo: 'sometimes' })).toThrow(
      /\[PACK-INVALID\] invalid policy pack registerPack\(medicare\) at \/appliesTo/,
    );
  });
});
