// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check INPUT`: reads synthesized Terraform JSON or a plan, evaluates the packs,
 * and reports in the chosen format. Exit 0 clean, 1 findings at or above --fail-on,
 * 2 usage errors and unreadable input (raised as ClinicnetError, printed by main).
 */
import { relative } from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Evaluation, Suppression } from '../policy/evaluation';
import { requirementIdsOf, selectPacks, type SelectedPacks } from '../policy/load-packs';
import type { Finding } from '../policy/finding';
import { SEVERITY_ORDER } from '../policy/finding';
import { runPolicy } from '../policy/pipeline';
import type { ReportContext } from '../report/context';
import { countBySeverity } from '../report/json';
import { packContext } from '../report/pack-context';
import { REPORT_FORMATS, ReportFormat, renderReport } from '../report/render';
import { severityCounts } from '../report/text';
import type { ReadResult } from '../terraform';
import { findingLocator, readTerraformInput, readTerraformInputAsync } from '../terraform';
import { loadBaseline } from './baseline';
import { EXIT, type CommandRegistrar } from './command';
import { writeFileAtomic } from './output-file';
import { loadSuppressionFile } from './suppression-file';

export { writeFileAtomic } from './output-file';

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

/** The lowest severity that fails the check, or `never`. */
export type FailOn = (typeof FAIL_ON)[number];

/** Options of `clinicnet check`, as parsed. */
export interface CheckOptions {
  /** Packs for every site, on top of those a site declares: ids or pack file paths. @default none */
  readonly packs?: string[];
  /** Report format (`--format`). */
  readonly format: ReportFormat;
  /** Lowest severity that makes the exit code 1 (`--fail-on`). */
  readonly failOn: FailOn;
  /** Suppression file (`--suppressions`), besides the construct suppressions the input carries. @default none from a file */
  readonly suppressions?: string;
  /** @default report every finding */
  readonly baseline?: string;
  /** @default standard output */
  readonly output?: string;
  /** Longest a suppression may run, in days from today (`--max-suppression-days`). @default 365 */
  readonly maxSuppressionDays?: number;
  /** `--var-file` files for an HCL root module, in order. @default none */
  readonly varFile?: string[];
  /** `--var NAME=VALUE` for an HCL root module, in order. @default none */
  readonly var?: string[];
}

export { problemFinding, READER_RULE, UNREADABLE_REQUIREMENT } from '../policy/builtin';

/** EXIT.FINDINGS when a finding is at or above `failOn`, else EXIT.OK. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'never') return EXIT.OK;
  const threshold = SEVERITY_ORDER[failOn];
  return findings.some((f) => SEVERITY_ORDER[f.severity] <= threshold) ? EXIT.FINDINGS : EXIT.OK;
}

/** Where a finding's site lives: the one input file, or the stack file named after the site. */
export function fileLocator(read: Pick<ReadResult, 'files'>, cwd: string): (finding: Finding) => string | undefined {
  const shown = (file: string): string => relative(cwd, file) || file;
  if (read.files.length === 1) {
    const only = shown(read.files[0]);
    return () => only;
  }
  const bySite = new Map<string, string>();
  for (const file of read.files) {
    const stack = /[\\/]stacks[\\/]([^\\/]+)[\\/][^\\/]+$/.exec(file);
    if (stack) bySite.set(stack[1], file);
  }
  // Relative paths only for the sites a report shows: an estate has 1,000s of files.
  const relativeBySite = new Map<string, string>();
  return (finding) => {
    let file = relativeBySite.get(finding.site);
    if (file === undefined) {
      const absolute = bySite.get(finding.site);
      if (absolute === undefined) return undefined;
      relativeBySite.set(finding.site, (file = shown(absolute)));
    }
    return file;
  };
}

/** The result of a check: the report text and the exit code. */
export interface CheckOutcome {
  readonly report: string;
  readonly exitCode: number;
  readonly evaluation: Evaluation;
}

/** Runs a check without touching standard streams; errors are ClinicnetErrors (exit 2). */
export function runCheck(input: string, options: CheckOptions, cwd: string = process.cwd()): CheckOutcome {
  const given = loadGiven(options, cwd);
  const read = readTerraformInput(input, {
    packs: given.selected.ids,
    requirements: requirementIdsOf(given.selected.packs),
    dataplane: true,
  });
  return checkRead(read, given, options, cwd);
}

/**
 * Runs a check on any input, Terraform HCL directories included: HCL is parsed by an
 * asynchronous parser, so the CLI awaits this; JSON inputs are read as by runCheck.
 */
export async function runCheckAsync(
  input: string,
  options: CheckOptions,
  cwd: string = process.cwd(),
): Promise<CheckOutcome> {
  const given = loadGiven(options, cwd);
  const read = await readTerraformInputAsync(input, {
    packs: given.selected.ids,
    requirements: requirementIdsOf(given.selected.packs),
    dataplane: true,
    varFiles: options.varFile,
    vars: options.var,
  });
  return checkRead(read, given, options, cwd);
}

/** What the command line gives besides the input: read first, so their errors come first. */
interface Given {
  readonly suppressions: Suppression[];
  readonly baseline?: ReturnType<typeof loadBaseline>;
  readonly selected: SelectedPacks;
}

/** The suppression file, baseline and packs, read before the input (their errors come first). */
function loadGiven(options: CheckOptions, cwd: string): Given {
  const suppressions = options.suppressions !== undefined ? loadSuppressionFile(options.suppressions) : [];
  const baseline = options.baseline !== undefined ? loadBaseline(options.baseline) : undefined;
  // Pack ids and the user's pack files named by --packs; reports name them by id.
  const selected = selectPacks(options.packs ?? [], cwd);
  return { suppressions, baseline, selected };
}

function checkRead(
  read: ReadResult,
  { suppressions, baseline, selected }: Given,
  options: CheckOptions,
  cwd: string,
): CheckOutcome {
  const packs = selected.packs;
  const extraPacks = selected.ids;
  const evaluation = runPolicy(read.model, read.problems, {
    packs,
    extraPacks,
    // The file's suppressions and those the input's constructs declared (carried in clinicnet_site).
    suppressions: [...suppressions, ...read.suppressions],
    baseline,
    maxSuppressionDays: options.maxSuppressionDays,
  });
  const context: ReportContext = {
    ...packContext(read.model, packs, extraPacks),
    fileOf: fileLocator(read, cwd),
    locationOf: findingLocator(read.locations, cwd),
    hiddenByBaseline: evaluation.baselined?.length ?? 0,
    failOn: options.failOn,
  };
  return {
    report: renderReport(options.format, evaluation, context),
    exitCode: exitCodeFor(evaluation.findings, options.failOn),
    evaluation,
  };
}

/** Parses `--max-suppression-days 90` (commander argument parser): a whole number of days ≥ 1. */
export function parseMaxDays(value: string): number {
  const days = /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(days) || days < 1)
    throw new InvalidArgumentError(`expected a whole number of days of at least 1, such as 90, got "${value}".`);
  return days;
}

/** Parses `--packs lumos,./packs/medicare.json` into sorted, unique pack ids and pack file paths (commander argument parser). */
export function parsePackList(value: string): string[] {
  const packs = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (packs.length === 0)
    throw new InvalidArgumentError(
      `expected pack ids or pack files separated by commas, such as lumos,./packs/medicare.json, got "${value}".`,
    );
  return [...new Set(packs)].sort();
}

/** Commander's accumulator for a repeatable option. */
const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Registers `clinicnet check`. */
export const registerCheck: CommandRegistrar = (program, setExitCode) => {
  program
    .command('check')
    .description(
      'Check synthesized Terraform JSON (a cdk.tf.json or a cdktf.out directory) or a `terraform show -json` plan against the vendor packs. ' +
        'Exit 0 when nothing is at or above --fail-on, 1 when something is, 2 for usage errors and unreadable input.',
    )
    .argument(
      '<input>',
      'a cdk.tf.json, a cdktf.out directory, a plan JSON file (detected by content), or a Terraform root module directory (*.tf)',
    )
    .option(
      '--packs <ids>',
      'comma-separated packs to check at every site, besides those each site declares: built-in pack ids or pack files (./packs/medicare.json); sites without clinicnet tags get exactly these',
      parsePackList,
    )
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1')
        .choices(FAIL_ON)
        .default('error'),
    )
    .option('--suppressions <file>', 'YAML or JSON list of {id, site?, path?, reason, owner, expires}')
    .option(
      '--baseline <file>',
      'a previous JSON report; each of its findings hides one matching finding, and the report says how many were hidden',
    )
    .option(
      '--max-suppression-days <days>',
      'longest a suppression may run from today; a later expiry is refused (default 365)',
      parseMaxDays,
    )
    .option('--output <file>', 'write the report to this file instead of standard output')
    .option(
      '--var-file <file>',
      'a .tfvars(.json) file for a Terraform root module (repeatable, later wins)',
      collect,
      [],
    )
    .option(
      '--var <name=value>',
      'a root variable value for a Terraform root module (repeatable, after --var-file)',
      collect,
      [],
    )
    .action(async function (this: Command, input: string, options: CheckOptions) {
      const outcome = await runCheckAsync(input, options);
      const output = this.configureOutput();
      if (options.output === undefined) {
        output.writeOut?.(outcome.report);
      } else {
        writeFileAtomic(options.output, outcome.report);
        const counts = severityCounts(countBySeverity(outcome.evaluation.findings));
        output.writeOut?.(`clinicnet check: ${counts}; report written to ${options.output}\n`);
      }
      setExitCode(outcome.exitCode);
    });
};
