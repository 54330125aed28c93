// SPDX-License-Identifier: Apache-2.0
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { loadBaseline } from '../../lib/cli/baseline';
import { applyBaseline } from '../../lib/policy/baseline';
import { exitCodeFor, fileLocator, problemFinding, UNREADABLE_REQUIREMENT } from '../../lib/cli/check';
import { runCli, type CliRun } from './run-cli';
import { loadSuppressionFile } from '../../lib/cli/suppression-file';
import type { JsonReport } from '../../lib/report/json';
import { finding } from '../report/evaluations';

const fixtures = join(__dirname, '..', 'fixtures', 'reports');
const fixture = (name: string): string => join(fixtures, name);
const dir = mkdtempSync(join(tmpdir(), 'check-cli-'));

/** The parts of a SARIF log these tests read (the full shape is validated against the schema in CI). */
interface SarifLog {
  readonly version: string;
  readonly runs: readonly {
    readonly tool: { readonly driver: { readonly rules: readonly { readonly id: string }[] } };
    readonly results: readonly {
      readonly ruleId: string;
      readonly ruleIndex: number;
      readonly locations: readonly {
        readonly physicalLocation: { readonly artifactLocation: { readonly uri: string } };
        readonly logicalLocations: readonly { readonly name: string }[];
      }[];
    }[];
  }[];
}

/** A synthesized stack, as far as these tests edit it. */
interface StackJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

const GOOD_STACK = fixture('lumos-clinic.cdk.tf.json');
const GOOD_PLAN = fixture('lumos-clinic.plan.json');
const IP_PLAN = fixture('lumos-ip-data-port.plan.json');

const run = (...argv: string[]): Promise<CliRun> => runCli(['check', ...argv]);

async function jsonReport(...argv: string[]): Promise<{ code: number; report: JsonReport }> {
  const { code, out, err } = await run(...argv, '--format', 'json');
  expect(err).toBe('');
  return { code, report: JSON.parse(out) as JsonReport };
}

/** One line on stderr, naming `what`, and no stack trace. */
function expectOneLineError(err: string, ...what: (string | RegExp)[]): void {
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).not.toMatch(/\n\s+at /);
  for (const w of what) expect(err).toMatch(w);
}

describe('clinicnet check: inputs and exit codes', () => {
  test('a compliant synthesized stack exits 0 with no error findings', async () => {
    const { code, report } = await jsonReport(GOOD_STACK);
    expect(report.summary.error).toBe(0);
    expect(code).toBe(0);
  });

  test('the same clinic as a plan exits 0 too', async () => {
    const { code, report } = await jsonReport(GOOD_PLAN);
    expect(report.summary.error).toBe(0);
    expect(code).toBe(0);
  });

  test('a plan whose Lumos data-port rule names an IP address exits 1 with LUMOS-BY-HOSTNAME', async () => {
    const { code, report } = await jsonReport(IP_PLAN);
    expect(code).toBe(1);
    const hit = report.findings.find((f) => f.requirement === 'LUMOS-BY-HOSTNAME');
    expect(hit).toMatchObject({
      severity: 'error',
      site: 'nsw-gp-parramatta',
      path: 'azurerm_firewall_policy_rule_collection_group.egress',
    });
    expect(hit?.message).toContain('203.0.113.10');
  });

  test('the default text report names the requirement, the resource and the guide', async () => {
    const { code, out } = await run(IP_PLAN);
    expect(code).toBe(1);
    expect(out).toMatch(/^ {2}ERROR LUMOS-BY-HOSTNAME: \[LUMOS-BY-HOSTNAME\]/m);
    expect(out).toContain('Resource: azurerm_firewall_policy_rule_collection_group.egress');
    expect(out).toContain('Guide: Lumos PenCS Network Configuration Guide');
  });

  test('a cdktf.out directory is read through its manifest; SARIF points at the stack file', async () => {
    const input = relative(process.cwd(), fixture('estate-out'));
    const { code, out } = await run(input, '--format', 'sarif');
    expect(code).toBe(0);
    const log = JSON.parse(out) as SarifLog;
    expect(log.version).toBe('2.1.0');
    for (const result of log.runs[0].results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
        `${input}/stacks/nsw-gp-parramatta/cdk.tf.json`,
      );
    }
  });

  test('--fail-on moves the threshold', async () => {
    expect((await run(IP_PLAN, '--fail-on', 'never')).code).toBe(0);
    expect((await run(IP_PLAN, '--fail-on', 'error')).code).toBe(1);
    expect((await run(IP_PLAN, '--fail-on', 'info')).code).toBe(1);
  });

  test('the JUnit verdict follows --fail-on, as the exit code does', async () => {
    const passing = await run(IP_PLAN, '--format', 'junit', '--fail-on', 'never');
    expect(passing.code).toBe(0);
    expect(passing.out).toMatch(/<testsuites name="clinicnet" tests="\d+" failures="0"/);
    expect(passing.out).toContain('<system-out>ERROR (not failing)');
  });

  test('every format renders the same findings', async () => {
    const junit = await run(IP_PLAN, '--format', 'junit');
    expect(junit.code).toBe(1);
    expect(junit.out).toMatch(
      /<testcase classname="clinicnet.nsw-gp-parramatta" name="LUMOS-BY-HOSTNAME">\n\s+<failure type="error"/,
    );
    const markdown = await run(IP_PLAN, '--format', 'markdown');
    expect(markdown.out).toMatch(/^### ❌ clinicnet check: /);
    expect(markdown.out).toContain('| ❌ error | LUMOS-BY-HOSTNAME | nsw-gp-parramatta |');
    const sarif = JSON.parse((await run(IP_PLAN, '--format', 'sarif')).out) as SarifLog;
    const rules = sarif.runs[0].tool.driver.rules.map((r) => r.id);
    expect(rules).toContain('LUMOS-BY-HOSTNAME');
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'LUMOS-BY-HOSTNAME');
    if (result === undefined) throw new Error('no LUMOS-BY-HOSTNAME result');
    expect(rules[result.ruleIndex]).toBe('LUMOS-BY-HOSTNAME');
    expect(result.locations[0].logicalLocations[0].name).toBe('azurerm_firewall_policy_rule_collection_group.egress');
  });

  test('--packs adds a pack to every site; an unknown pack id is a usage error', async () => {
    const { code, report } = await jsonReport(GOOD_STACK, '--packs', 'immtrac');
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.requirement)).toContain('IMMTRAC-METHOD');
    const unknownPack = await run(GOOD_STACK, '--packs', 'lumoss');
    expect(unknownPack.code).toBe(2);
    expectOneLineError(unknownPack.err, '"lumoss"');
  });

  test('what the reader cannot place is a CLINICNET-UNREADABLE warning: reported, never silent', async () => {
    const stack = JSON.parse(readFileSync(GOOD_STACK, 'utf8')) as StackJson;
    stack.resource.azurerm_firewall.spare = {
      ...stack.resource.azurerm_firewall.firewall,
      name: 'fw-spare',
      firewall_policy_id: undefined,
    };
    const input = join(dir, 'spare-firewall.cdk.tf.json');
    writeFileSync(input, JSON.stringify(stack));
    const { code, report } = await jsonReport(input);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'terraform-reader',
        requirement: 'CLINICNET-UNREADABLE',
        severity: 'warning',
        kind: 'unknown',
        path: 'azurerm_firewall.spare',
      }),
    ]);
    expect(code).toBe(0);
    expect((await run(input, '--fail-on', 'warning')).code).toBe(1);
  });

  test('output is byte-identical across runs', async () => {
    const first = await run(IP_PLAN, '--format', 'sarif');
    const second = await run(IP_PLAN, '--format', 'sarif');
    expect(second.out).toBe(first.out);
  });
});

describe('clinicnet check: unreadable input and usage errors exit 2 with one line', () => {
  test('truncated JSON names the file, line and column', async () => {
    const { code, out, err } = await run(fixture('truncated.cdk.tf.json'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expectOneLineError(err, /truncated\.cdk\.tf\.json:\d+:\d+/);
  });

  test('an empty file, a wrong JSON type, a missing file and a directory without a manifest', async () => {
    const noManifest = join(dir, 'no-manifest');
    mkdirSync(noManifest);
    for (const [input, named] of [
      [fixture('empty.json'), 'empty.json'],
      [fixture('wrong-type.plan.json'), 'resource_changes'],
      [join(dir, 'absent.json'), 'absent.json'],
      [noManifest, 'no-manifest'],
    ]) {
      const { code, err } = await run(input);
      expect(code).toBe(2);
      expectOneLineError(err, named);
    }
  });

  test('an unknown format or fail-on value is a usage error', async () => {
    expect((await run(GOOD_STACK, '--format', 'xml')).code).toBe(2);
    expect((await run(GOOD_STACK, '--fail-on', 'critical')).code).toBe(2);
    expect((await run()).code).toBe(2);
  });
});

describe('clinicnet check --suppressions', () => {
  test('a suppression file silences the findings, lists every suppression, and the exit code follows', async () => {
    const file = fixture('suppressions.yaml');
    // The fixture's suppressions run to 2099, beyond the default one-year horizon.
    const { code, report } = await jsonReport(IP_PLAN, '--suppressions', file, '--max-suppression-days', '36500');
    // Left: the plan's VNet does not resolve through the firewall's DNS proxy, a warning the file does not cover.
    expect(report.findings.map((f) => f.requirement)).toEqual(['BASE-DNS-PROXY-CLIENTS']);
    expect(report.suppressed.map((f) => f.requirement)).toEqual(['LUMOS-BY-HOSTNAME', 'LUMOS-EGRESS-DATA']);
    expect(report.suppressions).toEqual([
      expect.objectContaining({
        id: 'LUMOS-BY-HOSTNAME',
        site: 'nsw-gp-parramatta',
        declaredAt: `${file}:2`,
        state: 'applied',
        matched: 1,
      }),
      expect.objectContaining({
        id: 'LUMOS-EGRESS-DATA',
        path: 'azurerm_firewall_policy_rule_collection_group.egress',
        declaredAt: `${file}:7`,
        state: 'applied',
      }),
    ]);
    expect(code).toBe(0);
  });

  test('an expired suppression silences nothing and is itself an error', async () => {
    const expired = join(dir, 'expired.yaml');
    writeFileSync(
      expired,
      '- id: LUMOS-BY-HOSTNAME\n  reason: accepted during the 1999 migration\n  owner: netops\n  expires: "2000-01-01"\n',
    );
    const { code, report } = await jsonReport(IP_PLAN, '--suppressions', expired);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.requirement)).toEqual(
      expect.arrayContaining(['LUMOS-BY-HOSTNAME', 'SUPPRESSION-EXPIRED']),
    );
    expect(report.suppressions[0]).toMatchObject({ state: 'expired', matched: 0 });
  });

  test('an impossible expiry date is rejected naming FILE:LINE', async () => {
    const bad = join(dir, 'bad-date.yaml');
    writeFileSync(
      bad,
      '- id: LUMOS-BY-HOSTNAME\n  reason: a perfectly long reason\n  owner: netops\n  expires: 2099-02-30\n',
    );
    const { code, err } = await run(IP_PLAN, '--suppressions', bad);
    expect(code).toBe(2);
    expectOneLineError(err, `${bad}:1:`, 'expires');
  });

  test('a reason shorter than 10 characters is rejected naming the file, entry and line', async () => {
    const { code, err } = await run(IP_PLAN, '--suppressions', fixture('suppressions-short-reason.yaml'));
    expect(code).toBe(2);
    expectOneLineError(
      err,
      'suppressions-short-reason.yaml',
      'entry 0 ("LUMOS-BY-HOSTNAME", line 1) field reason',
      '10 characters',
    );
  });

  test('an unknown field is rejected naming it', async () => {
    const { code, err } = await run(IP_PLAN, '--suppressions', fixture('suppressions-unknown-field.json'));
    expect(code).toBe(2);
    expectOneLineError(err, 'suppressions-unknown-field.json at entry 0 ("LUMOS-BY-HOSTNAME", line 2) —', '"ticket"');
  });

  test('YAML syntax errors name line and column; a mapping instead of a list is rejected', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, '- id: X\n  reason: [unclosed\n');
    const syntax = await run(IP_PLAN, '--suppressions', broken);
    expect(syntax.code).toBe(2);
    expectOneLineError(syntax.err, /broken\.yaml:\d+:\d+/);
    const mapping = join(dir, 'mapping.yaml');
    writeFileSync(mapping, 'id: LUMOS-BY-HOSTNAME\n');
    const wrong = await run(IP_PLAN, '--suppressions', mapping);
    expect(wrong.code).toBe(2);
    expectOneLineError(wrong.err, 'mapping.yaml', 'the top level', 'must be array');
  });

  test('entries keep their scope and are declared at FILE:LINE (single-line JSON: both on line 1)', () => {
    const file = join(dir, 'two.json');
    writeFileSync(
      file,
      JSON.stringify([
        { id: 'A-1', reason: 'a reason long enough', owner: 'o', expires: '2030-01-01' },
        { id: 'B-2', site: 's', path: 'p', reason: 'another long reason', owner: 'o', expires: '2030-01-01' },
      ]),
    );
    expect(loadSuppressionFile(file)).toEqual([
      { id: 'A-1', reason: 'a reason long enough', owner: 'o', expires: '2030-01-01', declaredAt: `${file}:1` },
      {
        id: 'B-2',
        site: 's',
        path: 'p',
        reason: 'another long reason',
        owner: 'o',
        expires: '2030-01-01',
        declaredAt: `${file}:1`,
      },
    ]);
  });
});

describe('clinicnet check --baseline and --output', () => {
  test('a baseline hides the findings it already has, and only those', async () => {
    const base = join(dir, 'base.json');
    const first = await run(IP_PLAN, '--format', 'json', '--output', base);
    expect(first.code).toBe(1);
    const { code, report } = await jsonReport(IP_PLAN, '--baseline', base);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    // Against the clean clinic's baseline, the IP-address finding is new.
    const clean = join(dir, 'clean.json');
    await run(GOOD_PLAN, '--format', 'json', '--output', clean);
    const again = await jsonReport(IP_PLAN, '--baseline', clean);
    expect(again.report.findings.map((f) => f.requirement)).toContain('LUMOS-BY-HOSTNAME');
    expect(again.code).toBe(1);
  });

  test('every format says how many findings the baseline hid', async () => {
    const base = join(dir, 'count-base.json');
    await run(IP_PLAN, '--format', 'json', '--output', base);
    const hidden = (JSON.parse(readFileSync(base, 'utf8')) as JsonReport).findings.length;
    expect(hidden).toBeGreaterThan(0);
    const { report } = await jsonReport(IP_PLAN, '--baseline', base);
    expect(report.baselined).toHaveLength(hidden);
    const sarif = JSON.parse((await run(IP_PLAN, '--baseline', base, '--format', 'sarif')).out) as {
      runs: { properties: { baselined: number }; results: { baselineState: string }[] }[];
    };
    expect(sarif.runs[0].properties.baselined).toBe(hidden);
    expect(sarif.runs[0].results.filter((r) => r.baselineState === 'unchanged')).toHaveLength(hidden);
    const line = `${hidden} finding${hidden === 1 ? '' : 's'} already in the baseline not shown`;
    expect((await run(IP_PLAN, '--baseline', base)).out).toContain(line);
    expect((await run(IP_PLAN, '--baseline', base, '--format', 'markdown')).out).toContain(line);
  });

  test('--max-suppression-days must be a whole number of days', async () => {
    for (const bad of ['0', '-3', '1.5', 'soon']) {
      const { code, err } = await run(IP_PLAN, '--max-suppression-days', bad);
      expect([bad, code]).toEqual([bad, 2]);
      expect(err).toMatch(/whole number of days/);
    }
  });

  test('a baseline that is not a report exits 2 naming the file', async () => {
    const bogus = join(dir, 'bogus-baseline.json');
    writeFileSync(bogus, JSON.stringify({ findings: 'none' }));
    const { code, err } = await run(IP_PLAN, '--baseline', bogus);
    expect(code).toBe(2);
    expectOneLineError(err, 'bogus-baseline.json');
  });

  test('--output writes the report atomically and prints a summary line', async () => {
    const target = join(dir, 'report.sarif');
    const { code, out } = await run(IP_PLAN, '--format', 'sarif', '--output', target);
    expect(code).toBe(1);
    expect(out).toMatch(/^clinicnet check: \d+ errors?, .*; report written to .*report\.sarif\n$/);
    expect(readFileSync(target, 'utf8')).toBe((await run(IP_PLAN, '--format', 'sarif')).out);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('an unwritable --output exits 2 and leaves nothing behind', async () => {
    const target = join(dir, 'missing-dir', 'report.json');
    const { code, err } = await run(IP_PLAN, '--output', target);
    expect(code).toBe(2);
    expectOneLineError(err, 'missing-dir');
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });

  test('unreadable input leaves an existing --output file untouched', async () => {
    const target = join(dir, 'kept.json');
    writeFileSync(target, 'previous report\n');
    expect((await run(fixture('truncated.cdk.tf.json'), '--output', target)).code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('previous report\n');
  });
});

describe('check building blocks', () => {
  test('exitCodeFor compares against the threshold', () => {
    const warning = [finding({ severity: 'warning' })];
    expect(exitCodeFor(warning, 'error')).toBe(0);
    expect(exitCodeFor(warning, 'warning')).toBe(1);
    expect(exitCodeFor(warning, 'info')).toBe(1);
    expect(exitCodeFor([finding({ severity: 'info' })], 'warning')).toBe(0);
    expect(exitCodeFor([finding()], 'never')).toBe(0);
    expect(exitCodeFor([], 'info')).toBe(0);
  });

  test('a reader problem becomes an unknown warning finding; one of no site is estate-wide', () => {
    const f = problemFinding({
      site: '',
      address: 'azurerm_firewall.second',
      resourceType: 'azurerm_firewall',
      message: 'a second firewall is not in the model',
    });
    expect(f).toMatchObject({
      rule: 'terraform-reader',
      requirement: UNREADABLE_REQUIREMENT,
      severity: 'warning',
      kind: 'unknown',
      site: '*',
      path: 'azurerm_firewall.second',
    });
    expect(f.message).toMatch(
      /^\[CLINICNET-UNREADABLE\] azurerm_firewall could not be fully read — got a second firewall is not in the model, expected .*; fix: /,
    );
  });

  test("fileLocator: one input file for every finding, else the stack file of the finding's site", () => {
    expect(fileLocator({ files: ['/w/plan.json'] }, '/w')(finding())).toBe('plan.json');
    const locate = fileLocator(
      {
        files: ['/w/out/manifest.json', '/w/out/stacks/nsw-gp-parramatta/cdk.tf.json', '/w/out/stacks/hub/cdk.tf.json'],
      },
      '/w',
    );
    expect(locate(finding())).toBe('out/stacks/nsw-gp-parramatta/cdk.tf.json');
    expect(locate(finding({ site: 'hub' }))).toBe('out/stacks/hub/cdk.tf.json');
    expect(locate(finding({ site: '*' }))).toBeUndefined();
  });

  test('baseline matching uses rule, requirement, site and path, not the message', () => {
    const file = join(dir, 'matching-baseline.json');
    writeFileSync(file, JSON.stringify({ version: 1, findings: [{ ...finding(), message: 'old wording' }] }));
    const known = loadBaseline(file);
    const findings = [finding(), finding({ site: 'other' }), finding({ rule: 'another-rule' })];
    const { findings: left, baselined } = applyBaseline(findings, known);
    expect(baselined).toHaveLength(1);
    expect(left.map((f) => [f.site, f.rule])).toEqual([
      ['other', 'egress-by-hostname'],
      ['nsw-gp-parramatta', 'another-rule'],
    ]);
  });
});
