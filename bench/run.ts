// SPDX-License-Identifier: Apache-2.0
/**
 * Entry of `npm run bench`: runs every benchmark module (or those named on the command
 * line) and prints one table of medians. Add a benchmark by exporting a {@link Benchmark}
 * from `bench/<name>.ts` and listing it below.
 */
import { Benchmark, BenchResult, Progress, renderTable } from './harness';
import { checkBenchmark } from './check';
import { gateBenchmark } from './gate';
import { hclBenchmark } from './hcl';
import { overlapBenchmark } from './overlap';
import { synthBenchmark } from './synth';
import { traceBenchmark } from './trace';

// gate before synth: synth reports the gate's share of it.
const BENCHMARKS: readonly Benchmark[] = [
  overlapBenchmark,
  gateBenchmark,
  synthBenchmark,
  checkBenchmark,
  traceBenchmark,
  hclBenchmark,
];

async function runBenchmarks(names: readonly string[]): Promise<number> {
  const unknownNames = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknownNames.length > 0) {
    process.stderr.write(
      `bench: unknown benchmark ${unknownNames.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const progress: Progress = process.stderr.isTTY
    ? (message) => process.stderr.write(`… ${message}\n`)
    : () => undefined;
  const results: BenchResult[] = [];
  for (const benchmark of BENCHMARKS.filter((b) => names.length === 0 || names.includes(b.name))) {
    results.push(...(await benchmark.run(progress)));
  }
  process.stdout.write(renderTable(results));
  const disagreements = results.filter((r) => r.detail?.includes('DISAGREES'));
  return disagreements.length > 0 ? 1 : 0;
}

// `--quick`: 10 and 100 clinics only, 3 runs each (the estate benchmarks read it from the environment).
if (process.argv.includes('--quick')) process.env.CLINICNET_BENCH_QUICK = '1';

runBenchmarks(process.argv.slice(2).filter((a) => a !== '--quick')).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
