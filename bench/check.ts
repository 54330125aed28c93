// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check` on a synthesized estate (the cdktf.out directory, JSON report) against
 * its floor: reading and `JSON.parse` of the same files, which no check can avoid.
 * Target: check ≤ 3× the floor. Both run in this process, warmed up the same way (for
 * {@link WARM_UP_MS}, until the JIT has settled), then in turn (floor, check, floor,
 * check…), so a change in the machine's load reaches both. A small estate's check takes a
 * few milliseconds, so each sample repeats both methods enough times to last about 50 ms,
 * and reports the time of one. The cold rows are what one command costs: a fresh process
 * running `clinicnet check` once, against a fresh process that reads and parses the files.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { runCheck } from '../lib/cli/check';
import { manifestStacks } from '../lib/terraform/input';
import type { Benchmark, BenchResult } from './harness';
import { measure, median } from './harness';
import { estateSizes, synthesizedEstate } from './estate-process';

const WARM_UP_MS = 2000;
const COLD_RUNS = 3;
const SAMPLE_MS = 50;

/** Samples of each method: one check takes well under a second, so medians can afford more than synth's. */
function checkRuns(): number {
  return process.env.CLINICNET_BENCH_QUICK === '1' ? 5 : 15;
}

/** Runs `fn` `times` times; milliseconds per run. */
function timeEach(fn: () => unknown, times: number): number {
  const start = performance.now();
  for (let i = 0; i < times; i++) fn();
  return (performance.now() - start) / times;
}

/**
 * Warms `a` and `b` up for {@link WARM_UP_MS} (at least twice each), then takes `samples`
 * samples of each in turn; the median milliseconds of one run of each.
 */
function interleaved(samples: number, a: () => unknown, b: () => unknown): { a: number; b: number; repeats: number } {
  let warm = 0;
  for (let i = 0, start = performance.now(); i < 2 || performance.now() - start < WARM_UP_MS; i++) {
    warm = Math.max(timeEach(a, 1), timeEach(b, 1));
  }
  // From the last warm-up round: the first rounds run cold code.
  const repeats = Math.max(1, Math.round(SAMPLE_MS / warm));
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < samples; i++) {
    times[0].push(timeEach(a, repeats));
    times[1].push(timeEach(b, repeats));
  }
  return { a: median(times[0]), b: median(times[1]), repeats };
}

/** Runs `node <args>` in a fresh process; a check's findings (exit 1) are fine, anything else fails the benchmark. */
function nodeProcess(args: readonly string[]): void {
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr.slice(-500)}`);
}

/** A script for `node -e SCRIPT OUTDIR` that reads and parses the manifest and every stack (the cold floor). */
const PARSE_SCRIPT = [
  "const fs = require('fs'); const path = require('path'); const dir = process.argv[1];",
  "const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));",
  "for (const s of Object.values(manifest.stacks)) JSON.parse(fs.readFileSync(path.join(dir, s.synthesizedStackPath), 'utf8'));",
].join(' ');

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
      const bytes = parseAll(files);
      const outcome = check();
      const { a: floor, b: checked, repeats } = interleaved(runs, () => parseAll(files), check);
      const errors = outcome.evaluation.findings.filter((f) => f.severity === 'error').length;
      progress(`check: ${clinics} clinics, ${COLD_RUNS} cold processes`);
      const coldFloor = (await measure(COLD_RUNS, () => nodeProcess(['-e', PARSE_SCRIPT, outdir]))).medianMs;
      const coldCheck = (
        await measure(COLD_RUNS, () =>
          nodeProcess([join(__dirname, '..', '..', 'bin', 'clinicnet.js'), 'check', outdir, '--format', 'json']),
        )
      ).medianMs;
      const samples = repeats > 1 ? `; samples of ${repeats} runs` : '';
      results.push(
        {
          benchmark: 'check',
          size: clinics,
          method: `read + JSON.parse (floor, ${files.length} files)`,
          medianMs: floor,
          runs,
          detail: `${(bytes / 2 ** 20).toFixed(1)} MiB${samples}`,
        },
        {
          benchmark: 'check',
          size: clinics,
          method: 'clinicnet check --format json',
          medianMs: checked,
          runs,
          detail: `${(checked / floor).toFixed(2)}× floor, exit ${outcome.exitCode}, ${outcome.evaluation.findings.length} findings (${errors} errors)`,
        },
        {
          benchmark: 'check',
          size: clinics,
          method: 'cold: node reads + JSON.parse (process)',
          medianMs: coldFloor,
          runs: COLD_RUNS,
        },
        {
          benchmark: 'check',
          size: clinics,
          method: 'cold: clinicnet check (process)',
          medianMs: coldCheck,
          runs: COLD_RUNS,
          detail: `${(coldCheck / coldFloor).toFixed(2)}× cold floor; start-up and first-use schema compilation included`,
        },
      );
    }
    return results;
  },
};
