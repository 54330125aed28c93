// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdktf';
import { CLINICS_PER_HUB, generateEstate } from '../../bench/estate-generator';
import { scalingExponent } from '../../bench/synth';
import { evaluate } from '../../lib/policy/engine';
import { builtinPacks } from '../../lib/policy/pack';
import { modelOf } from '../constructs/read-back';

describe('generateEstate', () => {
  const { estate, hubs, clinics } = generateEstate(Testing.app(), { clinics: 60 });
  const model = modelOf(estate);
  const clinicSites = model.sites.filter((s) => s.kind === 'clinic');

  test('one hub per 25 clinics, every clinic with 2–3 vendor packs', () => {
    expect({ hubs, clinics }).toEqual({ hubs: Math.ceil(60 / CLINICS_PER_HUB), clinics: 60 });
    expect(model.sites).toHaveLength(63);
    for (const site of clinicSites) expect(site.packs.length === 2 || site.packs.length === 3).toBe(true);
  });

  test('every clinic has a VPN link to a hub, with a Key Vault key, and the hub one back', () => {
    for (const site of clinicSites) {
      const [link] = site.vpnLinks;
      expect(link.remote.site).toMatch(/^hub-\d+$/);
      expect(link.sharedKey.source).toBe('key-vault-secret');
      const hub = model.sites.find((s) => s.name === link.remote.site);
      expect(hub?.vpnLinks.some((l) => l.remote.site === site.name)).toBe(true);
    }
  });

  test('every firewall has rules: two to six egress flows per clinic, three or more on average', () => {
    const counts = clinicSites.map((s) => s.egress.length);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts)).toBeLessThanOrEqual(6);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeGreaterThanOrEqual(3);
  });

  test('the estate passes its own packs, so the benchmarks time a gate that lets synth through', () => {
    const { findings } = evaluate(model, { packs: builtinPacks() });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('the same seed gives the same estate, another seed another pack mix', () => {
    const again = modelOf(generateEstate(Testing.app(), { clinics: 60 }).estate);
    const other = modelOf(generateEstate(Testing.app(), { clinics: 60, seed: 2 }).estate);
    const packs = (m: typeof model) => m.sites.map((s) => `${s.name}:${s.packs.join('+')}`);
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    expect(packs(other)).not.toEqual(packs(model));
  }, 60_000);

  test('rejects clinic counts it cannot address', () => {
    expect(() => generateEstate(Testing.app(), { clinics: 0 })).toThrow(
      /clinics must be a whole number from 1 to 4096, got 0/,
    );
    expect(() => generateEstate(Testing.app(), { clinics: 5000 })).toThrow(/got 5000/);
  });
});

describe('scalingExponent', () => {
  test('is 1 for linear growth and 2 for quadratic', () => {
    expect(scalingExponent(100, 1, 1000, 10)).toBeCloseTo(1);
    expect(scalingExponent(100, 1, 1000, 100)).toBeCloseTo(2);
  });
});
