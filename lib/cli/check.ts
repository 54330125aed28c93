// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check INPUT`: reads synthesized Terraform JSON or a plan, evaluates the packs,
 * and reports in the chosen format. Exit 0 clean, 1 findings at or above --fail-on,
 * 2 usage errors and unreadable input (raised as ClinicnetError, printed by main).
 */
import { renameSync, rmSync, writeFileSync } from 'fs';
import { basename, dirname, join, relative } from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { defineError } from '../core/errors';
import type { Evaluation, Suppression } from '../policy/evaluation';
import { evaluate } from '../policy/engine';
import { builtinPacks } from '../policy/pack';
import type { Finding } from '../policy/finding';
import { SEVERITY_ORDER } from '../policy/finding';
import { applySuppressions } from '../policy/suppressions';
import type { ReportContext } from '../report/context';
import { countBySeverity } from '../report/json';
import { sortFindings } from '../policy/order';
import { packContext } from '../report/pack-context';
import { REPORT_FORMATS, ReportFormat, renderReport } from '../report/render';
import { severityCounts } from '../report/text';
import type { ReadProblem, ReadResult } from '../terraform';
import { readTerraformInput, readTerraformInputAsync } from '../terraform';
import { applyBaseline, loadBaseline } from './baseline';
import { EXIT, type CommandRegistrar } from './command';
import { loadSuppressionFile } from './suppression-file';

export const FAIL_ON = ['error', 'warning', 'info', 'never'] as const;

/** The lowest severity that fails the check, or `never`. */
export type FailOn = (typeof FAIL_ON)[number];

/** Options of `clinicnet check`, as parsed. */
export interface CheckOptions {
  /** Packs for every site, on top of those a site declares. @default none */
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
  /** `--var-file` files for an HCL root module, in order. @default none */
  readonly varFile?: string[];
  /** `--var NAME=VALUE` for an HCL root module, in order. @default none */
  readonly var?: string[];
}

/** Rule slug of the findings that stand for input the reader could not fully read. */
export const READER_RULE = 'terraform-reader';
/** Requirement id of those findings (suppressible like any other). */
export const UNREADABLE_REQUIREMENT = 'CLINICNET-UNREADABLE';

const outputUnwritable = defineError({
  code: 'CHECK-OUTPUT-UNWRITABLE',
  title: 'The --output file of `clinicnet check` cannot be written.',
  message: (file: string, reason: string) =>
    `cannot write report — got "${file}" (${reason}), expected a writable file path; fix: create the directory or choose another path`,
  example: ['reports/clinicnet.sarif', 'ENOENT'],
});

/** EXIT.FINDINGS when a finding is at or above `failOn`, else EXIT.OK. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): number {
  if (failOn === 'never') return EXIT.OK;
  const threshold = SEVERITY_ORDER[failOn];
  return findings.some((f) => SEVERITY_ORDER[f.severity] <= threshold) ? EXIT.FINDINGS : EXIT.OK;
}

/** A reader problem as a finding, so nothing unreadable passes silently. */
export function problemFinding(problem: ReadProblem): Finding {
  return {
    rule: READER_RULE,
    requirement: UNREADABLE_REQUIREMENT,
    severity: 'warning',
    kind: 'unknown',
    pack: 'clinicnet',
    // A resource that belongs to no site is an estate-wide problem.
    site: problem.site === '' ? '*' : problem.site,
    path: problem.address,
    message:
      `[${UNREADABLE_REQUIREMENT}] ${problem.resourceType} could not be fully read — got ${problem.message}, ` +
      'expected every value the checks need; fix: make the value known before apply, or check the synthesized JSON instead',
    remediation:
      'Give the value a literal or a reference clinicnet can resolve; until then the requirements that depend on it are unproven.',
    source: 'clinicnet terraform reader',
  };
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

/** Writes `text` to `file` through a temporary file and a rename, so no half-written report is left. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw outputUnwritable(file, (e as NodeJS.ErrnoException).code ?? String(e));
  }
}

/** The result of a check: the report text and the exit code. */
export interface CheckOutcome {
  readonly report: string;
  readonly exitCode: number;
  readonly evaluation: Evaluation;
}

/** Runs a check without touching standard streams; errors are ClinicnetErrors (exit 2). */
export function runCheck(input: string, options: CheckOptions, cwd: string = process.cwd()): CheckOutcome {
  const given = loadGiven(options);
  return checkRead(readTerraformInput(input, { packs: options.packs }), given, options, cwd);
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
  const given = loadGiven(options);
  const read = await readTerraformInputAsync(input, {
    packs: options.packs,
    varFiles: options.varFile,
    vars: options.var,
  });
  return checkRead(read, given, options, cwd);
}

/** The suppression file and baseline, read before the input (their errors come first). */
function loadGiven(options: CheckOptions): { suppressions: Suppression[]; baseline?: ReturnType<typeof loadBaseline> } {
  const suppressions = options.suppressions !== undefined ? loadSuppressionFile(options.suppressions) : [];
  const baseline = options.baseline !== undefined ? loadBaseline(options.baseline) : undefined;
  return { suppressions, baseline };
}

function checkRead(
  read: ReadResult,
  { suppressions, baseline }: ReturnType<typeof loadGiven>,
  options: CheckOptions,
  cwd: string,
): CheckOutcome {
  const packs = builtinPacks();
  const extraPacks = options.packs ?? [];
  // Suppressions are applied here, over rule findings and reader problems alike.
  const unsuppressed = evaluate(read.model, { packs, extraPacks });
  // The file's suppressions and those the input's constructs declared (carried in clinicnet_site).
  const outcome = applySuppressions(
    [...unsuppressed.findings, ...read.problems.map(problemFinding)],
    [...suppressions, ...read.suppressions],
    today(),
  );
  const evaluated: Evaluation = {
    findings: sortFindings(outcome.findings),
    suppressed: outcome.suppressed,
    suppressions: outcome.statuses,
  };
  const { evaluation, hidden } =
    baseline !== undefined ? applyBaseline(evaluated, baseline) : { evaluation: evaluated, hidden: 0 };
  const context: ReportContext = {
    ...packContext(read.model, packs, extraPacks),
    fileOf: fileLocator(read, cwd),
    hiddenByBaseline: hidden,
  };
  return {
    report: renderReport(options.format, evaluation, context),
    exitCode: exitCodeFor(evaluation.findings, options.failOn),
    evaluation,
  };
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** Parses `--packs lumos,immtrac` into sorted, unique ids (commander argument parser). */
export function parsePackList(value: string): string[] {
  const packs = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (packs.length === 0)
    throw new InvalidArgumentError(`expected pack ids separated by commas, such as lumos,immtrac, got "${value}".`);
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
      'comma-separated packs to check at every site, besides those each site declares; sites without clinicnet tags get exactly these',
      parsePackList,
    )
    .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1')
        .choices(FAIL_ON)
        .default('error'),
    )
    .option('--suppressions <file>', 'YAML or JSON list of {id, site?, path?, reason, owner, expires}')
    .option('--baseline <file>', 'a previous JSON report; only findings not in it are reported')
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
