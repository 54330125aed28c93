// SPDX-License-Identifier: Apache-2.0
import { evaluate } from '../../lib/policy/engine';
import { builtinPacks, loadPack } from '../../lib/policy/pack';
import { RULES } from '../../lib/policy/registry';
import { renderJsonReport } from '../../lib/report/json';
import lumos from '../../policies/lumos.json';
import { clinic, evaluateEstate, findingsOf, newEstate, patchSite, TODAY } from './util';
import { modelOf } from '../constructs/read-back';

/** Every id of the requirement catalog (REQUIREMENTS.md), copied here so the test stands alone. */
const CATALOG = [
  'LUMOS-EGRESS-443',
  'LUMOS-EGRESS-991',
  'LUMOS-EGRESS-DATA',
  'LUMOS-BY-HOSTNAME',
  'LUMOS-PUBLIC-DNS',
  'LUMOS-NAT-OR-PROXY',
  'LUMOS-NO-SOCKS',
  'LUMOS-TLS-INSPECT-CA',
  'LUMOS-TLS12',
  'LUMOS-OS',
  'LUMOS-PROXY-EXCEPTIONS',
  'CUSTO-MODE',
  'CUSTO-VPN-NO-OVERLAP',
  'CUSTO-VPN-PUBLIC-IP',
  'CUSTO-INBOUND-PORT',
  'CUSTO-DYNDNS-IP',
  'CUSTO-INBOUND-SOURCES',
  'CUSTO-NO-TLS-INSPECT',
  'CUSTO-CLOUD-EGRESS',
  'HL7-ENCRYPTED',
  'HL7-SFTP-FTPS',
  'HL7-AGENT-SPOF',
  'IMMTRAC-METHOD',
  'IMMTRAC-BY-HOSTNAME',
  'IMMTRAC-TLS12',
  'IMMTRAC-NAT',
  'IMMTRAC-TIMEOUTS',
  'ONEPACS-STATIC-IP',
  'ONEPACS-NO-INBOUND',
  'ONEPACS-MONITOR',
  'ONEPACS-DEDICATED',
  'BASE-CIDR-NO-OVERLAP',
  'BASE-CIDR-RESERVED',
  'BASE-SUBNET-CONTAINED',
  'BASE-GATEWAY-SUBNET',
  'BASE-FQDN-NETWORK-DNS-PROXY',
  'BASE-APP-RULE-PROTOCOLS',
  'BASE-NO-ANY-EGRESS',
  'BASE-NO-INTERNET-INBOUND',
  'BASE-INBOUND-ADMIN',
  'BASE-RULE-SHADOWED',
  'BASE-DNS-PROXY-CLIENTS',
  'BASE-IPSEC-STRONG',
  'BASE-PSK-NOT-LITERAL',
  'BASE-VPN-PEERS-MATCH',
  'BASE-PRIVATE-ADDRESSING',
  'AZURE-REGION',
  'AZURE-ZONES',
  'AZURE-VPN-GATEWAY-SKU',
  'AZURE-EXPLICIT-PROXY',
  'BASE-TLS12',
  'BASE-FIREWALL-LOGS',
];

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('packs', () => {
  test('every catalog requirement is in exactly one pack, and nothing else is', () => {
    const ids = builtinPacks().flatMap((p) => p.requirements.map((e) => e.requirement));
    expect([...ids].sort()).toEqual([...CATALOG].sort());
  });

  test('Azure platform rules sit in azure, the other BASE-* ids in baseline', () => {
    const azure = builtinPacks().find((p) => p.id === 'azure');
    expect(azure?.requirements.map((e) => e.requirement).sort()).toEqual([
      'AZURE-EXPLICIT-PROXY',
      'AZURE-REGION',
      'AZURE-VPN-GATEWAY-SKU',
      'AZURE-ZONES',
      'BASE-APP-RULE-PROTOCOLS',
      'BASE-CIDR-RESERVED',
      'BASE-DNS-PROXY-CLIENTS',
      'BASE-FQDN-NETWORK-DNS-PROXY',
      'BASE-GATEWAY-SUBNET',
      'BASE-SUBNET-CONTAINED',
    ]);
  });

  test('every entry names a registered rule, and every rule is used', () => {
    const used = new Set(builtinPacks().flatMap((p) => p.requirements.map((e) => e.rule)));
    expect(RULES.map((r) => r.slug).filter((slug) => !used.has(slug))).toEqual([]);
  });

  test('a bad severity names the file, the JSON path and the allowed values', () => {
    const bad = clone(lumos);
    (bad.requirements[0] as { severity: string }).severity = 'fatal';
    expect(() => loadPack(bad, 'policies/lumos.json')).toThrow(
      '[PACK-INVALID] invalid policy pack policies/lumos.json at /requirements/0/severity — got "fatal", expected one of error, warning, info',
    );
  });

  test('an unknown property is named', () => {
    const bad = clone(lumos) as unknown as { requirements: Record<string, unknown>[] };
    bad.requirements[1].owner = 'me';
    expect(() => loadPack(bad, 'policies/lumos.json')).toThrow(
      /at \/requirements\/1 — got property "owner", expected no property "owner"/,
    );
  });

  test("rule parameters are checked against that rule's schema", () => {
    const bad = clone(lumos);
    (bad.requirements[1].params as { methods: { flows: { port: string }[] }[] }).methods[0].flows[0].port =
      'ninety-one';
    expect(() => loadPack(bad, 'policies/lumos.json')).toThrow(
      /at \/requirements\/1\/params\/methods\/0\/flows\/0\/port — got "ninety-one"/,
    );
  });

  test('an uncheckable requirement is kept with its reason and yields no finding', () => {
    const pack = clone(lumos) as unknown as { requirements: Record<string, unknown>[] };
    const entry = pack.requirements.find((e) => e.requirement === 'LUMOS-OS') as Record<string, unknown>;
    delete entry.rule;
    delete entry.params;
    entry.uncheckable = 'the model does not know which machine runs the extraction';
    const loaded = loadPack(pack, 'lumos.json');
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos'], { vendor: { lumos: { extractionHostOs: 'Windows XP' } } });
    expect(findingsOf(evaluate(modelOf(estate), { packs: [loaded], today: TODAY }), 'LUMOS-OS')).toEqual([]);
    entry.rule = 'extraction-host-os';
    expect(() => loadPack(pack, 'lumos.json')).toThrow(/PACK-INVALID/);
  });
});

describe('engine', () => {
  test('every message reads [ID] problem — got X, expected Y; fix: Z', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos', 'immtrac', 'custo', 'onepacs', 'hl7']);
    const { findings } = evaluateEstate(estate);
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) expect(f.message).toMatch(/^\[[A-Z0-9-]+\] .+ — got .+, expected .+; fix: .+$/);
  });

  test('the same model gives byte-identical reports, whatever the site order', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']);
    clinic(estate, 'tx-clinic', 2, ['immtrac']);
    const model = modelOf(estate);
    const reversed = { ...model, sites: [...model.sites].reverse() };
    expect(renderJsonReport(evaluate(reversed, { today: TODAY }))).toBe(
      renderJsonReport(evaluate(model, { today: TODAY })),
    );
  });

  test('a rule that throws becomes an unknown finding naming the rule', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1);
    const broken = patchSite(modelOf(estate), 'nsw-gp', (s) => ({ ...s, egress: null as never }));
    const [finding] = findingsOf(evaluate(broken, { today: TODAY }), 'BASE-NO-ANY-EGRESS');
    expect([finding.kind, finding.severity, finding.message]).toEqual([
      'unknown',
      'warning',
      expect.stringContaining('rule no-any-egress could not be evaluated'),
    ]);
  });

  test('extraPacks apply a pack to every site; an unknown id is refused', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1);
    const model = modelOf(estate);
    expect(findingsOf(evaluate(model, { today: TODAY }), 'LUMOS-EGRESS-443')).toEqual([]);
    expect(findingsOf(evaluate(model, { today: TODAY, extraPacks: ['lumos'] }), 'LUMOS-EGRESS-443')).toHaveLength(1);
    expect(() => evaluate(model, { extraPacks: ['lumoss'] })).toThrow(
      /\[POLICY-UNKNOWN-PACK\] unknown policy pack — got "lumoss"/,
    );
  });

  test('a site declaring a pack nobody loaded gets a warning', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1);
    const model = patchSite(modelOf(estate), 'nsw-gp', (s) => ({ ...s, packs: ['pencs'] }));
    expect(findingsOf(evaluate(model, { today: TODAY }), 'PACK-UNKNOWN').map((f) => f.severity)).toEqual(['warning']);
  });
});
