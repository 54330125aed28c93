// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCheck } from '../../lib/cli/check';
import { runReview } from '../../lib/cli/review';
import type { InputProblem } from '../../lib/model/problem';
import { applyBaseline } from '../../lib/policy/baseline';
import { BUILTIN_REQUIREMENTS, UNREADABLE_REQUIREMENT } from '../../lib/policy/builtin';
import type { Finding } from '../../lib/policy/finding';
import { sortSuppressions } from '../../lib/policy/order';
import { builtinPacks } from '../../lib/policy/pack';
import { runPolicy } from '../../lib/policy/pipeline';
import { parseSuppression } from '../../lib/policy/suppressions';
import { finding } from '../report/evaluations';
import { clinic, newEstate, TODAY } from './util';
import { modelOf } from '../constructs/read-back';

const UNREADABLE = join(__dirname, '..', 'fixtures', 'tf', 'partly-unreadable.cdk.tf.json');

describe('check and review run the one pipeline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('same input, same suppression file: the same findings, suppressed findings and suppression states', () => {
    const file = join(dir, 'suppressions.yaml');
    writeFileSync(
      file,
      '- id: CLINICNET-UNREADABLE\n  site: bondi\n  reason: values arrive from the pipeline at apply time\n  owner: netops\n' +
        `  expires: ${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}\n`,
    );
    const check = runCheck(UNREADABLE, { format: 'json', failOn: 'error', suppressions: file }).evaluation;
    const review = runReview({
      base: UNREADABLE,
      head: UNREADABLE,
      format: 'json',
      failOn: 'error',
      suppressions: file,
    }).review;
    // The fixture's 7 unreadable resources are silenced by both (its unknown pack id is a PACK-UNKNOWN finding of its own), and the suppression is used by both.
    expect(check.suppressed.filter((s) => s.finding.requirement === UNREADABLE_REQUIREMENT)).toHaveLength(7);
    expect(check.findings.some((f) => f.requirement === UNREADABLE_REQUIREMENT)).toBe(false);
    expect(check.findings.some((f) => f.requirement === 'SUPPRESSION-UNUSED')).toBe(false);
    expect(review.findings.new).toEqual([]);
    expect(review.findings.fixed).toEqual([]);
    expect(review.findings.unchanged).toEqual(check.findings);
    expect(review.suppressions).toEqual(sortSuppressions(check.suppressions));
    expect(review.suppressions.map((s) => s.state)).toEqual(['applied']);
  });
});

describe('runPolicy', () => {
  const model = () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']);
    return modelOf(estate);
  };
  const problem = (field?: string): InputProblem => ({
    site: 'nsw-gp',
    address: 'azurerm_firewall_policy_rule_collection_group.egress',
    resourceType: 'azurerm_firewall_policy_rule_collection_group',
    message: 'destination_ports is an unresolved expression',
    ...(field !== undefined ? { field } : {}),
  });

  test('reader problems become findings whose severity follows the field: exposure → error, otherwise warning', () => {
    const evaluation = runPolicy(model(), [problem('EgressFlow.ports'), problem()], { today: TODAY });
    const unreadable = evaluation.findings.filter((f) => f.requirement === UNREADABLE_REQUIREMENT);
    expect(unreadable.map((f) => [f.severity, f.kind, f.pack])).toEqual([
      ['error', 'unknown', 'clinicnet'],
      ['warning', 'unknown', 'clinicnet'],
    ]);
  });

  test('a suppression covers reader problems as it covers rule findings', () => {
    const s = parseSuppression(
      {
        id: UNREADABLE_REQUIREMENT,
        site: 'nsw-gp',
        reason: 'values come at apply time',
        owner: 'netops',
        expires: '2030-07-01',
      },
      'file:1',
    );
    const evaluation = runPolicy(model(), [problem()], { today: TODAY, suppressions: [s] });
    expect(evaluation.suppressed.map((x) => x.finding.requirement)).toEqual([UNREADABLE_REQUIREMENT]);
    expect(evaluation.suppressions.map((x) => x.state)).toEqual(['applied']);
  });

  test('a baseline hides findings by count, after suppressions, and the evaluation lists what it hid', () => {
    const all = runPolicy(model(), [], { today: TODAY });
    expect(all.baselined).toBeUndefined();
    expect(all.findings.length).toBeGreaterThan(1);
    const [kept, ...old] = all.findings;
    const evaluation = runPolicy(model(), [], { today: TODAY, baseline: old });
    expect(evaluation.findings).toEqual([kept]);
    expect(evaluation.baselined).toEqual(old);
    // Listing every old entry twice still hides each finding once: nothing else to hide.
    expect(runPolicy(model(), [], { today: TODAY, baseline: [...old, ...old] }).findings).toEqual([kept]);
  });

  test('a requirement its pack marks not suppressible is neither suppressed nor baselined', () => {
    const packs = builtinPacks().map((p) => ({
      ...p,
      requirements: p.requirements.map((e) =>
        e.requirement === 'LUMOS-EGRESS-443' ? { ...e, suppressible: false } : e,
      ),
    }));
    const all = runPolicy(model(), [], { today: TODAY, packs });
    const evaluation = runPolicy(model(), [], { today: TODAY, packs, baseline: all.findings });
    expect(evaluation.findings.map((f) => f.requirement)).toEqual(['LUMOS-EGRESS-443']);
    const s = parseSuppression(
      { id: 'LUMOS-EGRESS-443', site: 'nsw-gp', reason: 'portal moves soon', owner: 'netops', expires: '2030-07-01' },
      'file:1',
    );
    const suppressed = runPolicy(model(), [], { today: TODAY, packs, suppressions: [s] });
    expect(suppressed.suppressions.map((x) => x.refusal)).toEqual(['SUPPRESSION-NOT-ALLOWED']);
    expect(suppressed.findings.filter((f) => f.requirement === 'LUMOS-EGRESS-443')).toHaveLength(1);
  });

  test('every built-in finding it emits is documented in the clinicnet pack', () => {
    const documented = new Set(BUILTIN_REQUIREMENTS.map((b) => b.id));
    const far = parseSuppression(
      { id: 'LUMOS-EGRESS-443', site: 'nsw-gp', reason: 'ten chars or more', owner: 'x', expires: '2099-01-01' },
      'f:1',
    );
    const broad = parseSuppression(
      { id: 'LUMOS-EGRESS-991', reason: 'ten chars or more', owner: 'x', expires: '2030-07-01' },
      'f:2',
    );
    const psk = parseSuppression(
      { id: 'BASE-PSK-NOT-LITERAL', site: 'nsw-gp', reason: 'ten chars or more', owner: 'x', expires: '2030-07-01' },
      'f:3',
    );
    const old = parseSuppression(
      { id: 'LUMOS-EGRESS-DATA', site: 'nsw-gp', reason: 'ten chars or more', owner: 'x', expires: '2030-01-01' },
      'f:4',
    );
    const unused = parseSuppression(
      { id: 'CUSTO-MODE', site: 'nsw-gp', reason: 'ten chars or more', owner: 'x', expires: '2030-07-01' },
      'f:5',
    );
    const m = model();
    const withPack = { ...m, sites: m.sites.map((s) => ({ ...s, packs: [...s.packs, 'nopack'] as typeof s.packs })) };
    const evaluation = runPolicy(withPack, [problem()], { today: TODAY, suppressions: [far, broad, psk, old, unused] });
    const builtin = evaluation.findings.filter((f) => f.pack === 'clinicnet').map((f) => f.requirement);
    expect(new Set(builtin)).toEqual(documented);
  });
});

describe('applyBaseline counts', () => {
  const allowAny = (ruleName?: string): Finding =>
    finding({ rule: 'no-any-egress', requirement: 'BASE-NO-ANY-EGRESS', ...(ruleName ? { ruleName } : {}) });

  test('2 allow-any findings in one group, 1 baselined entry → 1 shown', () => {
    const { findings, baselined } = applyBaseline([allowAny(), allowAny()], [allowAny()]);
    expect(findings).toHaveLength(1);
    expect(baselined).toHaveLength(1);
  });

  test('with rule names, the old rule is hidden and the new rule beside it in the same group is shown', () => {
    const { findings, baselined } = applyBaseline([allowAny('old-any'), allowAny('new-any')], [allowAny('old-any')]);
    expect(findings.map((f) => f.ruleName)).toEqual(['new-any']);
    expect(baselined.map((f) => f.ruleName)).toEqual(['old-any']);
  });

  test('a finding no suppression may silence is not hidden by a baseline either', () => {
    const psk = finding({ requirement: 'BASE-PSK-NOT-LITERAL', rule: 'psk-not-literal' });
    const notPsk = (f: Finding) => f.requirement !== 'BASE-PSK-NOT-LITERAL';
    expect(applyBaseline([psk, allowAny()], [psk, allowAny()], notPsk)).toEqual({
      findings: [psk],
      baselined: [allowAny()],
    });
  });

  test('the message plays no part; site, path, rule and requirement do', () => {
    const known = [finding({ message: 'old wording' })];
    expect(applyBaseline([finding()], known).findings).toEqual([]);
    for (const other of [{ site: 'x' }, { path: 'y' }, { rule: 'z' }, { requirement: 'W' }])
      expect(applyBaseline([finding(other)], known).findings).toHaveLength(1);
  });
});
