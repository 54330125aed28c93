// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check` on a synthesized estate (the cdktf.out directory, JSON report) against
 * its floor: reading and `JSON.parse` of the same files, which no check can avoid.
 * Target: check ≤ 3× the floor. Both run in this process, after one untimed warm-up each,
 * in turn (floor, check, floor, check…), so a change in the machine's load reaches both.
 */
import { readFileSync } from 'fs';
import { performance } from 'perf_hooks';
import { runCheck } from '../lib/cli/check';
import { manifestStacks } from '../lib/terraform/input';
import type { Benchmark, BenchResult } from './harness';
import { median } from './harness';
import { estateSizes, synthesizedEstate } from './estate-process';

/** Runs of each method: one check takes well under a second, so medians can afford more than synth's. */
function checkRuns(): number {
  return process.env.CLINICNET_BENCH_QUICK === '1' ? 5 : 9;
}

/** Runs `a` and `b` in turn `runs` times; the median wall time of each and the last result of `b`. */
function interleaved<A, B>(runs: number, a: () => A, b: () => B): { a: { medianMs: number; value: A }; b: { medianMs: number; value: B } } {
  const times: [number[], number[]] = [[], []];
  let valueA: A | undefined;
  let valueB: B | undefined;
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    valueA = a();
    times[0].push(performance.now() - start);
    start = performance.now();
    valueB = b();
    times[1].push(performance.now() - start);
  }
  return { a: { medianMs: median(times[0]), value: valueA as A }, b: { medianMs: median(times[1]), value: valueB as B } };
}

/** Reads and parses every file `check` reads; returns the number of bytes. */
function parseAll(files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    bytes += text.length;
    JSON.parse(text);
  }
  return bytes;
}

/** The check benchmark. */
export const checkBenchmark: Benchmark = {
  name: 'check',
  async run(progress) {
    const results: BenchResult[] = [];
    for (const clinics of estateSizes()) {
      progress(`check: synthesizing ${clinics} clinics`);
      const outdir = synthesizedEstate(clinics);
      const { manifest, stacks } = manifestStacks(outdir);
      const files = [manifest, ...stacks];
      const runs = checkRuns();
      progress(`check: ${clinics} clinics, ${runs} runs`);
      const check = () => runCheck(outdir, { format: 'json', failOn: 'error' });
      parseAll(files);
      const outcome = check();
      const { a: floor, b: checked } = interleaved(runs, () => parseAll(files), check);
      const errors = outcome.evaluation.findings.filter((f) => f.severity === 'error').length;
      results.push(
        { benchmark: 'check', size: clinics, method: `read + JSON.parse (floor, ${files.length} files)`, medianMs: floor.medianMs, runs, detail: `${(floor.value / 2 ** 20).toFixed(1)} MiB` },
        {
          benchmark: 'check',
          size: clinics,
          method: 'clinicnet check --format json',
          medianMs: checked.medianMs,
          runs,
          detail: `${(checked.medianMs / floor.medianMs).toFixed(2)}× floor, exit ${checked.value.exitCode}, ${outcome.evaluation.findings.length} findings (${errors} errors)`,
        },
      );
    }
    return results;
  },
};
