// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseReviewJson } from './json-output';
import { runCli, type CliRun } from './run-cli';

const fixtures = join(__dirname, '..', 'fixtures');
const BASE = join(fixtures, 'review', 'base');
const HEAD = join(fixtures, 'review', 'head');
const PLAN = join(fixtures, 'plans', 'plain-site.json');

const review = (...argv: string[]): Promise<CliRun> => runCli(['review', ...argv]);

describe('clinicnet review', () => {
  test('between the fixture estates: first lines name the new forward, the removed Lumos flow and the new finding; exit 1', async () => {
    const { code, out, err } = await review('--base', BASE, '--head', HEAD);
    expect(err).toBe('');
    expect(code).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^\*\*clinicnet review\*\* — ❌ Blocked: head has 2 error findings/); // RDP from any source is also BASE-INBOUND-ADMIN
    // Reachability first: the removed Lumos rule breaks the data flow; the new forward exposes RDP.
    expect(lines[2]).toBe(
      '- ❌ Implicit FTPS data ports — TCP 3000-3010 to `csu.cherel.org.au` from clinical: reachable → **blocked** by no rule matched: default deny at `azurerm_firewall_policy.firewall-policy` (`nsw-gp-parramatta`)',
    );
    expect(lines[3]).toBe(
      '- ⚠️ **newly reachable from the internet**: TCP 3389 to pip-fw-nsw-gp-parramatta via firewall public IP pip-fw-nsw-gp-parramatta \\(dnat collection inbound-dnat \\(priority 110\\) rule support-rdp\\) (`nsw-gp-parramatta`)',
    );
    expect(lines[4]).toBe(
      "- new inbound port forward `support-rdp` TCP 3389 on the firewall's public IP from any source → `10.20.1.10:3389` on nsw-gp-parramatta",
    );
    expect(lines[5]).toMatch(
      /^- Lumos flow REMOVED: `lumos-csu-3000-3010` TCP 3000-3010 → `csu\.cherel\.org\.au` .*\\\(LUMOS-EGRESS-DATA\\\) on nsw-gp-parramatta$/,
    );
    expect(lines[6]).toMatch(
      /^- new error finding BASE-INBOUND-ADMIN on nsw-gp-parramatta: \\\[BASE-INBOUND-ADMIN\\\] administrative port 3389 reachable from the internet/,
    );
    expect(lines[7]).toMatch(
      /^- new error finding LUMOS-EGRESS-DATA on nsw-gp-parramatta: \\\[LUMOS-EGRESS-DATA\\\] no allowed flow TCP 3000-3010/,
    );
    expect(out).not.toContain('Site `nsw-gp-blacktown`');
  });

  test('the same estates the other way round pass: the forward is removed and the finding fixed', async () => {
    const { code, out } = await review('--base', HEAD, '--head', BASE);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toContain('0 new, 2 fixed findings');
    expect(out).toContain('inbound port forward REMOVED: `support-rdp`');
  });

  test('--fail-on never reports but exits 0', async () => {
    expect((await review('--base', BASE, '--head', HEAD, '--fail-on', 'never')).code).toBe(0);
  });

  test('JSON carries the same content', async () => {
    const { code, out } = await review('--base', BASE, '--head', HEAD, '--format', 'json');
    expect(code).toBe(1);
    const json = parseReviewJson(out);
    expect(json.highlights[0]).toContain('support-rdp');
    expect(json.findings.new.map((f) => f.requirement)).toEqual(['BASE-INBOUND-ADMIN', 'LUMOS-EGRESS-DATA']);
    const parramatta = json.sites.find((s) => s.site === 'nsw-gp-parramatta');
    expect(parramatta?.changes.map((c) => c.concern)).toEqual(['new-inbound', 'removed-obligation']);
  });

  test('a single plan JSON is reviewed as its before against its after', async () => {
    const { code, out } = await review('--head', PLAN, '--format', 'json');
    // The change adds lumos-ftps-control, an FTPS network rule, behind the firewall's explicit proxy:
    // network rules never see proxied traffic, so the head is blocked (AZURE-EXPLICIT-PROXY).
    expect(code).toBe(1);
    const json = parseReviewJson(out);
    expect(json.findings.new.map((f) => f.requirement)).toContain('AZURE-EXPLICIT-PROXY');
    const changes = json.sites[0].changes.map((c) => `${c.kind} ${c.subject}`);
    expect(changes).toEqual(expect.arrayContaining(['added custo-rdt', 'removed any-any', 'added lumos-ftps-control']));
  });

  test('--output writes the file and prints the verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-cli-'));
    const file = join(dir, 'review.md');
    const { code, out } = await review('--base', BASE, '--head', HEAD, '--output', file);
    expect(code).toBe(1);
    expect(out).toMatch(/^clinicnet review: ❌ Blocked/);
    expect(readFileSync(file, 'utf8').split('\n')[0]).toMatch(/^\*\*clinicnet review\*\*/);
    rmSync(dir, { recursive: true, force: true });
  });

  test('usage errors exit 2 with one line naming the problem', async () => {
    const noHead = await review('--base', BASE);
    expect(noHead.code).toBe(2);
    expect(noHead.err).toMatch(/^clinicnet: \[REVIEW-HEAD-MISSING\] .*got --base .* only/);
    const dirAlone = await review('--head', HEAD);
    expect(dirAlone.code).toBe(2);
    expect(dirAlone.err).toMatch(/^clinicnet: \[REVIEW-BASE-MISSING\] .*expected --base INPUT too/);
    expect((await review('--base', BASE, '--head', HEAD, '--format', 'html')).code).toBe(2);
  });
});

describe('clinicnet review of a change that creates the first site', () => {
  test('a base with nothing to check is an empty estate, not an error: the head site is new', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-empty-base-'));
    const base = join(dir, 'empty.cdk.tf.json');
    writeFileSync(
      base,
      JSON.stringify({ resource: { azurerm_resource_group: { rg: { name: 'rg', location: 'x' } } } }),
    );
    const { code, out, err } = await review('--base', base, '--head', HEAD, '--format', 'json');
    expect(err).toBe('');
    expect(code).not.toBe(2);
    expect(out).toContain('nsw-gp-parramatta');
    // The head side still fails closed: nothing to check there is a one-line error.
    const refused = await review('--base', HEAD, '--head', base);
    expect(refused.err).toContain('TF-INPUT-NO-NETWORK');
    rmSync(dir, { recursive: true });
    expect([refused.code, refused.err.trim().split('\n')].map((x) => (Array.isArray(x) ? x.length : x))).toEqual([
      2, 1,
    ]);
  });
});
