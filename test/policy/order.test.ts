// SPDX-License-Identifier: Apache-2.0
import type { Suppression, SuppressionStatus } from '../../lib/policy/evaluation';
import { sortSuppressions } from '../../lib/policy/order';

const status = (declaredAt: string, id = 'LUMOS-TLS12'): SuppressionStatus => {
  const suppression: Suppression = {
    id,
    reason: 'accepted for the pilot',
    owner: 'netops',
    expires: '2099-01-01',
    declaredAt,
  };
  return { suppression, state: 'applied', matched: 1 };
};

describe('sortSuppressions', () => {
  test('entries of one suppression file come in line order, not text order', () => {
    const sorted = sortSuppressions([status('supp.yaml:10'), status('supp.yaml:9'), status('supp.yaml:2')]);
    expect(sorted.map((s) => s.suppression.declaredAt)).toEqual(['supp.yaml:2', 'supp.yaml:9', 'supp.yaml:10']);
  });

  test('different files and construct paths sort as text; the id still comes first', () => {
    const sorted = sortSuppressions([
      status('b.yaml:1'),
      status('a.yaml:30'),
      status('estate/hub', 'BASE-TLS12'),
      status('estate/clinic'),
    ]);
    expect(sorted.map((s) => s.suppression.declaredAt)).toEqual([
      'estate/hub',
      'a.yaml:30',
      'b.yaml:1',
      'estate/clinic',
    ]);
  });
});
