// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check';
import { compareText, inOrder } from '../../lib/core/compare';

describe('compareText and inOrder', () => {
  test('compareText orders as the default sort does (code units, not locale)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 8 }), { maxLength: 20 }), (texts) => {
        expect([...texts].sort(compareText)).toEqual([...texts].sort());
      }),
    );
    expect(['b', 'B', 'a', 'é', 'Z'].sort(compareText)).toEqual(['B', 'Z', 'a', 'b', 'é']);
  });

  test('inOrder is true exactly when sorting would change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 })), (list) => {
        const byValue = (a: number, b: number) => a - b;
        expect(inOrder(list, byValue)).toBe([...list].sort(byValue).every((v, i) => v === list[i]));
      }),
    );
  });
});
