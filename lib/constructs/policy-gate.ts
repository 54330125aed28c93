// SPDX-License-Identifier: Apache-2.0
/**
 * The synth gate. It synthesizes the app into a staging directory beside the output, reads
 * the staged estate back with lib/terraform exactly as `clinicnet check` reads it, evaluates
 * it, prints the summary and every warning, and always writes `clinicnet-report.json`. Only
 * a passing estate (or any estate in report mode) is published into the output directory,
 * followed by each site's hand-over files: a failing estate leaves no new stack files where
 * Terraform or CI would apply them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { App } from 'cdktf';
import { writeArtefacts } from '../artefacts/write';
import { defineError } from '../core/errors';
import { packsForSite } from '../policy/engine';
import type { Evaluation } from '../policy/evaluation';
import type { Pack } from '../policy/pack';
import { renderJsonReport } from '../report/json';
import { renderSummary } from '../report/summary';
import { readTerraformInput, type ReadResult } from '../terraform';
import { runPolicy } from '../policy/pipeline';
import { requirementIdsOf } from '../policy/load-packs';
import { terminalText } from '../core/escape';
import { stageLedgers } from './ledger';
import { packsOf } from './packs';
import { publishStaged, pruneSiteFolders, type PublishResult } from './publish';
import { stagingDirOf, synthesizeInto } from './staging';

/** Directory, relative to the app's outdir, that holds every site's hand-over files. */
const ARTEFACT_DIR = 'clinicnet';

/** Directory, relative to the app's outdir, that holds a site's hand-over files. */
export function siteArtefactDir(siteName: string): string {
  return path.join(ARTEFACT_DIR, siteName);
}

/** Name of the report file written into the app's output directory. */
export const REPORT_FILE = 'clinicnet-report.json';

/** How the gate evaluates and where it reports. */
export interface PolicyGateOptions {
  /**
   * Packs to evaluate.
   * @default the built-in packs and those registered for the app (registerPack)
   */
  readonly packs?: readonly Pack[];
  /** Pack ids applied to every site. @default none */
  readonly extraPacks?: readonly string[];
  /** YYYY-MM-DD for suppression expiry. @default today (UTC) */
  readonly today?: string;
  /** Longest a suppression may run from `today`, in days. @default 365 */
  readonly maxSuppressionDays?: number;
  /** Where text goes. @default process.stdout */
  readonly print?: (text: string) => void;
  /** Report path. @default `<app outdir>/clinicnet-report.json` */
  readonly reportFile?: string;
  /**
   * `enforce`: error findings fail synth and nothing is published. `report`: they are printed
   * and written to the report, and the stacks are published anyway — for a CI job that must
   * synthesize a failing change to review it; `clinicnet check` / `review` then decide the
   * job's exit code.
   * @default the environment variable CLINICNET_GATE (`enforce` or `report`), else `enforce`
   */
  readonly mode?: GateMode;
  /**
   * Write each site's hand-over files (`<outdir>/clinicnet/<site>/`) after publishing.
   * @default true
   */
  readonly artefacts?: boolean;
  /**
   * Told how long each step took, in milliseconds (the benchmark separates the staging
   * synth, which any synth pays, from what the gate adds).
   * @default nothing is timed
   */
  readonly onPhase?: (phase: GatePhase, ms: number) => void;
}

/** The gate's steps, in order. */
export type GatePhase = 'synth' | 'read' | 'evaluate' | 'report' | 'publish' | 'artefacts';

/** Whether error findings stop synth. */
export type GateMode = 'enforce' | 'report';

const GATE_MODES: readonly GateMode[] = ['enforce', 'report'];

const gateModeInvalid = defineError({
  code: 'GATE-MODE-INVALID',
  title: 'CLINICNET_GATE is set to something other than enforce or report.',
  message: (value: string) =>
    `unknown policy gate mode — got CLINICNET_GATE="${value}", expected enforce or report; fix: unset it (enforce) or set it to report to synthesize despite errors`,
  example: ['warn'],
});

function gateMode(option: GateMode | undefined): GateMode {
  const value = option ?? process.env.CLINICNET_GATE ?? 'enforce';
  if (!GATE_MODES.includes(value as GateMode)) throw gateModeInvalid(value);
  return value as GateMode;
}

/** Raised when the estate has error findings in enforce mode; `synthOrReport` exits 1 on it. */
export const gateFailed = defineError({
  code: 'GATE-FAILED',
  title: 'The synth gate found error findings; nothing is published.',
  message: (count: number, list: string) =>
    `policy gate failed — got ${count} error finding${count === 1 ? '' : 's'}, expected none; fix: correct each one below, or suppress it with a reason, owner and expiry\n${list}`,
  example: [
    1,
    '[estate/nsw-gp/firewall] [LUMOS-EGRESS-DATA] no allowed flow TCP 3000-3010 to csu.cherel.org.au — got no matching Allow rule, expected …; fix: …',
  ],
});

const hclRefused = defineError({
  code: 'GATE-HCL-OUTPUT',
  title: 'The app asks for HCL output, which the gate cannot read back yet.',
  message: () =>
    'cannot gate HCL output — got an App with hclOutput (or SYNTH_HCL_OUTPUT=true), expected JSON output; fix: drop hclOutput, the gate reads synthesized JSON only',
  example: [],
});

/** What the gate did. */
export interface GateOutcome {
  readonly evaluation: Evaluation;
  /** The estate as read back from the staged synth output. */
  readonly read: ReadResult;
  /** What publishing removed or moved aside. */
  readonly published: PublishResult;
}

/**
 * Synthesizes `app` through the gate: stage, read back, evaluate, report, then publish or
 * throw GATE-FAILED. The staging directory is removed whatever happens.
 */
export function runGate(app: App, options: PolicyGateOptions = {}): GateOutcome {
  const mode = gateMode(options.mode);
  if (app.hclOutput) throw hclRefused();
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const packs = options.packs ?? packsOf(app);
  const extraPacks = options.extraPacks ?? [];
  const staging = stagingDirOf(app.outdir);
  const step = timer(options.onPhase);
  try {
    step('synth', () => synthesizeInto(app, staging));
    const read = step('read', () =>
      readTerraformInput(staging, {
        packs: [...extraPacks],
        requirements: requirementIdsOf([...packsOf(app), ...packs]),
        dataplane: true,
      }),
    );
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    const evaluation = step('evaluate', () =>
      runPolicy(read.model, read.problems, {
        packs,
        extraPacks,
        suppressions: read.suppressions,
        today,
        maxSuppressionDays: options.maxSuppressionDays,
      }),
    );
    step('report', () => {
      report(read, evaluation, { ...options, packs }, print);
      writeReport(options.reportFile ?? path.join(app.outdir, REPORT_FILE), renderJsonReport(evaluation));
    });
    const errors = evaluation.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      const failure = gateFailed(errors.length, errors.map((f) => terminalText(`[${f.path}] ${f.message}`)).join('\n'));
      if (mode === 'enforce') throw failure;
      print(`${failure.message}\nReport-only gate (CLINICNET_GATE=report): synthesized despite the errors above.\n`);
    }
    // The allocation ledger changes with what is published, never without (LEDGER-STALE in CI).
    const writeLedgers = stageLedgers(app);
    const published = step('publish', () => publishStaged(staging, app.outdir, print));
    writeLedgers();
    // Hand-over files for each clinic's IT, the same as `clinicnet artefacts` writes.
    if (options.artefacts !== false)
      step('artefacts', () => {
        const dir = path.join(app.outdir, ARTEFACT_DIR);
        writeArtefacts(read.model, dir, { packs: [...packs] });
        pruneSiteFolders(
          dir,
          read.model.sites.map((s) => s.name),
        );
      });
    return { evaluation, read, published };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs a step, telling `onPhase` how long it took. */
function timer(onPhase: PolicyGateOptions['onPhase']): <T>(phase: GatePhase, run: () => T) => T {
  return (phase, run) => {
    if (onPhase === undefined) return run();
    const start = performance.now();
    const result = run();
    onPhase(phase, performance.now() - start);
    return result;
  };
}

/** Prints warnings, info and the summary. */
function report(read: ReadResult, evaluation: Evaluation, options: PolicyGateOptions, print: (t: string) => void) {
  const packs = options.packs ?? [];
  const { model } = read;
  const packsBySite = Object.fromEntries(
    model.sites.map((s) => [s.name, packsForSite(s, packs, options.extraPacks ?? [])]),
  );
  for (const f of evaluation.findings.filter((x) => x.severity !== 'error'))
    print(`${f.severity.toUpperCase()} ${terminalText(`[${f.path}] ${f.message}`)}\n`);
  print(renderSummary({ model, evaluation, packsBySite }));
}

/** Writes the report through a temporary file and a rename: never half a report. */
function writeReport(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
