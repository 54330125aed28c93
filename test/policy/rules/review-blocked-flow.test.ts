// SPDX-License-Identifier: Apache-2.0
/** Issue 13: a review whose head only adds a Deny collection ahead of the Lumos rules fails on head. */
import * as path from 'path';
import { runReview } from '../../../lib/cli/review';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'dataplane');
const base = path.join(FIXTURES, 'base.cdk.tf.json');

describe('review of a Deny that blocks a vendor flow', () => {
  test('the head that adds the Deny ahead of lumos-ftps gets the blocked-flow error and exit 1', () => {
    const outcome = runReview({
      base,
      head: path.join(FIXTURES, 'network-deny-first.cdk.tf.json'),
      format: 'markdown',
      failOn: 'error',
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.report).toContain('LUMOS-EGRESS-DATA');
    expect(outcome.report).toContain('deny-non-web');
    expect(outcome.report).not.toContain('No error findings on head');
  });

  test('the same base as head: no blocked flow, exit 0', () => {
    const outcome = runReview({ base, head: base, format: 'markdown', failOn: 'error' });
    expect(outcome.report).not.toContain('deny-non-web');
    expect(outcome.exitCode).toBe(0);
  });
});
