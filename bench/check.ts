// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check` on a synthesized estate (the cdktf.out directory, JSON report) against
 * its floor: reading and `JSON.parse` of the same files, which no check can avoid.
 * Target: check ≤ 3× the floor. Both run in this process, after one untimed warm-up each.
 */
import { readFileSync } from 'fs';
import { runCheck } from '../lib/cli/check';
import { manifestStacks } from '../lib/terraform/input';
import type { Benchmark, BenchResult } from './harness';
import { measure } from './harness';
import { estateSizes, repetitions, synthesizedEstate } from './estate-process';

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
      const runs = repetitions(clinics);
      progress(`check: ${clinics} clinics, ${runs} runs`);
      const check = () => runCheck(outdir, { format: 'json', failOn: 'error' });
      parseAll(files);
      const outcome = check();
      const floor = await measure(runs, () => parseAll(files));
      const checked = await measure(runs, check);
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
