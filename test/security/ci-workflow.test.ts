// SPDX-License-Identifier: Apache-2.0
/**
 * The example CI workflows keep the pull request's code away from every privilege: part 1
 * synthesizes the head with a read-only token; part 2 reads that synthesis as data with the
 * base branch's pinned clinicnet, and only a job that runs no repository code may write.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { parse } from 'yaml';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly 'working-directory'?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly permissions?: Record<string, string> | string;
  readonly steps: Step[];
}
interface Workflow {
  readonly name: string;
  readonly on: Record<string, { workflows?: string[]; types?: string[] } | null>;
  readonly permissions?: Record<string, string> | string;
  readonly jobs: Record<string, Job>;
}

const CI = path.join(__dirname, '..', '..', 'examples', 'ci');
const read = (name: string) => fs.readFileSync(path.join(CI, name), 'utf8');
const synth = parse(read('github-actions.yml')) as Workflow;
const report = parse(read('github-actions-report.yml')) as Workflow;
const stepsOf = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps);
const writes = (permissions: Job['permissions']) =>
  typeof permissions === 'string' ? permissions !== 'read-all' : Object.values(permissions ?? {}).includes('write');

describe('part 1: the pull request is synthesized without privileges', () => {
  test('runs on pull_request (never pull_request_target), with a read-only token and no secrets', () => {
    expect(Object.keys(synth.on)).toEqual(['pull_request']);
    expect(synth.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(synth.jobs)) expect(job.permissions).toBeUndefined();
    expect(read('github-actions.yml')).not.toMatch(/secrets\.|pull_request_target/);
  });

  test('keeps no credentials in the checkout, and hands over only an artifact', () => {
    const steps = stepsOf(synth);
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/checkout@')))
      expect(s.with?.['persist-credentials']).toBe(false);
    expect(steps.filter((s) => s.uses?.startsWith('actions/upload-artifact@'))).toHaveLength(1);
    expect(steps.filter((s) => /github-script|upload-sarif/.test(s.uses ?? ''))).toEqual([]);
  });
});

describe('part 2: the synthesis is checked as data by the base branch clinicnet', () => {
  const jobs = Object.entries(report.jobs);

  test('runs after part 1 on workflow_run, with no default permissions', () => {
    expect(report.on).toEqual({ workflow_run: { workflows: [synth.name], types: ['completed'] } });
    expect(report.permissions).toEqual({});
    for (const [, job] of jobs) expect(job.permissions).toBeDefined();
  });

  test('the job that runs code may not write; the job that writes runs no code and checks nothing out', () => {
    for (const [name, job] of jobs) {
      const runsCode = job.steps.some((s) => s.run !== undefined || s.uses?.startsWith('actions/checkout@'));
      expect({ name, runsCode, writes: runsCode && writes(job.permissions) }).toEqual({
        name,
        runsCode,
        writes: false,
      });
    }
    const writers = jobs.filter(([, job]) => writes(job.permissions));
    expect(writers.map(([name]) => name)).toEqual(['report']);
    expect(report.jobs.report.permissions).toEqual({
      actions: 'read',
      'pull-requests': 'write',
      'security-events': 'write',
      statuses: 'write',
    });
  });

  test('checks out the base commit found through the API, installs its pinned clinicnet without scripts, then builds', () => {
    const steps = report.jobs.check.steps;
    const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => [s.with?.ref, s.with?.['persist-credentials']])).toEqual([
      ['${{ steps.pr.outputs.base }}', false],
    ]);
    expect(steps.find((s) => s.name?.startsWith('Find the pull request'))?.with?.script).toContain('pr.base.sha');
    const commands = steps.flatMap((s) => (s.run ?? '').split('\n').map((l) => l.trim()));
    const npm = commands.filter((c) => /^npm (ci|install|i)\b/.test(c));
    expect(npm).toEqual(['npm ci --ignore-scripts --no-audit --no-fund']);
    expect(commands.indexOf('npm run build')).toBeGreaterThan(commands.indexOf(npm[0]));
    const clinicnet = commands.filter((c) => /\bclinicnet (check|review)\b/.test(c));
    expect(clinicnet.length).toBeGreaterThanOrEqual(2);
    for (const c of clinicnet) expect(c).toMatch(/npx --no-install clinicnet/);
    for (const s of steps.filter((x) => x.run?.includes('clinicnet '))) expect(s['working-directory']).toBe('base');
  });

  test('the head artifact lands outside the checkout and is never executed or printed', () => {
    const download = report.jobs.check.steps.find((s) => s.with?.name === 'clinicnet-head');
    expect(download?.with?.path).toBe('${{ runner.temp }}/head');
    const scripts = report.jobs.check.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts).not.toMatch(
      /\bcat\b|\bsource\b|(^|\s)\.\s|bash\s+"?\$HEAD_DIR|node\s+"?\$HEAD_DIR|npm\s.*\$HEAD_DIR/m,
    );
  });

  test('event values reach scripts through the environment, never ${{ }} inside a script', () => {
    for (const s of [...stepsOf(synth), ...stepsOf(report)]) {
      expect(s.run ?? '').not.toContain('${{');
      expect(String(s.with?.script ?? '')).not.toContain('${{');
    }
  });

  test('updates only a comment written by its own identity that carries the marker', () => {
    const script = String(
      report.jobs.report.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script,
    );
    expect(script).toContain("const marker = '<!-- clinicnet-review -->'");
    const own = /const own = \(c\) => (.*);/.exec(script)?.[1] ?? '';
    expect(own).toContain("c.user?.login === 'github-actions[bot]'");
    expect(own).toContain("c.user?.type === 'Bot'");
    expect(own).toContain('.includes(marker)');
    expect(script).toContain('comments.find(own)');
    expect(script).not.toMatch(/comments\.find\(\(c\) => c\.body/);
  });

  test('a failed synth log is fenced with more backticks than any run in it', () => {
    const script = String(
      report.jobs.report.steps.find((s) => s.uses?.startsWith('actions/github-script@'))?.with?.script,
    );
    const code = /const longest = [^\n]*\n\s*const fence = [^\n]*/.exec(script)?.[0] ?? 'throw new Error("no fence")';
    const fenceOf = (log: string) => vm.runInNewContext(`${code}; fence`, { log }) as string;
    expect(fenceOf('plain')).toBe('```');
    expect(fenceOf('x ````` y\n```')).toBe('``````');
  });
});
