// SPDX-License-Identifier: Apache-2.0
/**
 * The GitLab CI and Azure Pipelines examples (examples/ci): each parses as YAML, uses only the
 * keywords its CI system documents, and calls only clinicnet commands and options that exist.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { parse } from 'yaml';
import { main } from '../../lib/cli/main';

const CI = path.join(__dirname, '..', '..', 'examples', 'ci');
const text = (name: string) => fs.readFileSync(path.join(CI, name), 'utf8');

// GitLab CI YAML reference (docs.gitlab.com/ci/yaml): global keywords, and the job keywords used here.
const GITLAB_GLOBAL = ['default', 'include', 'stages', 'variables', 'workflow'];
const GITLAB_JOB = [
  'after_script',
  'allow_failure',
  'artifacts',
  'before_script',
  'cache',
  'extends',
  'image',
  'needs',
  'rules',
  'script',
  'services',
  'stage',
  'tags',
  'timeout',
  'variables',
  'when',
];
const GITLAB_ARTIFACTS = ['expire_in', 'expose_as', 'name', 'paths', 'reports', 'untracked', 'when', 'exclude'];
// Azure Pipelines YAML schema (learn.microsoft.com/azure/devops/pipelines/yaml-schema).
const AZURE_PIPELINE = ['name', 'trigger', 'pr', 'resources', 'variables', 'pool', 'stages', 'jobs', 'steps'];
const AZURE_STAGE = ['stage', 'displayName', 'dependsOn', 'condition', 'variables', 'pool', 'jobs'];
const AZURE_JOB = ['job', 'displayName', 'dependsOn', 'condition', 'pool', 'variables', 'steps', 'timeoutInMinutes'];
const AZURE_STEP = [
  'script',
  'bash',
  'pwsh',
  'task',
  'checkout',
  'inputs',
  'displayName',
  'condition',
  'env',
  'fetchDepth',
  'persistCredentials',
  'continueOnError',
  'workingDirectory',
];

const keysWithin = (value: object, allowed: readonly string[]) =>
  Object.keys(value).filter((k) => !allowed.includes(k));

async function helpOf(command: string): Promise<string> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  expect(await main([command, '--help'], out, out)).toBe(0);
  return chunks.join('');
}

const invocations = (yaml: string) =>
  [...yaml.matchAll(/npx --no-install clinicnet ([a-z-]+)([^\n|]*)/g)].map((m) => ({ command: m[1], args: m[2] }));

describe('examples/ci/gitlab-ci.yml', () => {
  const doc = parse(text('gitlab-ci.yml')) as Record<string, Record<string, unknown>>;
  const jobs = Object.entries(doc).filter(([k]) => !GITLAB_GLOBAL.includes(k));

  test('global and job keywords are GitLab CI keywords', () => {
    expect(jobs.map(([name]) => name)).toEqual(['.node', 'synth-head', 'synth-base', 'clinicnet']);
    for (const [name, job] of jobs)
      expect({ name, unknown: keysWithin(job, GITLAB_JOB) }).toEqual({ name, unknown: [] });
    const clinicnet = doc.clinicnet as { artifacts: Record<string, unknown>; stage: string };
    expect(keysWithin(clinicnet.artifacts, GITLAB_ARTIFACTS)).toEqual([]);
    expect(clinicnet.artifacts.reports).toEqual({ codequality: 'gl-code-quality-report.json' });
    expect(doc.stages).toEqual(['synth', 'check']);
    for (const [, job] of jobs.slice(1)) expect(doc.stages).toContain(job.stage);
  });

  test('the report is GitLab Code Quality; the review is split comment parts under a project marker', () => {
    const calls = invocations(text('gitlab-ci.yml'));
    expect(calls.find((c) => c.command === 'check')?.args).toContain('--format gitlab');
    const review = calls.find((c) => c.command === 'review')?.args ?? '';
    for (const flag of ['--output-dir review', '--marker', '--changed-only', '--fail-on-broadening'])
      expect(review).toContain(flag);
  });
});

describe('examples/ci/azure-pipelines.yml', () => {
  const doc = parse(text('azure-pipelines.yml')) as {
    stages: { jobs: { steps: Record<string, unknown>[] }[] }[];
  };

  test('pipeline, stage, job and step keys are Azure Pipelines keys', () => {
    expect(keysWithin(doc, AZURE_PIPELINE)).toEqual([]);
    for (const stage of doc.stages) {
      expect(keysWithin(stage, AZURE_STAGE)).toEqual([]);
      for (const job of stage.jobs) {
        expect(keysWithin(job, AZURE_JOB)).toEqual([]);
        for (const step of job.steps) expect(keysWithin(step, AZURE_STEP)).toEqual([]);
      }
    }
  });

  test('the review has a text form for Azure DevOps (JSON and a summary), findings as JUnit', () => {
    const calls = invocations(text('azure-pipelines.yml'));
    expect(calls.map((c) => c.command)).toEqual(['review', 'review', 'check']);
    expect(calls[0].args).toContain('--format json');
    expect(calls[2].args).toContain('--format junit');
  });
});

test.each(
  ['gitlab-ci.yml', 'azure-pipelines.yml'].flatMap((file) =>
    invocations(text(file)).map((c) => [file, c.command, c.args] as const),
  ),
)('%s: `clinicnet %s` exists with every option used (%s)', async (_file, command, args) => {
  const help = await helpOf(command);
  for (const flag of args.match(/--[a-z-]+/g) ?? []) expect(help).toContain(flag);
  for (const [, value] of args.matchAll(/--(?:format|fail-on) ([a-z]+)/g)) expect(help).toContain(`"${value}"`);
});
