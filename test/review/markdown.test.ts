// SPDX-License-Identifier: Apache-2.0
import type { Evaluation } from '../../lib/policy/evaluation';
import type { Finding } from '../../lib/policy/finding';
import { renderReviewJson } from '../../lib/review/json';
import { COMMENT_MARKER, renderReviewMarkdown } from '../../lib/review/markdown';
import { buildReview, reviewExitCode } from '../../lib/review/review';
import { flow, forward, model, site } from './builders';
import { parseReviewJson } from '../cli/json-output';

function finding(requirement: string, site: string, overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'required-egress',
    requirement,
    severity: 'error',
    kind: 'violation',
    pack: 'lumos',
    site,
    path: `${site}/firewall`,
    message: `[${requirement}] required flow missing — got nothing, expected TCP 3000-3010 to csu.cherel.org.au; fix: add the flow`,
    remediation: 'add the flow',
    source: 'Lumos PenCS Network Configuration Guide, Outbound Traffic Destination Ports',
    ...overrides,
  };
}

const evaluation = (findings: Finding[]): Evaluation => ({ findings, suppressed: [], suppressions: [] });
const lumosData = flow('lumos-ftps-data', { ports: ['3000-3010'], requirement: 'LUMOS-EGRESS-DATA' });
const keep = flow('lumos-portal', {
  fqdns: ['authentigate.cherel.org.au'],
  ports: ['443'],
  requirement: 'LUMOS-EGRESS-443',
});

function prReview() {
  return buildReview({
    base: model(site('parramatta', { egress: [keep, lumosData] }), site('blacktown', { egress: [keep] })),
    head: model(
      site('parramatta', { egress: [keep], inbound: [forward('custo-rdt')] }),
      site('blacktown', { egress: [keep] }),
    ),
    baseEvaluation: evaluation([
      finding('LUMOS-TLS12', 'blacktown', { severity: 'warning', message: '[LUMOS-TLS12] old' }),
    ]),
    headEvaluation: evaluation([finding('LUMOS-EGRESS-DATA', 'parramatta')]),
    vendorOf: (req) => (req.startsWith('LUMOS-') ? 'Lumos' : req.startsWith('CUSTO-') ? 'custo' : undefined),
  });
}

describe('renderReviewMarkdown', () => {
  test('the verdict is the first line and the next lines name the new forward, the removed Lumos flow and the new finding', () => {
    const lines = renderReviewMarkdown(prReview()).split('\n');
    expect(lines[0]).toMatch(
      /^\*\*clinicnet review\*\* — ❌ Blocked: head has 1 error finding; 2 changes across 1 site, 2 security-relevant; 0 broadening, 0 narrowing; 1 new, 1 fixed finding\.$/,
    );
    // Models built without a data plane: the review says reachability was not evaluated, never that nothing changed.
    expect(lines[2]).toBe(
      '- ❔ reachability not evaluated (no data plane read) for 2 sites: `blacktown`, `parramatta`',
    );
    expect(lines[3]).toMatch(/^- new inbound custo port forward `custo-rdt` .* on parramatta$/);
    expect(lines[4]).toMatch(
      /^- Lumos flow REMOVED: `lumos-ftps-data` TCP 3000-3010 → `csu\.cherel\.org\.au` .*\\\(LUMOS-EGRESS-DATA\\\) on parramatta$/,
    );
    expect(lines[5]).toMatch(/^- new error finding LUMOS-EGRESS-DATA on parramatta: /);
  });

  test('only changed sites get a table; fixed and unchanged findings are folded', () => {
    const md = renderReviewMarkdown(prReview());
    expect(md).toContain('### Site `parramatta` — changed');
    expect(md).not.toContain('Site `blacktown`');
    expect(md).toContain('<details><summary>✅ Fixed since base (1)</summary>');
    expect(md).toContain('#### 🆕 New findings on head (1)');
    expect(md.trimEnd().endsWith(COMMENT_MARKER)).toBe(true);
  });

  test('never exceeds the cap, and names what it left out', () => {
    // GIVEN 400 clinics that each gain a flow, and 400 new findings
    const names = Array.from({ length: 400 }, (_, i) => `clinic-${String(i).padStart(3, '0')}`);
    const review = buildReview({
      base: model(...names.map((n) => site(n))),
      head: model(
        ...names.map((n) => site(n, { egress: [flow(`extra-${n}`, { fqdns: [`${n}.vendor.example.org`] })] })),
      ),
      baseEvaluation: evaluation([]),
      headEvaluation: evaluation(names.map((n) => finding('LUMOS-EGRESS-DATA', n))),
    });
    // WHEN
    const md = renderReviewMarkdown(review);
    // THEN
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.split('\n')[0]).toContain('❌ Blocked: head has 400 error findings');
    expect(md).toMatch(/> ✂️ Truncated to fit a pull-request comment\. Left out: .*site clinic-\d{3}/);
    expect(md).toContain('Run `clinicnet review --format json` for the full review.');
    // The full content is still in the JSON.
    expect(parseReviewJson(renderReviewJson(review)).sites).toHaveLength(400);
  });

  test('a smaller cap cuts a long table row by row and says how many rows went', () => {
    const review = prReview();
    const md = renderReviewMarkdown(review, { maxChars: 2_400 });
    expect(md.length).toBeLessThanOrEqual(2_400);
    expect(md).toContain('Left out:');
  });

  test('output is deterministic', () => {
    expect(renderReviewMarkdown(prReview())).toBe(renderReviewMarkdown(prReview()));
    expect(renderReviewJson(prReview())).toBe(renderReviewJson(prReview()));
  });
});

describe('buildReview', () => {
  test('fails on head errors like check, and passes when head has only warnings', () => {
    expect(reviewExitCode(prReview())).toBe(1);
    const fine = buildReview({
      base: model(site('a')),
      head: model(site('a')),
      baseEvaluation: evaluation([]),
      headEvaluation: evaluation([finding('LUMOS-TLS12', 'a', { severity: 'warning' })]),
    });
    expect(reviewExitCode(fine)).toBe(0);
    expect(fine.verdict).toMatch(/^✅ No error findings on head; 0 changes across 0 sites/);
  });

  test('JSON carries the verdict, highlights, per-site changes and the findings diff', () => {
    const json = parseReviewJson(renderReviewJson(prReview()));
    expect(json.reviewVersion).toBe(1);
    expect(json.highlights).toHaveLength(3);
    expect(json.findings.new.map((f) => f.requirement)).toEqual(['LUMOS-EGRESS-DATA']);
    expect(json.findings.fixed.map((f) => f.requirement)).toEqual(['LUMOS-TLS12']);
    expect(json.sites.map((s) => [s.site, s.status])).toEqual([
      ['blacktown', 'unchanged'],
      ['parramatta', 'changed'],
    ]);
  });
});
