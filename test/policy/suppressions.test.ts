// SPDX-License-Identifier: Apache-2.0
import { evaluate } from '../../lib/policy/engine';
import { parseSuppression } from '../../lib/policy/suppressions';
import { clinic, findingsOf, newEstate, TODAY } from './util';
import { modelOf } from '../constructs/read-back';

const valid = {
  id: 'LUMOS-EGRESS-443',
  reason: 'portal flow moves to the hub next sprint',
  owner: 'netops',
  expires: '2030-12-31',
};

describe('parseSuppression', () => {
  test('accepts a complete suppression and records where it was declared', () => {
    expect(parseSuppression({ ...valid, site: 'nsw-gp' }, 'suppressions.yaml:4')).toEqual({
      ...valid,
      site: 'nsw-gp',
      declaredAt: 'suppressions.yaml:4',
    });
  });

  test.each([
    [{ ...valid, reason: 'later' }, /reason — got "later", expected at least 10 characters/],
    [{ ...valid, owner: undefined }, /owner — got nothing/],
    [{ ...valid, expires: '2030-02-30' }, /expires — got "2030-02-30", expected a real calendar date/],
    [{ ...valid, expiry: '2030-01-01' }, /unknown field "expiry"/],
    ['LUMOS-TLS12', /entry — got "LUMOS-TLS12"/],
  ])('rejects %j', (data, message) => {
    expect(() => parseSuppression(data, 'suppressions.yaml:1')).toThrow(message);
    expect(() => parseSuppression(data, 'suppressions.yaml:1')).toThrow(
      /^\[SUPPRESSION-INVALID\] invalid suppression at suppressions.yaml:1/,
    );
  });
});

describe('suppressions in an evaluation', () => {
  function model() {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']);
    clinic(estate, 'tx-clinic', 2, ['lumos']);
    return modelOf(estate);
  }

  test('a live suppression silences matching findings of its site only, and says how many', () => {
    const s = parseSuppression({ ...valid, site: 'nsw-gp' }, 'file:1');
    const evaluation = evaluate(model(), { suppressions: [s], today: TODAY });
    expect(findingsOf(evaluation, 'LUMOS-EGRESS-443').map((f) => f.site)).toEqual(['tx-clinic']);
    expect(evaluation.suppressed.map((x) => x.finding.site)).toEqual(['nsw-gp']);
    expect(evaluation.suppressions).toEqual([{ suppression: s, state: 'applied', matched: 1 }]);
  });

  test('a path suppression covers findings below that path', () => {
    const m = model();
    const site = m.sites.find((x) => x.name === 'nsw-gp');
    const s = parseSuppression({ ...valid, id: 'required-egress-flows', path: site?.path }, 'file:2');
    const evaluation = evaluate(m, { suppressions: [s], today: TODAY });
    expect(evaluation.suppressed.map((x) => x.finding.requirement).sort()).toEqual([
      'LUMOS-EGRESS-443',
      'LUMOS-EGRESS-991',
      'LUMOS-EGRESS-DATA',
    ]);
  });

  test('an expired suppression silences nothing and is an error', () => {
    const s = parseSuppression({ ...valid, expires: '2030-06-14' }, 'file:3');
    const evaluation = evaluate(model(), { suppressions: [s], today: TODAY });
    expect(findingsOf(evaluation, 'LUMOS-EGRESS-443')).toHaveLength(2);
    expect(findingsOf(evaluation, 'SUPPRESSION-EXPIRED').map((f) => [f.severity, f.path])).toEqual([
      ['error', 'file:3'],
    ]);
    expect(evaluation.suppressions[0].state).toBe('expired');
  });

  test('a suppression that matches nothing is a warning, and still listed', () => {
    // Scoped to a site: CUSTO-MODE is an error requirement, which governance does not let go estate-wide.
    const s = parseSuppression({ ...valid, id: 'CUSTO-MODE', site: 'nsw-gp' }, 'file:4');
    const evaluation = evaluate(model(), { suppressions: [s], today: TODAY });
    expect(findingsOf(evaluation, 'SUPPRESSION-UNUSED').map((f) => f.severity)).toEqual(['warning']);
    expect(evaluation.suppressions).toEqual([{ suppression: s, state: 'unused', matched: 0 }]);
  });
});
