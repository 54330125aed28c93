// SPDX-License-Identifier: Apache-2.0
import { problemFinding } from '../../lib/cli/check';
import { evaluateStaged } from '../../lib/constructs/evaluate-staged';
import { MODEL_VERSION } from '../../lib/model/types';
import type { ReadResult } from '../../lib/terraform';

describe('evaluateStaged', () => {
  const problem = {
    site: '',
    address: 'azurerm_public_ip.stray',
    resourceType: 'azurerm_public_ip',
    message: 'belongs to no site',
  };
  const read: ReadResult = {
    kind: 'cdktf-out',
    model: { version: MODEL_VERSION, sites: [] },
    problems: [problem, { ...problem, site: 'hub', address: 'output.clinicnet_site' }],
    files: [],
    suppressions: [
      {
        id: 'CLINICNET-UNREADABLE',
        path: 'output.clinicnet_site',
        reason: 'declaration written by hand for now',
        owner: 'netops',
        expires: '2099-01-01',
        declaredAt: 'estate/hub',
      },
    ],
  };

  test('reader problems become the same findings as in clinicnet check, and the suppressions read apply to them', () => {
    const evaluation = evaluateStaged(read, { packs: [], extraPacks: [], today: '2030-01-01' });
    expect(evaluation.findings).toEqual([problemFinding(problem)]);
    expect(evaluation.suppressed.map((s) => s.finding.path)).toEqual(['output.clinicnet_site']);
    expect(evaluation.suppressions.map((s) => s.state)).toEqual(['applied']);
  });
});
