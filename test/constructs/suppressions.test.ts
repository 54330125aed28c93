// SPDX-License-Identifier: Apache-2.0
import { Suppressions } from '../../lib/constructs/suppressions';
import { evaluate } from '../../lib/policy/engine';
import { clinic, findingsOf, newEstate, TODAY } from '../policy/util';
import { modelOf } from './read-back';

const props = {
  id: 'LUMOS-EGRESS-443',
  reason: 'portal reached through the hub until cut-over',
  owner: 'netops',
  expires: '2030-12-31',
};

describe('Suppressions.of(construct)', () => {
  test('a suppression on the estate is inherited by the site below it', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']);
    Suppressions.of(estate).add(props);
    const evaluation = evaluate(modelOf(estate), {
      suppressions: Suppressions.collect(estate.node.root),
      today: TODAY,
    });
    expect(findingsOf(evaluation, 'LUMOS-EGRESS-443')).toEqual([]);
    expect(evaluation.suppressions.map((s) => [s.suppression.declaredAt, s.state, s.matched])).toEqual([
      ['estate', 'applied', 1],
    ]);
  });

  test('a suppression on the estate that would silence an error at several sites is refused as too broad', () => {
    const estate = newEstate();
    clinic(estate, 'nsw-gp', 1, ['lumos']);
    clinic(estate, 'tx-clinic', 2, ['lumos']);
    Suppressions.of(estate).add(props);
    const evaluation = evaluate(modelOf(estate), {
      suppressions: Suppressions.collect(estate.node.root),
      today: TODAY,
    });
    expect(findingsOf(evaluation, 'LUMOS-EGRESS-443')).toHaveLength(2);
    expect(evaluation.suppressions.map((s) => [s.suppression.declaredAt, s.state, s.refusal])).toEqual([
      ['estate', 'refused', 'SUPPRESSION-TOO-BROAD'],
    ]);
  });

  test('a suppression on one site does not reach another', () => {
    const estate = newEstate();
    const a = clinic(estate, 'nsw-gp', 1, ['lumos']);
    clinic(estate, 'tx-clinic', 2, ['lumos']);
    Suppressions.of(a).add(props);
    const evaluation = evaluate(modelOf(estate), {
      suppressions: Suppressions.collect(estate.node.root),
      today: TODAY,
    });
    expect(findingsOf(evaluation, 'LUMOS-EGRESS-443').map((f) => f.site)).toEqual(['tx-clinic']);
  });

  test('a short reason is refused when declared', () => {
    const site = clinic(newEstate(), 'nsw-gp', 1);
    expect(() => Suppressions.of(site).add({ ...props, reason: 'wip' })).toThrow(
      /\[SUPPRESSION-INVALID\] invalid suppression at estate\/nsw-gp: reason/,
    );
  });
});
