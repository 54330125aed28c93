// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { parse } from 'yaml';
import { main } from '../../lib/cli/main';

const WORKFLOW = path.join(__dirname, '..', '..', 'examples', 'ci', 'github-actions.yml');

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
}

const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const invocations = steps.flatMap((s) =>
  [...(s.run ?? '').matchAll(/npx clinicnet ([a-z-]+)([^\n]*)/g)].map((m) => ({ command: m[1], args: m[2] })),
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

describe('examples/ci/github-actions.yml', () => {
  test('runs on pull requests, reviews, checks as SARIF and uploads it', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
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
