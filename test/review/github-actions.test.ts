// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { parse } from 'yaml';
import { main } from '../../lib/cli/main';

const CI = path.join(__dirname, '..', '..', 'examples', 'ci');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
}

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
}

// Part 1 synthesizes the head unprivileged; part 2 checks, reviews and reports (test/security/ci-workflow.test.ts).
const [synth, report] = ['github-actions.yml', 'github-actions-report.yml'].map(
  (name) => parse(fs.readFileSync(path.join(CI, name), 'utf8')) as Workflow,
);
const steps = [synth, report].flatMap((workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps));
const invocations = steps.flatMap((s) =>
  [...(s.run ?? '').matchAll(/npx (?:--no-install )?clinicnet ([a-z-]+)([^\n]*)/g)].map((m) => ({
    command: m[1],
    args: m[2],
  })),
);

async function helpOf(command: string): Promise<{ code: number; text: string }> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const code = await main([command, '--help'], out, out);
  return { code, text: chunks.join('') };
}

describe('examples/ci/github-actions.yml and github-actions-report.yml', () => {
  test('runs on pull requests, reviews, checks as SARIF and uploads it', () => {
    expect(Object.keys(synth.on)).toEqual(['pull_request']);
    expect(Object.keys(report.on)).toEqual(['workflow_run']);
    expect(invocations.map((i) => i.command).sort()).toEqual(['check', 'review']);
    expect(invocations.find((i) => i.command === 'check')?.args).toContain('--format sarif');
    expect(steps.map((s) => s.uses).filter((u) => u !== undefined)).toEqual(
      expect.arrayContaining(['github/codeql-action/upload-sarif@v3', 'actions/github-script@v7']),
    );
  });

  test.each(invocations.map((i) => [i.command, i.args]))(
    '`clinicnet %s` is a registered sub-command with every option used (%s)',
    async (command, args) => {
      const help = await helpOf(command);
      expect({ command, code: help.code }).toEqual({ command, code: 0 });
      for (const flag of args.match(/--[a-z-]+/g) ?? []) expect(help.text).toContain(flag);
      for (const [, value] of args.matchAll(/--(?:format|fail-on) ([a-z]+)/g))
        expect(help.text).toContain(`"${value}"`);
    },
  );
});
