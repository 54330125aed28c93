// SPDX-License-Identifier: Apache-2.0
/**
 * Base/head fixtures for each kind of reachability change (test/fixtures/review2/NAME): the
 * review's Markdown and JSON are pinned as golden files (regenerate with UPDATE_GOLDEN=1 after
 * reading the difference), and the lines a reviewer reads first are asserted one by one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runReview, type ReviewOptions } from '../../lib/cli/review';

const DIR = path.join('test', 'fixtures', 'review2');

function reviewOf(name: string, extra: Partial<ReviewOptions> = {}) {
  const options: ReviewOptions = {
    base: path.join(DIR, name, 'base.cdk.tf.json'),
    head: path.join(DIR, name, 'head.cdk.tf.json'),
    format: 'markdown',
    failOn: 'error',
    maxSuppressionDays: 36500,
    ...extra,
  };
  const md = runReview(options);
  const json = runReview({ ...options, format: 'json' });
  return { md, json, parsed: JSON.parse(json.report) as Record<string, unknown> };
}

function golden(file: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, text);
  expect(text).toBe(fs.readFileSync(file, 'utf8'));
}

const CASES = [
  'blocking-deny',
  'allow-any',
  'nic-public-ip',
  'route-around-firewall',
  'parent-policy',
  'pack-removed',
  'suppression-added',
  'wider-sources',
];

describe.each(CASES)('review of %s', (name) => {
  const { md, json } = reviewOf(name);
  test('Markdown and JSON are the golden files', () => {
    golden(path.join(DIR, name, 'expected.md'), md.report);
    golden(path.join(DIR, name, 'expected.json'), json.report);
  });
  test('Markdown and JSON agree on the verdict and the exit code', () => {
    expect(json.review).toEqual(md.review);
    expect(json.exitCode).toBe(md.exitCode);
  });
});

const lines = (report: string) => report.split('\n');

describe('each kind of reachability change', () => {
  test('a DNAT source widened from a /24 to a /16: the same answer from "the internet", broadening from the new range', () => {
    const { md, parsed } = reviewOf('wider-sources', { failOn: 'never' });
    expect(lines(md.report)[0]).toMatch(/ 1 broadening, 0 narrowing;/);
    const reach = parsed.reachability as {
      changes: { flow: string; before: string; after: string; direction: string }[];
    };
    expect(reach.changes.map((c) => [c.flow, c.before, c.after, c.direction])).toEqual([
      ['TCP 8443 to pip-fw from 198.51.0.0/16', 'denied', 'allowed', 'broadening'],
    ]);
    expect(reviewOf('wider-sources', { failOn: 'never', failOnBroadening: true }).md.exitCode).toBe(1);
  });

  test('a blocking Deny: the flow, its host and ports and the rule that blocks it are named first; exit 1', () => {
    const { md, parsed } = reviewOf('blocking-deny');
    expect(md.exitCode).toBe(1);
    // Base already has an unchanged error finding (no NAT gateway); the broken flow fails on its own below (failOn warning is not needed).
    expect(lines(md.report)[0]).toMatch(/❌ Blocked: .* 0 broadening, 1 narrowing;/);
    expect(lines(md.report)[2]).toBe(
      '- ❌ Implicit FTPS data ports — TCP 3000-3010 to `csu.cherel.org.au` from practice: reachable → **blocked** by network collection deny-non-web \\(priority 150\\) rule high-ports, added in this change (`clinic`)',
    );
    const alone = reviewOf('blocking-deny', { failOn: 'error' }).md.review;
    expect(alone.counts.brokenObligations).toBe(1);
    const reach = parsed.reachability as { changes: { broken: boolean; requirement: string; cause: string }[] };
    expect(reach.changes.map((c) => [c.requirement, c.broken])).toEqual([['LUMOS-EGRESS-DATA', true]]);
  });

  test('--fail-on never reports the broken flow but exits 0', () => {
    const { md } = reviewOf('blocking-deny', { failOn: 'never' });
    expect(md.exitCode).toBe(0);
    expect(md.report).toContain('reachable → **blocked**');
  });

  test('an allow-any rule: egress to any internet address is newly reachable, broadening counted; exit 0 unless --fail-on-broadening', () => {
    // --fail-on never: base's unchanged error finding and the new any-egress finding do not decide the exit code.
    const { md, parsed } = reviewOf('allow-any', { failOn: 'never' });
    expect(md.exitCode).toBe(0);
    expect(md.review.counts.broadening).toBe(5);
    expect(lines(md.report)[0]).toMatch(/^\*\*clinicnet review\*\* — ⚠️ Needs review: .* 5 broadening, 0 narrowing;/);
    expect(md.report).toContain(
      '- ⚠️ **newly reachable**: TCP 22 to any internet address \\(probe `203.0.113.10/32`\\) from practice via network collection allow-any \\(priority 100\\) rule any, added in this change',
    );
    expect(parsed.failOnBroadening).toBe(false);
    const gated = reviewOf('allow-any', { failOn: 'never', failOnBroadening: true });
    expect(gated.md.exitCode).toBe(1);
    expect(lines(gated.md.report)[0]).toMatch(/❌ Blocked: 5 broadening \(--fail-on-broadening\)/);
  });

  test('a NIC public IP: newly reachable from the internet on 3389, naming the NIC address, the public IP and the NSG rule', () => {
    const { md } = reviewOf('nic-public-ip', { failOn: 'never', failOnBroadening: true });
    expect(md.exitCode).toBe(1);
    expect(reviewOf('nic-public-ip', { failOn: 'never' }).md.exitCode).toBe(0);
    expect(md.report).toContain(
      '- ⚠️ **newly reachable from the internet**: TCP 3389 to `10.20.1.10` via NIC public IP pip-jump \\(nsg-inbound nsg-practice/allow-rdp \\(priority 100\\)\\), added in this change (`clinic`)',
    );
    expect(md.review.reachability.changes.filter((c) => c.direction === 'broadening').map((c) => c.flow)).toEqual([
      'TCP 3389 to 10.20.1.10',
    ]);
  });

  test('a route around the firewall: every flow goes to Azure default outbound access, which is unknown, never assumed', () => {
    const { md } = reviewOf('route-around-firewall');
    const changes = md.review.reachability.changes;
    expect(changes.filter((c) => c.kind === 'egress').map((c) => [c.before, c.after, c.direction])).toEqual(
      Array(5).fill(['denied', 'unknown', 'broadening']),
    );
    expect(changes.filter((c) => c.kind === 'obligation').map((c) => [c.after, c.broken])).toEqual(
      Array(3).fill(['unknown', true]),
    );
    expect(md.report).toContain('by default\\_outbound\\_access\\_enabled: not set');
  });

  test('an allow-any rule ahead of the vendor rules: vendor flows reachable by another path', () => {
    const { md } = reviewOf('allow-any');
    expect(md.review.reachability.changes.filter((c) => c.kind === 'obligation').map((c) => c.direction)).toEqual([
      'path',
      'path',
      'path',
    ]);
    expect(md.report).toContain('reachable → reachable, by another path via network collection allow-any');
  });

  test('a parent policy change: the parent Deny now blocks the data ports', () => {
    const { md } = reviewOf('parent-policy');
    expect(md.exitCode).toBe(1);
    expect(md.review.reachability.changes.map((c) => [c.flow, c.after, c.cause])).toEqual([
      [
        'Implicit FTPS data ports — TCP 3000-3010 to csu.cherel.org.au from practice',
        'denied',
        'network collection parent-deny (priority 65000) rule no-3000',
      ],
    ]);
  });

  test('a pack removed: at the top, never folded, counted in the verdict', () => {
    const { md, parsed } = reviewOf('pack-removed');
    expect(lines(md.report)[0]).toMatch(/⚠️ Needs review: .*; 1 governance change\.$/);
    expect(md.report).toContain('- ❌ pack lumos REMOVED from clinic: its checks no longer run there');
    expect(md.report.indexOf('REMOVED from clinic')).toBeLessThan(md.report.indexOf('| Site |'));
    expect(parsed.governance).toEqual([
      {
        site: 'clinic',
        kind: 'pack-removed',
        summary: 'pack lumos REMOVED from clinic: its checks no longer run there',
      },
    ]);
    // Obligations of a removed pack are the governance section's, not reachability changes.
    expect(md.review.reachability.changes).toEqual([]);
  });

  test('a suppression added: listed at the top; no reachability change; networkChanged true', () => {
    const { md, parsed } = reviewOf('suppression-added');
    expect(md.report).toContain('Suppressions added or changed by this change (1)');
    expect(md.review.reachability.changes).toEqual([]);
    expect(parsed.networkChanged).toBe(true);
  });

  test('the same input on both sides: no network change, every question asked', () => {
    const options = { base: path.join(DIR, 'allow-any', 'base.cdk.tf.json') };
    const { md, parsed } = reviewOf('allow-any', { head: options.base, ...options });
    expect(parsed.networkChanged).toBe(false);
    expect(md.review.reachability.questions).toBeGreaterThan(10);
    expect(md.review.reachability.changes).toEqual([]);
  });
});

describe('packs named with --packs', () => {
  test('are asked as obligations of every site, as check evaluates them: the blocked Lumos flow of a site that declares no pack', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clinicnet-review-packs-'));
    try {
      for (const side of ['base', 'head']) {
        const text = fs.readFileSync(path.join(DIR, 'blocking-deny', `${side}.cdk.tf.json`), 'utf8');
        // The site no longer declares Lumos: only --packs asks for its flows.
        fs.writeFileSync(
          path.join(dir, `${side}.cdk.tf.json`),
          text.replace('"clinicnet-packs": "lumos"', '"clinicnet-packs": ""'),
        );
      }
      const options: ReviewOptions = {
        base: path.join(dir, 'base.cdk.tf.json'),
        head: path.join(dir, 'head.cdk.tf.json'),
        format: 'json',
        failOn: 'never',
        maxSuppressionDays: 36500,
      };
      const broken = (extra: Partial<ReviewOptions>) => {
        const parsed = JSON.parse(runReview({ ...options, ...extra }).report) as {
          reachability: { changes: { requirement?: string; broken: boolean }[] };
        };
        return parsed.reachability.changes.filter((c) => c.broken).map((c) => c.requirement);
      };
      expect(broken({})).toEqual([]);
      expect(broken({ packs: ['lumos'] })).toEqual(['LUMOS-EGRESS-DATA']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
