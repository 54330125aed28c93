// SPDX-License-Identifier: Apache-2.0
/**
 * Synth of generated estates (construct + app.synth, gate included) per clinic count,
 * peak memory of the process, and the scaling exponent between 100 and 1,000 clinics
 * (target ≤ 1.15). With the gate benchmark in the same run, also the gate's share of
 * synth at each size (target ≤ 10 % at 1,000 clinics).
 */
import { rmSync } from 'fs';
import type { Benchmark, BenchResult } from './harness';
import { median } from './harness';
import { estateSizes, freshOutdir, measureInChild, repetitions, type EstateFigures } from './estate-process';
import { gateMedians } from './gate';

/** log(t2 / t1) / log(n2 / n1): 1 is linear, 2 quadratic. */
export function scalingExponent(n1: number, t1: number, n2: number, t2: number): number {
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

/** The synth benchmark. */
export const synthBenchmark: Benchmark = {
  name: 'synth',
  run(progress) {
    const results: BenchResult[] = [];
    const totals = new Map<number, { sites: number; ms: number }>();
    for (const clinics of estateSizes()) {
      const runs = repetitions(clinics);
      const figures: EstateFigures[] = [];
      for (let i = 0; i < runs; i++) {
        progress(`synth: ${clinics} clinics, run ${i + 1} of ${runs}`);
        const outdir = freshOutdir();
        try {
          figures.push(measureInChild('synth', clinics, outdir));
        } finally {
          rmSync(outdir, { recursive: true, force: true });
        }
      }
      const total = median(figures.map((f) => f.constructMs + (f.synthMs ?? 0)));
      const sites = figures[0].sites;
      const previous = totals.get(clinics / 10);
      totals.set(clinics, { sites, ms: total });
      const gate = gateMedians.get(clinics);
      const notes = [
        `peak ${mib(median(figures.map((f) => f.maxRssKiB)))}`,
        `app.synth ${median(figures.map((f) => f.synthMs ?? 0)).toFixed(0)} ms`,
        ...(gate !== undefined ? [`gate ${((100 * gate) / total).toFixed(1)} % of synth`] : []),
        ...(previous !== undefined
          ? [`exponent vs ${clinics / 10}: ${scalingExponent(previous.sites, previous.ms, sites, total).toFixed(2)}`]
          : []),
      ];
      results.push({
        benchmark: 'synth',
        size: clinics,
        method: `construct + app.synth (${sites} stacks)`,
        medianMs: total,
        runs,
        detail: notes.join(', '),
      });
    }
    return Promise.resolve(results);
  },
};
