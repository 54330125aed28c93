// SPDX-License-Identifier: Apache-2.0
/** `clinicnet check --format gitlab`: GitLab's Code Quality report. */
import * as path from 'path';
import { runCli } from '../cli/run-cli';
import { renderGitlab } from '../../lib/report/gitlab';
import type { Evaluation } from '../../lib/policy/evaluation';
import type { Finding } from '../../lib/policy/finding';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'required-egress-flows',
  requirement: 'LUMOS-EGRESS-DATA',
  severity: 'error',
  kind: 'violation',
  pack: 'lumos',
  site: 'clinic',
  path: 'azurerm_firewall_policy_rule_collection_group.rcg',
  message: 'no allowed flow',
  remediation: 'allow it',
  source: 'Lumos guide',
  ...over,
});

const evaluation = (findings: Finding[]): Evaluation => ({ findings, suppressed: [], suppressions: [] });

describe('GitLab Code Quality report', () => {
  test('each finding: description, check name, severity mapped, location path and line 1', () => {
    const issues = JSON.parse(
      renderGitlab(
        evaluation([
          finding({}),
          finding({ severity: 'warning', requirement: 'BASE-X', message: 'w' }),
          finding({ severity: 'info', requirement: 'BASE-Y', message: 'i' }),
        ]),
        { fileOf: () => 'cdktf.out\\stacks\\clinic\\cdk.tf.json' },
      ),
    ) as Record<string, unknown>[];
    expect(issues.map((i) => [i.check_name, i.severity, i.description])).toEqual([
      ['LUMOS-EGRESS-DATA', 'major', 'no allowed flow'],
      ['BASE-X', 'minor', 'w'],
      ['BASE-Y', 'info', 'i'],
    ]);
    expect(issues[0].location).toEqual({ path: 'cdktf.out/stacks/clinic/cdk.tf.json', lines: { begin: 1 } });
    expect(Object.keys(issues[0]).sort()).toEqual(['check_name', 'description', 'fingerprint', 'location', 'severity']);
  });

  test('fingerprints are stable across runs and message changes, and unique within a run', () => {
    const once = JSON.parse(renderGitlab(evaluation([finding({}), finding({})]))) as { fingerprint: string }[];
    const again = JSON.parse(renderGitlab(evaluation([finding({ message: 'reworded' }), finding({})]))) as {
      fingerprint: string;
    }[];
    expect(once.map((i) => i.fingerprint)).toEqual(again.map((i) => i.fingerprint));
    expect(new Set(once.map((i) => i.fingerprint)).size).toBe(2);
    expect(once[0].fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const other = JSON.parse(renderGitlab(evaluation([finding({ site: 'other' })]))) as { fingerprint: string }[];
    expect(other[0].fingerprint).not.toBe(once[0].fingerprint);
  });

  test('no findings: an empty array', () => {
    expect(renderGitlab(evaluation([]))).toBe('[]\n');
  });

  test('clinicnet check --format gitlab on a fixture: the input file as location, exit code as check', async () => {
    const input = path.join('test', 'fixtures', 'review2', 'blocking-deny', 'head.cdk.tf.json');
    const run = await runCli(['check', input, '--format', 'gitlab']);
    expect(run.code).toBe(1);
    const issues = JSON.parse(run.out) as { severity: string; location: { path: string } }[];
    expect(issues.some((i) => i.severity === 'major')).toBe(true);
    expect(issues.every((i) => i.location.path.endsWith('head.cdk.tf.json'))).toBe(true);
  });
});
