// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet review --base INPUT --head INPUT`: what a change does to each clinic's network
 * and to the findings, as a PR comment (Markdown) or JSON. With `--head plan.json` alone,
 * the plan's before and after are compared. Exit codes as `check`, on head's findings.
 */
import { Command, Option } from 'commander';
import { requirementFacts } from '../artefacts/pack-info';
import { defineError } from '../core/errors';
import type { NetworkModel } from '../model/types';
import type { Evaluation } from '../policy/evaluation';
import { builtinPacks } from '../policy/pack';
import { runPolicy } from '../policy/pipeline';
import { requirementIdsOf, selectPacks, type SelectedPacks } from '../policy/load-packs';
import { renderReviewJson } from '../review/json';
import { commentMarker, MAX_COMMENT_CHARS, renderReviewMarkdown } from '../review/markdown';
import { splitReview } from '../review/split';
import { mkdirSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { buildReview, reviewExitCode, type Review } from '../review/review';
import type { Suppression } from '../policy/evaluation';
import type { InputProblem } from '../model/problem';
import type { ReadOptions, ReadResult } from '../terraform';
import { readPlanBeforeAfter, readTerraformInput, readTerraformInputAsync } from '../terraform';
import { isDirectory, readJsonFile } from '../terraform/input';
import { FAIL_ON, type FailOn, parseMaxDays, parsePackList, writeFileAtomic } from './check';
import type { CommandRegistrar } from './command';
import { loadSitesFile } from './sites-file';
import { loadSuppressionFile } from './suppression-file';

/** Output formats of `clinicnet review`. */
export const REVIEW_FORMATS = ['markdown', 'json'] as const;

/** Options of `clinicnet review`, as parsed. */
export interface ReviewOptions {
  /** @default compare the head plan's before with its after */
  readonly base?: string;
  /** The network after the change (`--head`). */
  readonly head: string;
  /** Output format (`--format`). */
  readonly format: (typeof REVIEW_FORMATS)[number];
  /** Packs for every site, on top of those a site declares. @default none */
  readonly packs?: string[];
  /** Lowest severity of a head finding that makes the exit code 1 (`--fail-on`). */
  readonly failOn: FailOn;
  /** Suppression file, applied to base and head besides the construct suppressions each carries (`--suppressions`). @default none from a file */
  readonly suppressions?: string;
  /** @default standard output */
  readonly output?: string;
  /** Name of this project's comment marker, for monorepos (`--marker`). @default the one marker `<!-- clinicnet-review -->` */
  readonly marker?: string;
  /** Write nothing (and remove old parts) when the change touches no network (`--changed-only`). @default false */
  readonly changedOnly?: boolean;
  /** Write the Markdown as numbered comment parts `review-1.md`, … into this directory (`--output-dir`). @default one comment */
  readonly outputDir?: string;
  /** Any broadening (new internet exposure, wider egress, a dropped Deny) makes the exit code 1 (`--fail-on-broadening`). @default false */
  readonly failOnBroadening?: boolean;
  /** Longest a suppression may run, in days from today (`--max-suppression-days`). @default 365 */
  readonly maxSuppressionDays?: number;
  /** Sites file (`--sites`): packs, kind and vendor settings by site name or glob, for base and head. @default none */
  readonly sites?: string;
}

/** The rendered review and its exit code. */
export interface ReviewOutcome {
  /** The review; empty with `--changed-only` when nothing changed. */
  readonly report: string;
  /** With `--output-dir`: the comment parts, in order (empty when nothing is to be posted). */
  readonly parts: string[];
  readonly exitCode: number;
  readonly review: Review;
}

const headMissing = defineError({
  code: 'REVIEW-HEAD-MISSING',
  title: '`clinicnet review` was run without --head.',
  message: (given: string) =>
    `nothing to review — got ${given}, expected --head INPUT (with --base INPUT, or alone when INPUT is a plan JSON); fix: add --head`,
  example: ['--base cdktf.out only'],
});

const badMarker = defineError({
  code: 'REVIEW-BAD-MARKER',
  title: 'The --marker name of `clinicnet review` is not a plain name.',
  message: (name: string) =>
    `unusable comment marker — got ${JSON.stringify(name.slice(0, 80))}, expected 1 to 64 letters, digits, dots, dashes or underscores; fix: name the project plainly (--marker billing-network)`,
  example: ['a b -->'],
});

/** A marker name goes inside an HTML comment: plain characters only, so it cannot end the comment. */
const MARKER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

const baseMissing = defineError({
  code: 'REVIEW-BASE-MISSING',
  title: '`clinicnet review` got --head without --base, and the head is not a single plan JSON.',
  message: (head: string) =>
    `nothing to compare with — got --head ${head} alone, expected --base INPUT too (only a plan JSON carries its own before); fix: add --base with the synth output or plan of the target branch`,
  example: ['cdktf.out'],
});

/**
 * A model with its findings, through the one pipeline `check` uses: the file's suppressions
 * and those the input's constructs declared, over rule findings and reader problems alike.
 */
function evaluated(
  model: NetworkModel,
  problems: readonly InputProblem[],
  declared: readonly Suppression[],
  options: ReviewOptions,
  selected: SelectedPacks,
): Evaluation {
  const fromFile = options.suppressions !== undefined ? loadSuppressionFile(options.suppressions) : [];
  return runPolicy(model, problems, {
    packs: selected.packs,
    extraPacks: selected.ids,
    suppressions: [...fromFile, ...declared],
    maxSuppressionDays: options.maxSuppressionDays,
  });
}

/** Both sides with their findings. */
interface Sides {
  readonly base: NetworkModel;
  readonly head: NetworkModel;
  readonly baseEvaluation: Evaluation;
  readonly headEvaluation: Evaluation;
}

/** How each side is read: the data plane too (the review asks it what each side lets through). */
function readOptions(options: ReviewOptions, selected: SelectedPacks): ReadOptions {
  return {
    packs: selected.ids,
    requirements: requirementIdsOf(selected.packs),
    dataplane: true,
    sites: options.sites !== undefined ? loadSitesFile(options.sites) : undefined,
  };
}

/** With --head alone: the plan's before and after. */
function planSides(options: ReviewOptions, selected: SelectedPacks, read: ReadOptions): Sides {
  if (isDirectory(options.head)) throw baseMissing(options.head);
  const plan = readPlanBeforeAfter(readJsonFile(options.head), options.head, read);
  return {
    base: plan.before,
    head: plan.after,
    baseEvaluation: evaluated(plan.before, [], plan.suppressions, options, selected),
    headEvaluation: evaluated(plan.after, plan.problems, plan.suppressions, options, selected),
  };
}

function sidesOf(base: ReadResult, head: ReadResult, options: ReviewOptions, selected: SelectedPacks): Sides {
  return {
    base: base.model,
    head: head.model,
    baseEvaluation: evaluated(base.model, base.problems, base.suppressions, options, selected),
    headEvaluation: evaluated(head.model, head.problems, head.suppressions, options, selected),
  };
}

function sides(options: ReviewOptions, selected: SelectedPacks): Sides {
  const read = readOptions(options, selected);
  if (options.base === undefined) return planSides(options, selected, read);
  // A change may create the first site: a base with nothing to check is an empty estate, not an error.
  const base = readTerraformInput(options.base, { ...read, allowEmpty: true });
  return sidesOf(base, readTerraformInput(options.head, read), options, selected);
}

/** As {@link sides}, for inputs of any kind: Terraform HCL root modules need the asynchronous parser. */
async function sidesAsync(options: ReviewOptions, selected: SelectedPacks): Promise<Sides> {
  const read = readOptions(options, selected);
  if (options.base === undefined) return planSides(options, selected, read);
  const base = await readTerraformInputAsync(options.base, { ...read, allowEmpty: true });
  const head = await readTerraformInputAsync(options.head, read);
  return sidesOf(base, head, options, selected);
}

/** Checks the options and selects the packs, before any input is read (their errors come first). */
function prepare(options: ReviewOptions): SelectedPacks {
  if (options.head === undefined)
    throw headMissing(options.base === undefined ? 'no inputs' : `--base ${options.base} only`);
  if (options.marker !== undefined && !MARKER_NAME.test(options.marker)) throw badMarker(options.marker);
  // Pack ids and the user's pack files named by --packs; reports name them by id.
  return selectPacks(options.packs ?? [], process.cwd());
}

/** Runs a review of JSON inputs without touching standard streams; errors are ClinicnetErrors (exit 2). */
export function runReview(options: ReviewOptions): ReviewOutcome {
  const selected = prepare(options);
  return outcomeOf(options, selected, sides(options, selected));
}

/**
 * Runs a review of inputs of any kind, Terraform HCL root modules included (the CLI's entry):
 * HCL is parsed by an asynchronous parser, so this is awaited; JSON inputs are read as by runReview.
 */
export async function runReviewAsync(options: ReviewOptions): Promise<ReviewOutcome> {
  const selected = prepare(options);
  return outcomeOf(options, selected, await sidesAsync(options, selected));
}

function outcomeOf(options: ReviewOptions, selected: SelectedPacks, read: Sides): ReviewOutcome {
  const facts = requirementFacts(builtinPacks());
  const review = buildReview({
    ...read,
    failOn: options.failOn,
    vendorOf: (req) => facts.get(req)?.vendor,
    packs: selected.packs,
    extraPacks: selected.ids,
    failOnBroadening: options.failOnBroadening ?? false,
  });
  const exitCode = reviewExitCode(review);
  if (options.changedOnly === true && !review.networkChanged) return { report: '', parts: [], exitCode, review };
  const marker = commentMarker(options.marker);
  if (options.format === 'json') return { report: renderReviewJson(review), parts: [], exitCode, review };
  if (options.outputDir === undefined)
    return { report: renderReviewMarkdown(review, { marker }), parts: [], exitCode, review };
  // The whole review, split into comments, instead of one comment cut to fit.
  const whole = renderReviewMarkdown(review, { maxChars: Infinity, marker: '' }).replace(/\n+$/, '\n');
  const parts = splitReview(whole, { maxChars: MAX_COMMENT_CHARS, marker }).map((p) => p.text);
  return { report: parts.join('\n'), parts, exitCode, review };
}

/** Registers `clinicnet review`. */
export const registerReview: CommandRegistrar = (program, setExitCode) => {
  program
    .command('review')
    .description(
      'Compare two inputs (each what `check` accepts: a cdk.tf.json, a cdktf.out directory, a plan JSON or a Terraform root module directory) and say, per site, what the change does ' +
        "to the network and to the findings; with --head PLAN alone, compare the plan's before and after. Markdown fits a PR comment (≤ 60,000 characters). " +
        'Exit 0 when no head finding is at or above --fail-on, 1 when one is, 2 for usage errors and unreadable input.',
    )
    .option('--base <input>', 'the network before the change (omit when --head is a plan JSON: its before is the base)')
    .option('--head <input>', 'the network after the change')
    .addOption(new Option('--format <format>', 'output format').choices(REVIEW_FORMATS).default('markdown'))
    .option(
      '--packs <ids>',
      'comma-separated packs to check at every site, besides those each site declares: built-in pack ids or pack files (./packs/medicare.json)',
      parsePackList,
    )
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity of a head finding that makes the exit code 1')
        .choices(FAIL_ON)
        .default('error'),
    )
    .option(
      '--suppressions <file>',
      'YAML or JSON list of {id, site?, path?, reason, owner, expires}, applied to base and head',
    )
    .option(
      '--max-suppression-days <days>',
      'longest a suppression may run from today; a later expiry is refused (default 365)',
      parseMaxDays,
    )
    .option(
      '--sites <file>',
      'YAML or JSON {sites: {NAME or GLOB: {packs?, kind?, vendor?}}}: packs and vendor settings for the matching sites, base and head',
    )
    .option(
      '--fail-on-broadening',
      'exit 1 when the change lets more traffic through (new internet exposure, wider egress, a dropped Deny), even without an error finding',
    )
    .option('--marker <name>', "name of this project's comment marker, when one repository posts several reviews")
    .option(
      '--changed-only',
      'write nothing (and, with --output-dir, remove old parts) when the change touches no network; exit codes are unchanged',
    )
    .option(
      '--output-dir <dir>',
      'write the Markdown as comment parts review-1.md, review-2.md, … (each under 60,000 characters) and remove older parts',
    )
    .option('--output <file>', 'write the review to this file instead of standard output')
    .action(async function (this: Command, options: ReviewOptions) {
      const outcome = await runReviewAsync(options);
      const output = this.configureOutput();
      if (options.outputDir !== undefined) {
        writeParts(options.outputDir, outcome.parts);
        output.writeOut?.(
          `clinicnet review: ${outcome.review.verdict} ${outcome.parts.length} part(s) written to ${options.outputDir}\n`,
        );
      } else if (options.changedOnly === true && !outcome.review.networkChanged)
        output.writeOut?.(options.output === undefined ? '' : `clinicnet review: no network change; nothing written\n`);
      else if (options.output === undefined) output.writeOut?.(outcome.report);
      else {
        writeFileAtomic(options.output, outcome.report);
        output.writeOut?.(`clinicnet review: ${outcome.review.verdict} Written to ${options.output}\n`);
      }
      setExitCode(outcome.exitCode);
    });
};

/** A comment part's file name; only these are ever removed from the directory. */
const PART_FILE = /^review-[1-9][0-9]{0,5}\.md$/;

/** Writes `review-1.md` … and removes parts left from a longer review before (others files stay). */
export function writeParts(dir: string, parts: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  parts.forEach((text, i) => writeFileAtomic(join(dir, `review-${i + 1}.md`), text));
  for (const name of readdirSync(dir))
    if (PART_FILE.test(name) && Number(name.slice(7, -3)) > parts.length) rmSync(join(dir, name), { force: true });
}
