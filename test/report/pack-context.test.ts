// SPDX-License-Identifier: Apache-2.0
import type { NetworkModel, Site, VendorPackId } from '../../lib/model/types';
import { builtinPacks } from '../../lib/policy/pack';
import { packContext } from '../../lib/report/pack-context';
import { emptySite } from '../model/empty-site';

function site(name: string, packs: VendorPackId[], custoRole?: 'sender' | 'centre'): Site {
  return emptySite(name, {
    packs,
    path: `estate/${name}`,
    vendor: custoRole !== undefined ? { custo: { role: custoRole } } : {},
  });
}

const model = (...sites: Site[]): NetworkModel => ({ version: 1, sites });
const has = (
  checks: readonly { site: string; requirement: string }[] | undefined,
  site: string,
  requirement: string,
): boolean => (checks ?? []).some((c) => c.site === site && c.requirement === requirement);

describe('report context from the packs', () => {
  const packs = builtinPacks();

  test('requirement metadata comes from the pack entry, citation included', () => {
    const { requirements } = packContext(model(site('a', ['lumos'])), packs);
    const byHostname = requirements?.find((r) => r.id === 'LUMOS-BY-HOSTNAME');
    expect(byHostname).toMatchObject({ rule: 'egress-by-hostname', pack: 'lumos', severity: 'error' });
    expect(byHostname?.citation).toMatch(
      /^Lumos PenCS Network Configuration Guide .* — Outbound Traffic Destination Ports/,
    );
    expect(byHostname?.description.length).toBeGreaterThan(0);
  });

  test('only packs that apply somewhere contribute requirements', () => {
    const ids = (packContext(model(site('a', ['lumos'])), packs).requirements ?? []).map((r) => r.id);
    expect(ids).toContain('BASE-TLS12');
    expect(ids).toContain('LUMOS-TLS12');
    expect(ids.some((id) => id.startsWith('IMMTRAC-'))).toBe(false);
  });

  test('site checks per site; estate-wide rules once under *', () => {
    const { checks } = packContext(model(site('a', ['lumos']), site('b', [])), packs);
    expect(has(checks, 'a', 'LUMOS-TLS12')).toBe(true);
    expect(has(checks, 'b', 'LUMOS-TLS12')).toBe(false);
    expect(has(checks, 'b', 'BASE-TLS12')).toBe(true);
    expect(has(checks, '*', 'BASE-CIDR-NO-OVERLAP')).toBe(true);
    expect(has(checks, 'a', 'BASE-CIDR-NO-OVERLAP')).toBe(false);
    expect((checks ?? []).filter((c) => c.site === '*' && c.requirement === 'BASE-CIDR-NO-OVERLAP')).toHaveLength(1);
  });

  test('extra packs apply to every site', () => {
    const { checks } = packContext(model(site('a', []), site('b', [])), packs, ['immtrac']);
    expect(has(checks, 'a', 'IMMTRAC-METHOD')).toBe(true);
    expect(has(checks, 'b', 'IMMTRAC-METHOD')).toBe(true);
  });

  test('entries limited to a custo role are checked only at sites with that role', () => {
    const custo = packs.find((p) => p.id === 'custo');
    const centreOnly = custo?.requirements.find(
      (e) => e.rule !== undefined && e.when?.custoRoles?.length === 1 && e.when.custoRoles[0] === 'centre',
    );
    expect(centreOnly).toBeDefined();
    const { checks } = packContext(
      model(site('centre', ['custo'], 'centre'), site('sender', ['custo'], 'sender')),
      packs,
    );
    expect(has(checks, 'centre', centreOnly?.requirement ?? '')).toBe(true);
    expect(has(checks, 'sender', centreOnly?.requirement ?? '')).toBe(false);
  });

  test('a requirement in two packs, or a site name listed twice, is one check per site', () => {
    const lumos = packs.find((p) => p.id === 'lumos');
    expect(lumos).toBeDefined();
    const twin = { ...(lumos as (typeof packs)[number]), id: 'lumos-twin' };
    const { checks } = packContext(model(site('a', ['lumos', 'lumos-twin'])), [...packs, twin]);
    expect((checks ?? []).filter((c) => c.site === 'a' && c.requirement === 'LUMOS-TLS12')).toHaveLength(1);
    const twice = packContext(model(site('a', ['lumos']), site('a', ['lumos'])), packs).checks ?? [];
    expect(twice.filter((c) => c.site === 'a' && c.requirement === 'LUMOS-TLS12')).toHaveLength(1);
    expect(twice.filter((c) => c.site === 'a' && c.requirement === 'BASE-TLS12')).toHaveLength(1);
  });
});
