// SPDX-License-Identifier: Apache-2.0
/**
 * The pre-synth gate. cdktf never runs aspects added to the App, so every site stack
 * carries the gate; the first stack to synthesize evaluates the whole estate once,
 * prints the summary and each warning, writes `clinicnet-report.json` next to the
 * stacks, and fails the synth with every error finding listed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, type IAspect, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { writeArtefacts } from '../artefacts/write';
import { defineError } from '../core/errors';
import type { NetworkModel } from '../model/types';
import { evaluate, packsForSite } from '../policy/engine';
import type { Evaluation } from '../policy/evaluation';
import type { Pack } from '../policy/pack';
import { renderJsonReport } from '../report/json';
import { renderSummary } from '../report/summary';
import { packsOf } from './packs';
import { Suppressions } from './suppressions';

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
  readonly packs?: Pack[];
  /** Pack ids applied to every site. @default none */
  readonly extraPacks?: string[];
  /** YYYY-MM-DD for suppression expiry. @default today (UTC) */
  readonly today?: string;
  /** Where text goes. @default process.stdout */
  readonly print?: (text: string) => void;
  /** Report path. @default `<app outdir>/clinicnet-report.json` */
  readonly reportFile?: string;
  /**
   * `enforce`: error findings fail synth. `report`: they are printed and written to the
   * report, and synth goes on — for a CI job that must synthesize a failing change to
   * review it; `clinicnet check` / `review` then decide the job's exit code.
   * @default the environment variable CLINICNET_GATE (`enforce` or `report`), else `enforce`
   */
  readonly mode?: GateMode;
}

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

/** What the gate needs of an estate: its construct and its model. */
export interface GatedEstate extends IConstruct {
  toModel(): NetworkModel;
}

const gateFailed = defineError({
  code: 'GATE-FAILED',
  title: 'The pre-synth policy gate found error findings; nothing is synthesized.',
  message: (count: number, list: string) =>
    `policy gate failed — got ${count} error finding${count === 1 ? '' : 's'}, expected none; fix: correct each one below, or suppress it with a reason, owner and expiry\n${list}`,
  example: [
    1,
    '[estate/nsw-gp/firewall] [LUMOS-EGRESS-DATA] no allowed flow TCP 3000-3010 to csu.cherel.org.au — got no matching Allow rule, expected …; fix: …',
  ],
});

const GATES = new WeakMap<IConstruct, PolicyGate>();

/** The gate of one estate: an aspect on each of its site stacks. */
export class PolicyGate implements IAspect {
  /** The estate's gate, created (with `options`) on first call. */
  public static of(estate: GatedEstate, options: PolicyGateOptions = {}): PolicyGate {
    let gate = GATES.get(estate);
    if (gate === undefined) {
      gate = new PolicyGate(estate, options);
      GATES.set(estate, gate);
    }
    return gate;
  }

  private readonly stacks = new Set<IConstruct>();
  private result?: Evaluation;

  private constructor(
    private readonly estate: GatedEstate,
    private readonly options: PolicyGateOptions,
  ) {}

  /** Puts the gate on a site stack. */
  public watch(stack: TerraformStack): void {
    this.stacks.add(stack);
    Aspects.of(stack).add(this);
  }

  /** Runs once, on the first watched stack that synthesizes. */
  public visit(node: IConstruct): void {
    if (!this.stacks.has(node) || this.result !== undefined) return;
    this.result = this.check();
  }

  /** Evaluates the estate, prints and writes the report; throws GATE-FAILED on error findings (unless report-only). */
  public check(): Evaluation {
    const mode = gateMode(this.options.mode);
    const model = this.estate.toModel();
    const packs = this.options.packs ?? packsOf(this.estate);
    const evaluation = evaluate(model, {
      packs,
      suppressions: Suppressions.collect(this.estate.node.root),
      ...(this.options.extraPacks && { extraPacks: this.options.extraPacks }),
      ...(this.options.today && { today: this.options.today }),
    });
    const print = this.options.print ?? ((text: string) => process.stdout.write(text));
    const packsBySite = Object.fromEntries(
      model.sites.map((s) => [s.name, packsForSite(s, packs, this.options.extraPacks)]),
    );
    for (const f of evaluation.findings.filter((x) => x.severity !== 'error'))
      print(`${f.severity.toUpperCase()} [${f.path}] ${f.message}\n`);
    print(renderSummary({ model, evaluation, packsBySite }));
    const file = this.options.reportFile ?? path.join(App.of(this.estate).outdir, REPORT_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderJsonReport(evaluation));
    const errors = evaluation.findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
      const failure = gateFailed(errors.length, errors.map((f) => `[${f.path}] ${f.message}`).join('\n'));
      if (mode === 'enforce') throw failure;
      print(`${failure.message}\nReport-only gate (CLINICNET_GATE=report): synthesized despite the errors above.\n`);
    }
    // Hand-over files for each clinic's IT, the same as `clinicnet artefacts` writes.
    writeArtefacts(model, path.join(App.of(this.estate).outdir, ARTEFACT_DIR), { packs });
    return evaluation;
  }
}
