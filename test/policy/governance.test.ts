// SPDX-License-Identifier: Apache-2.0
import type { Suppression } from '../../lib/policy/evaluation';
import {
  addDays,
  DEFAULT_MAX_SUPPRESSION_DAYS,
  governanceFor,
  isSuppressible,
  refusalOf,
} from '../../lib/policy/governance';
import { builtinPacks, type Pack } from '../../lib/policy/pack';
import { runPolicy } from '../../lib/policy/pipeline';
import { applySuppressions, parseSuppression } from '../../lib/policy/suppressions';
import { finding } from '../report/evaluations';
import { clinic, newEstate, TODAY } from './util';
import { modelOf } from '../constructs/read-back';

const suppression = (overrides: Partial<Suppression> = {}): Suppression => ({
  id: 'LUMOS-BY-HOSTNAME',
  site: 'nsw-gp-parramatta',
  reason: 'vendor migration in progress',
  owner: 'netops',
  expires: '2030-07-01',
  declaredAt: 'suppressions.yaml:2',
  ...overrides,
});

const pack = (entries: Partial<Pack['requirements'][number]>[]): Pack => ({
  id: 'test',
  title: 'test pack',
  appliesTo: 'every-site',
  requirements: entries.map((e) => ({
    requirement: 'TEST-REQ',
    title: 't',
    rule: 'test-rule',
    severity: 'warning',
    source: { document: 'doc', section: 'sec' },
    remediation: 'fix it somehow',
    ...e,
  })),
});

describe('suppression governance', () => {
  test('the horizon defaults to one year from the run date; the last day is allowed, the next refused', () => {
    const g = governanceFor([], TODAY);
    expect(DEFAULT_MAX_SUPPRESSION_DAYS).toBe(365);
    expect(g.latestExpiry).toBe('2031-06-15');
    expect(refusalOf(suppression({ expires: '2031-06-15' }), [], g)).toBeUndefined();
    expect(refusalOf(suppression({ expires: '2031-06-16' }), [], g)).toBe('SUPPRESSION-TOO-LONG');
    expect(refusalOf(suppression({ expires: '9999-12-31' }), [], g)).toBe('SUPPRESSION-TOO-LONG');
  });

  test('the horizon is configurable and must be a whole number of days', () => {
    expect(governanceFor([], TODAY, 30).latestExpiry).toBe('2030-07-15');
    expect(refusalOf(suppression({ expires: '2030-07-16' }), [], governanceFor([], TODAY, 30))).toBe(
      'SUPPRESSION-TOO-LONG',
    );
    expect(() => governanceFor([], TODAY, 0)).toThrow(/whole number/);
    expect(() => governanceFor([], TODAY, 1.5)).toThrow(/whole number/);
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  test('an error requirement may not be suppressed rule-wide or estate-wide; a site or a path is enough', () => {
    const g = governanceFor([pack([{ severity: 'error' }])], TODAY);
    const broad = suppression({ id: 'TEST-REQ', site: undefined });
    expect(refusalOf(broad, [], g)).toBe('SUPPRESSION-TOO-BROAD');
    expect(refusalOf({ ...broad, site: '*' }, [], g)).toBe('SUPPRESSION-TOO-BROAD');
    expect(refusalOf({ ...broad, id: 'test-rule' }, [], g)).toBe('SUPPRESSION-TOO-BROAD');
    expect(refusalOf({ ...broad, site: 'nsw-gp' }, [], g)).toBeUndefined();
    expect(refusalOf({ ...broad, path: 'estate/nsw-gp' }, [], g)).toBeUndefined();
    // A warning requirement may be suppressed everywhere…
    expect(refusalOf(broad, [], governanceFor([pack([{}])], TODAY))).toBeUndefined();
    // …unless what it would silence is an error (a built-in finding no pack lists, say).
    expect(refusalOf(broad, [finding({ requirement: 'TEST-REQ', severity: 'error' })], governanceFor([], TODAY))).toBe(
      'SUPPRESSION-TOO-BROAD',
    );
  });

  test('a path that silences error findings at more than one site is too broad', () => {
    const g = governanceFor([], TODAY);
    const s = suppression({ site: undefined, path: 'estate' });
    const at = (site: string, severity: 'error' | 'warning' = 'error') => finding({ site, severity });
    expect(refusalOf(s, [at('a'), at('b')], g)).toBe('SUPPRESSION-TOO-BROAD');
    expect(refusalOf(s, [at('a'), at('a')], g)).toBeUndefined();
    expect(refusalOf(s, [at('a'), at('b', 'warning')], g)).toBeUndefined();
  });

  test('a requirement its pack marks suppressible: false is refused by id, by rule slug and by what it matches', () => {
    const g = governanceFor([pack([{ suppressible: false }])], TODAY);
    expect(refusalOf(suppression({ id: 'TEST-REQ' }), [], g)).toBe('SUPPRESSION-NOT-ALLOWED');
    expect(refusalOf(suppression({ id: 'test-rule' }), [], g)).toBe('SUPPRESSION-NOT-ALLOWED');
    expect(refusalOf(suppression({ id: 'OTHER' }), [finding({ requirement: 'TEST-REQ' })], g)).toBe(
      'SUPPRESSION-NOT-ALLOWED',
    );
  });

  test('BASE-PSK-NOT-LITERAL is not suppressible; other built-in requirements are', () => {
    const entries = builtinPacks().flatMap((p) => p.requirements);
    expect(entries.filter((e) => !isSuppressible(e)).map((e) => e.requirement)).toEqual(['BASE-PSK-NOT-LITERAL']);
  });

  test('a refused suppression silences nothing, is listed as refused and is itself an error finding', () => {
    const f = finding();
    const tooLong = suppression({ expires: '2099-12-31' });
    const outcome = applySuppressions([f], [tooLong], TODAY, governanceFor([], TODAY));
    expect(outcome.suppressed).toEqual([]);
    expect(outcome.findings[0]).toBe(f);
    expect(outcome.statuses).toEqual([
      { suppression: tooLong, state: 'refused', matched: 0, refusal: 'SUPPRESSION-TOO-LONG' },
    ]);
    expect(outcome.findings[1]).toMatchObject({
      requirement: 'SUPPRESSION-TOO-LONG',
      rule: 'suppression-governance',
      severity: 'error',
      pack: 'clinicnet',
      path: 'suppressions.yaml:2',
    });
    expect(outcome.findings[1].message).toMatch(
      /^\[SUPPRESSION-TOO-LONG\] suppression of LUMOS-BY-HOSTNAME expires too far ahead — got expires 2099-12-31, expected an expiry on or before 2031-06-15/,
    );
  });

  test('through the pipeline: maxSuppressionDays lets a longer suppression apply', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']);
    const s = parseSuppression(
      {
        id: 'LUMOS-EGRESS-443',
        site: 'nsw-gp',
        reason: 'portal moves next year',
        owner: 'netops',
        expires: '2032-01-01',
      },
      'file:1',
    );
    const refused = runPolicy(modelOf(estate), [], { today: TODAY, suppressions: [s] });
    expect(refused.suppressions.map((x) => x.state)).toEqual(['refused']);
    expect(refused.findings.filter((f) => f.requirement === 'LUMOS-EGRESS-443')).toHaveLength(1);
    const allowed = runPolicy(modelOf(estate), [], { today: TODAY, suppressions: [s], maxSuppressionDays: 600 });
    expect(allowed.suppressions.map((x) => x.state)).toEqual(['applied']);
    expect(allowed.findings.filter((f) => f.requirement === 'LUMOS-EGRESS-443')).toHaveLength(0);
  });
});
