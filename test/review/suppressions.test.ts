// SPDX-License-Identifier: Apache-2.0
import type { Evaluation, Suppression, SuppressionStatus } from '../../lib/policy/evaluation';
import type { Finding } from '../../lib/policy/finding';
import { renderReviewJson } from '../../lib/review/json';
import { renderReviewMarkdown } from '../../lib/review/markdown';
import { buildReview } from '../../lib/review/review';
import { diffSuppressions } from '../../lib/review/suppressions';
import { flow, model, site } from './builders';

const suppression = (overrides: Partial<Suppression> = {}): Suppression => ({
  id: 'LUMOS-EGRESS-DATA',
  site: 'parramatta',
  reason: 'vendor moves the data endpoint next month',
  owner: 'netops',
  expires: '2030-07-01',
  declaredAt: 'suppressions.yaml:2',
  ...overrides,
});
const applied = (s: Suppression): SuppressionStatus => ({ suppression: s, state: 'applied', matched: 1 });
const evaluation = (suppressions: Suppression[], findings: Finding[] = []): Evaluation => ({
  findings,
  suppressed: [],
  suppressions: suppressions.map(applied),
});

describe('diffSuppressions', () => {
  test('new ones are added, a reworded or re-dated one is changed, a moved declaration is not a change', () => {
    const kept = suppression();
    const redated = suppression({ id: 'LUMOS-TLS12', expires: '2030-08-01' });
    const added = suppression({ id: 'CUSTO-MODE', site: 'blacktown' });
    const changes = diffSuppressions(
      [applied(kept), applied({ ...redated, expires: '2030-07-01' })],
      [applied({ ...kept, declaredAt: 'suppressions.yaml:9' }), applied(redated), applied(added)],
    );
    expect(changes.map((c) => [c.kind, c.status.suppression.id, c.before?.expires])).toEqual([
      ['added', 'CUSTO-MODE', undefined],
      ['changed', 'LUMOS-TLS12', '2030-07-01'],
    ]);
  });

  test('counts: a second identical suppression on head is added', () => {
    const s = suppression();
    expect(diffSuppressions([applied(s)], [applied(s), applied(s)]).map((c) => c.kind)).toEqual(['added']);
    expect(diffSuppressions([applied(s)], [applied(s)])).toEqual([]);
  });
});

describe('review of a change that adds a suppression', () => {
  const names = Array.from({ length: 300 }, (_, i) => `clinic-${String(i).padStart(3, '0')}`);
  const review = (base: Suppression[], head: Suppression[]) =>
    buildReview({
      base: model(...names.map((n) => site(n))),
      head: model(...names.map((n) => site(n, { egress: [flow(`extra-${n}`)] }))),
      baseEvaluation: evaluation(base),
      headEvaluation: evaluation(head),
    });

  test('the verdict counts it and asks for review instead of saying all is fine', () => {
    const quiet = (base: Suppression[], head: Suppression[]) =>
      buildReview({
        base: model(site('parramatta')),
        head: model(site('parramatta')),
        baseEvaluation: evaluation(base),
        headEvaluation: evaluation(head),
      });
    const without = quiet([], []);
    expect(without.verdict).toMatch(/^✅ No error findings on head; .*\.$/);
    expect(without.verdict).not.toContain('suppression');
    const with1 = quiet([], [suppression()]);
    expect(with1.counts.suppressionChanges).toBe(1);
    expect(with1.verdict).toMatch(/^⚠️ Needs review: no error findings on head; .*; 1 suppression added or changed\.$/);
  });

  test('it is listed at the top, before the site sections, never folded, and kept when the comment is cut', () => {
    const s = suppression({ reason: 'silences the data-flow finding for the whole migration' });
    const md = renderReviewMarkdown(review([], [s]), { maxChars: 4_000 });
    const lines = md.split('\n');
    expect(lines[0]).toContain('1 suppression added or changed');
    const heading = lines.findIndex((l) => l.startsWith('#### 🔕 Suppressions added or changed by this change (1)'));
    const firstSite = lines.findIndex((l) => l.startsWith('| Site |') || l.startsWith('### Site'));
    expect(heading).toBeGreaterThan(0);
    expect(heading).toBeLessThan(firstSite);
    expect(md).toContain('| added | LUMOS-EGRESS-DATA | parramatta | every path | silences the data-flow finding');
    expect(md.slice(0, md.indexOf('silences the data-flow'))).not.toContain('<details>');
    // The comment was cut (300 changed sites), the suppression list was not.
    expect(md).toContain('Left out:');
    expect(md).not.toMatch(/Left out:.*suppressions added or changed/);
  });

  test('the JSON review carries the changes whole', () => {
    const json = JSON.parse(renderReviewJson(review([], [suppression()]))) as { suppressionChanges: unknown[] };
    expect(json.suppressionChanges).toHaveLength(1);
  });

  test('every added suppression is listed even when they alone exceed the room left', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      suppression({ id: `LUMOS-REQ-${i}`, reason: `reason number ${i} that is long enough to take room in a row` }),
    );
    const md = renderReviewMarkdown(review([], many), { maxChars: 2_000 });
    for (let i = 0; i < 12; i++) expect(md).toContain(`| added | LUMOS-REQ-${i} |`);
    expect(md).not.toMatch(/Left out:.*suppressions added or changed/);
  });
});
