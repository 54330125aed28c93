// SPDX-License-Identifier: Apache-2.0
/**
 * One measurement of a generated estate in a fresh process, so each figure starts from a
 * cold heap and peak memory (maxRSS) belongs to that estate alone. `bench/gate.ts`,
 * `bench/synth.ts` and `bench/check.ts` spawn this file; it prints one JSON line.
 *
 *   node dist/bench/estate-process.js <construct|gate|synth> <clinics> <outdir>
 *
 * `synth` is a plain app.synth() (what the check benchmark reads); `gate` runs the synth gate
 * (`runGate`) and reports each of its steps.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App } from 'cdktf';
import { runGate, type GatePhase } from '../lib/constructs/policy-gate';
import { generateEstate } from './estate-generator';

/** What a child measures. */
export type EstateMode = 'construct' | 'gate' | 'synth';

/** Milliseconds (and KiB for memory) measured by one child. */
export interface EstateFigures {
  readonly sites: number;
  readonly constructMs: number;
  /** Each step of `runGate` (staging synth, read back, evaluate, report, publish, hand-over files), gate mode. */
  readonly gatePhases?: Partial<Record<GatePhase, number>>;
  /** Plain app.synth() (no gate), synth mode. */
  readonly synthMs?: number;
  /** Peak resident memory of the process, KiB. */
  readonly maxRssKiB: number;
}

/** Runs one child measurement and returns what it printed. */
export function measureInChild(mode: EstateMode, clinics: number, outdir: string): EstateFigures {
  const child = spawnSync(process.execPath, [__filename, mode, String(clinics), outdir], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0)
    throw new Error(`estate ${mode} of ${clinics} clinics exited ${child.status}: ${child.stderr.slice(-2000)}`);
  const last = child.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as EstateFigures;
}

/** A fresh temporary directory for one child's output. */
export function freshOutdir(): string {
  return mkdtempSync(join(tmpdir(), 'clinicnet-estate-'));
}

/** Synthesized estates by clinic count, kept for the check benchmark, removed at exit. */
const synthesized = new Map<number, string>();
process.on('exit', () => synthesized.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A synthesized estate of `clinics` clinics: its outdir, synthesized once per bench run. */
export function synthesizedEstate(clinics: number): string {
  let dir = synthesized.get(clinics);
  if (dir === undefined) {
    dir = freshOutdir();
    measureInChild('synth', clinics, dir);
    synthesized.set(clinics, dir);
  }
  return dir;
}

/** Whole repetitions in quick mode (`npm run bench -- --quick`) and at each size otherwise. */
export function repetitions(clinics: number): number {
  if (process.env.CLINICNET_BENCH_QUICK === '1') return 3;
  return clinics >= 1000 ? 3 : 5;
}

/** Clinic counts measured: 10, 100, 1,000 (quick: 10 and 100). */
export function estateSizes(): number[] {
  return process.env.CLINICNET_BENCH_QUICK === '1' ? [10, 100] : [10, 100, 1000];
}

function child(mode: EstateMode, clinics: number, outdir: string): EstateFigures {
  let start = performance.now();
  const app = new App({ outdir });
  const { estate } = generateEstate(app, { clinics });
  const constructMs = performance.now() - start;
  const sites = estate.sites.length;
  if (mode === 'construct') return { sites, constructMs, maxRssKiB: process.resourceUsage().maxRSS };
  if (mode === 'synth') {
    start = performance.now();
    app.synth();
    return { sites, constructMs, synthMs: performance.now() - start, maxRssKiB: process.resourceUsage().maxRSS };
  }
  const gatePhases: Partial<Record<GatePhase, number>> = {};
  runGate(app, { print: () => undefined, onPhase: (phase, ms) => (gatePhases[phase] = ms) });
  return { sites, constructMs, gatePhases, maxRssKiB: process.resourceUsage().maxRSS };
}

if (require.main === module) {
  const [mode, clinics, outdir] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(child(mode as EstateMode, Number(clinics), outdir))}\n`);
}
