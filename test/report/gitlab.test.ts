// SPDX-License-Identifier: Apache-2.0
/** GitLab Code Quality locations: the same declared file and line as SARIF's. */
import { renderGitlab } from '../../lib/report/gitlab';
import { finding, mixedEvaluation } from './evaluations';

type Issue = { check_name: string; location: unknown };

describe('GitLab Code Quality locations', () => {
  const evaluation = { ...mixedEvaluation(), suppressed: [] };
  const fileOf = () => 'cdktf.out/stacks/x/cdk.tf.json';

  test('a finding with a declared location is placed on its file and line', () => {
    const locationOf = (f: { requirement: string }) =>
      f.requirement === 'LUMOS-BY-HOSTNAME' ? { file: 'stacks/estate.ts', line: 120 } : undefined;
    const issues = JSON.parse(renderGitlab(evaluation, { fileOf, locationOf })) as Issue[];
    expect(issues.find((i) => i.check_name === 'LUMOS-BY-HOSTNAME')?.location).toEqual({
      path: 'stacks/estate.ts',
      lines: { begin: 120 },
    });
    // Others keep the input file, on its first line (GitLab wants a line).
    expect(issues.find((i) => i.check_name === 'HL7-AGENT-SPOF')?.location).toEqual({
      path: 'cdktf.out/stacks/x/cdk.tf.json',
      lines: { begin: 1 },
    });
  });

  test('a declared file without a line is placed on its first line', () => {
    const issues = JSON.parse(
      renderGitlab(
        { findings: [finding()], suppressed: [], suppressions: [] },
        { locationOf: () => ({ file: 'a.tf.json' }) },
      ),
    ) as Issue[];
    expect(issues[0].location).toEqual({ path: 'a.tf.json', lines: { begin: 1 } });
  });
});
