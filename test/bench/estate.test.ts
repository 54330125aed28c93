// SPDX-License-Identifier: Apache-2.0
import { median, renderTable, seededRandom } from '../../bench/harness';
import { randomEstate } from '../../bench/estate';
import { AddressPlan } from '../../lib/net/address-plan';

describe('bench harness', () => {
  test('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('the seeded generator repeats', () => {
    const [a, b] = [seededRandom(7), seededRandom(7)];
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  test('the table aligns numbers right and text left', () => {
    const table = renderTable([
      { benchmark: 'overlap', size: 1000, method: 'sort', medianMs: 1.25, runs: 5, detail: '5 pairs' },
      { benchmark: 'overlap', size: 100000, method: 'all-pairs', medianMs: 1500, runs: 3 },
    ]);
    expect(table.split('\n')).toEqual([
      'benchmark   ranges  method     median  runs  result',
      '---------  -------  ---------  ------  ----  -------',
      'overlap      1,000  sort       1.3 ms     5  5 pairs',
      'overlap    100,000  all-pairs  1.50 s     3',
      '',
    ]);
  });
});

describe('randomEstate', () => {
  test('has exactly the requested size, is the same every run, and holds a few planted overlaps', () => {
    const estate = randomEstate(5000);
    expect(estate).toHaveLength(5000);
    expect(randomEstate(5000).map((r) => `${r.name} ${r.cidr.toString()}`)).toEqual(
      estate.map((r) => `${r.name} ${r.cidr.toString()}`),
    );
    const plan = new AddressPlan(estate);
    expect(plan.overlaps().length).toBeGreaterThan(0);
    expect(plan.overlaps().length).toBeLessThan(estate.length / 20);
    expect(plan.containmentErrors()).toEqual([]);
    expect(new Set(estate.map((r) => r.cidr.version))).toEqual(new Set([4, 6]));
  });
});
