// SPDX-License-Identifier: Apache-2.0
import { performance } from 'perf_hooks';

/** One figure of a benchmark: the median of several timed runs of one method at one size. */
export interface BenchResult {
  /** Benchmark module name (`overlap`). */
  readonly benchmark: string;
  /** Input size, in the benchmark's unit (ranges). */
  readonly size: number;
  readonly method: string;
  readonly medianMs: number;
  readonly runs: number;
  /**
   * What the method found, for comparing methods (`4,213 pairs, agrees`).
   * @default - nothing to compare
   */
  readonly detail?: string;
}

/** Reports progress; a no-op unless stderr is a terminal. */
export type Progress = (message: string) => void;

/** A benchmark module: `bench/<name>.ts` exports one and `bench/run.ts` lists it. */
export interface Benchmark {
  readonly name: string;
  run(progress: Progress): Promise<BenchResult[]>;
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `fn` `runs` times and returns the median wall time and the last result. */
export async function measure<T>(runs: number, fn: () => T | Promise<T>): Promise<{ medianMs: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = await fn();
    times.push(performance.now() - start);
  }
  return { medianMs: median(times), value: value as T };
}

/** A small seeded generator (mulberry32) so every run benchmarks the same estates. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The results as an aligned text table. */
export function renderTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'ranges', 'method', 'median', 'runs', 'result'];
  const rows = results.map((r) => [
    r.benchmark,
    r.size.toLocaleString('en-US'),
    r.method,
    formatMs(r.medianMs),
    String(r.runs),
    r.detail ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = new Set([1, 3, 4]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
