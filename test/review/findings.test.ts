// SPDX-License-Identifier: Apache-2.0
import type { Finding } from '../../lib/policy/finding';
import { diffFindings } from '../../lib/review/findings';

const f = (requirement: string, message: string, path = 'clinic/firewall'): Finding => ({
  rule: 'rule',
  requirement,
  severity: 'error',
  kind: 'violation',
  pack: 'lumos',
  site: 'clinic',
  path,
  message,
  remediation: 'fix it',
  source: 'doc',
});

describe('diffFindings', () => {
  test('splits findings into new, fixed and unchanged', () => {
    const diff = diffFindings([f('A', 'a'), f('B', 'b')], [f('B', 'b'), f('C', 'c')]);
    expect(diff.new.map((x) => x.requirement)).toEqual(['C']);
    expect(diff.fixed.map((x) => x.requirement)).toEqual(['A']);
    expect(diff.unchanged.map((x) => x.requirement)).toEqual(['B']);
  });

  test('a reworded message at the same rule and place is the same finding', () => {
    const diff = diffFindings([f('A', 'got 1.0')], [f('A', 'got 1.1')]);
    expect(diff.new).toEqual([]);
    expect(diff.fixed).toEqual([]);
    expect(diff.unchanged[0].message).toBe('got 1.1');
  });

  test('duplicates are matched one for one', () => {
    const diff = diffFindings([f('A', 'x')], [f('A', 'x'), f('A', 'x', 'clinic/other')]);
    expect(diff.unchanged).toHaveLength(1);
    expect(diff.new.map((x) => x.path)).toEqual(['clinic/other']);
  });
});
