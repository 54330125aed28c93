// SPDX-License-Identifier: Apache-2.0
/**
 * What the synth gate costs. Each repetition is a fresh process that builds a generated
 * estate and synthesizes it through `runGate`, which times its steps. The staging synth is
 * the synth any cdktf app pays, so the gate's cost is everything else — read back, evaluate,
 * report, publish — over (construct + synth); writing the hand-over files is its own row.
 * Targets at 1,000 clinics: ≤ 5 % without the hand-over files, ≤ 10 % with them.
 */
import { rmSync } from 'fs';
import type { GatePhase } from '../lib/constructs/policy-gate';
import type { Benchmark, BenchResult } from './harness';
import { median } from './harness';
import { estateSizes, freshOutdir, measureInChild, repetitions, type EstateFigures } from './estate-process';

/** Gate medians (hand-over files included, staging synth excluded) by clinic count, for the synth benchmark. */
export const gateMedians = new Map<number, number>();

/** One run's figures: the base the gate is measured against, the gate, the hand-over files. */
export interface GateShares {
  /** construct + staging synth, ms. */
  readonly base: number;
  /** read back + evaluate + report + publish, ms. */
  readonly gate: number;
  /** Writing the hand-over files, ms. */
  readonly artefacts: number;
}

/** Splits one run's steps into base, gate and hand-over files. */
export function gateShares(figures: EstateFigures): GateShares {
  const phase = (name: GatePhase) => figures.gatePhases?.[name] ?? 0;
  return {
    base: figures.constructMs + phase('synth'),
    gate: phase('read') + phase('evaluate') + phase('report') + phase('publish'),
    artefacts: phase('artefacts'),
  };
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

/** The gate benchmark. */
export const gateBenchmark: Benchmark = {
  name: 'gate',
  run(progress) {
    const results: BenchResult[] = [];
    for (const clinics of estateSizes()) {
      const runs = repetitions(clinics);
      const figures: EstateFigures[] = [];
      for (let i = 0; i < runs; i++) {
        progress(`gate: ${clinics} clinics, run ${i + 1} of ${runs}`);
        const outdir = freshOutdir();
        try {
          figures.push(measureInChild('gate', clinics, outdir));
        } finally {
          rmSync(outdir, { recursive: true, force: true });
        }
      }
      const shares = figures.map(gateShares);
      const base = median(shares.map((s) => s.base));
      const gate = median(shares.map((s) => s.gate));
      const artefacts = median(shares.map((s) => s.artefacts));
      const withFiles = median(shares.map((s) => s.gate + s.artefacts));
      const phase = (name: GatePhase) => median(figures.map((f) => f.gatePhases?.[name] ?? 0)).toFixed(0);
      gateMedians.set(clinics, withFiles);
      const row = (method: string, medianMs: number, detail: string): BenchResult => ({
        benchmark: 'gate',
        size: clinics,
        method,
        medianMs,
        runs,
        detail,
      });
      results.push(
        row(`construct + staging synth (${figures[0].sites} sites)`, base, `staging synth ${phase('synth')} ms`),
        row(
          'gate without hand-over files',
          gate,
          `${percent(gate, base)} of construct + synth (read ${phase('read')}, evaluate ${phase('evaluate')}, report ${phase('report')}, publish ${phase('publish')} ms)`,
        ),
        row('hand-over files', artefacts, `${percent(artefacts, base)} of construct + synth`),
        row('gate with hand-over files', withFiles, `${percent(withFiles, base)} of construct + synth`),
      );
    }
    return Promise.resolve(results);
  },
};
