// SPDX-License-Identifier: Apache-2.0
/**
 * What the pre-synth gate costs: building a generated estate with the constructs (the
 * gate off), and the gate's work on it — PolicyGate.check (evaluation, including the
 * BASE-CIDR address rules, summary, report, hand-over files). Each
 * repetition is a fresh process. Target: the gate ≤ 10 % of synth at 1,000 clinics
 * (the synth figures come from `bench/synth.ts`, run in the same `npm run bench`).
 */
import { rmSync } from 'fs';
import type { Benchmark, BenchResult } from './harness';
import { median } from './harness';
import { estateSizes, freshOutdir, measureInChild, repetitions, type EstateFigures } from './estate-process';

/** Gate medians by clinic count, for the synth benchmark's share-of-synth figure. */
export const gateMedians = new Map<number, number>();

const ratio = (x: number) => `${x.toFixed(2)}×`;

/** The gate benchmark. */
export const gateBenchmark: Benchmark = {
  name: 'gate',
  async run(progress) {
    const results: BenchResult[] = [];
    for (const clinics of estateSizes()) {
      const runs = repetitions(clinics);
      const constructs: EstateFigures[] = [];
      const gated: EstateFigures[] = [];
      for (let i = 0; i < runs; i++) {
        progress(`gate: ${clinics} clinics, run ${i + 1} of ${runs}`);
        for (const [mode, into] of [
          ['construct', constructs],
          ['gate', gated],
        ] as const) {
          const outdir = freshOutdir();
          try {
            into.push(measureInChild(mode, clinics, outdir));
          } finally {
            rmSync(outdir, { recursive: true, force: true });
          }
        }
      }
      const construct = median(constructs.map((f) => f.constructMs));
      const gate = median(gated.map((f) => f.gateCheckMs ?? 0));
      const evaluation = median(gated.map((f) => f.evaluateMs ?? 0));
      gateMedians.set(clinics, gate);
      const sites = constructs[0].sites;
      results.push(
        { benchmark: 'gate', size: clinics, method: `construct, gate off (${sites} sites)`, medianMs: construct, runs },
        {
          benchmark: 'gate',
          size: clinics,
          method: 'construct + gate',
          medianMs: construct + gate,
          runs,
          detail: `overhead ${ratio((construct + gate) / construct)} construct`,
        },
        {
          benchmark: 'gate',
          size: clinics,
          method: 'gate alone',
          medianMs: gate,
          runs,
          detail: `evaluate ${evaluation.toFixed(0)} ms, rest report + hand-over files`,
        },
      );
    }
    return results;
  },
};
