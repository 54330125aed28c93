// SPDX-License-Identifier: Apache-2.0
/**
 * Overlap detection on random but realistic estates (clinics with a VNet, subnets and an
 * on-premises LAN; some dual-stack; hubs with VPN client pools; a few planning mistakes):
 * the sort-based AddressPlan against two all-pairs baselines (our Cidr and cidr-tools'
 * overlapCidr), and `clinicnet cidr check` as a process on a 100,000-range plan file.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { overlapCidr } from 'cidr-tools';
import { AddressPlan, isOwnParent, Overlap, PlanRange } from '../lib/net/address-plan';
import { randomEstate } from './estate';
import { Benchmark, BenchResult, measure, Progress } from './harness';

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
/** All-pairs is quadratic: above this it would run for minutes. */
const ALL_PAIRS_MAX = 10_000;
const CLI_SIZE = 100_000;

/** Pair keys `i,j` (i < j) by position in `ranges`, sorted: comparable across methods. */
type PairKeys = string[];

function keysOf(ranges: readonly PlanRange[], overlaps: readonly Overlap[]): PairKeys {
  const index = new Map(ranges.map((r, i) => [r, i]));
  return keys(overlaps.map(({ a, b }) => [index.get(a) as number, index.get(b) as number]));
}

function allPairs(ranges: readonly PlanRange[], overlap: (i: number, j: number) => boolean): PairKeys {
  const found: [number, number][] = [];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (overlap(i, j) && !isOwnParent(ranges[i], ranges[j]) && !isOwnParent(ranges[j], ranges[i])) found.push([i, j]);
    }
  }
  return keys(found);
}

function keys(pairs: [number, number][]): PairKeys {
  return pairs.map(([x, y]) => (x < y ? `${x},${y}` : `${y},${x}`)).sort();
}

const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((k, i) => k === y[i]);
const describe = (pairs: number, agrees: boolean | undefined) =>
  `${pairs.toLocaleString('en-US')} pairs${agrees === undefined ? '' : agrees ? ', agrees' : ', DISAGREES'}`;

/** `node -e` running the compiled CLI exactly as bin/clinicnet.js does. */
function runCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const mainJs = join(__dirname, '..', 'lib', 'cli', 'main.js');
  const script = `require(${JSON.stringify(mainJs)}).main(process.argv.slice(1)).then((c) => (process.exitCode = c))`;
  // `--` keeps node from reading the CLI's options (such as --help) as its own.
  return spawnSync(process.execPath, ['-e', script, '--', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
}

/**
 * Times `clinicnet cidr check --format json` as a process on a plan file, as a user would
 * run it, and on a one-range plan to show how much of that is starting the CLI.
 */
async function timeCli(
  ranges: readonly PlanRange[],
  expected: readonly Overlap[],
  progress: Progress,
): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'clinicnet-bench-'));
  try {
    const file = join(dir, 'plan.json');
    const entries = ranges.map((r) => ({
      name: r.name,
      cidr: r.cidr.toString(),
      kind: r.kind,
      site: r.site,
      parent: r.parent,
    }));
    writeFileSync(file, JSON.stringify({ ranges: entries }));
    progress(`cidr check process on ${ranges.length} ranges`);
    let output = '';
    const check = await measure(5, () => {
      const child = runCli(['cidr', 'check', file, '--format', 'json']);
      if (child.status !== 0 && child.status !== 1)
        throw new Error(`cidr check exited ${child.status}: ${child.stderr}`);
      output = child.stdout;
    });
    const found = (
      JSON.parse(output) as { overlaps: { a: string; b: string; cidrA: string; cidrB: string }[] }
    ).overlaps.map((o) => `${o.a} ${o.cidrA} ${o.b} ${o.cidrB}`);
    const wanted = expected.map(({ a, b }) => `${a.name} ${a.cidr.toString()} ${b.name} ${b.cidr.toString()}`);
    const tiny = join(dir, 'tiny.json');
    writeFileSync(tiny, JSON.stringify({ ranges: entries.slice(0, 1) }));
    const startup = await measure(5, () => runCli(['cidr', 'check', tiny]));
    return [
      {
        benchmark: 'overlap',
        size: ranges.length,
        method: 'clinicnet cidr check (process, JSON file)',
        medianMs: check.medianMs,
        runs: 5,
        detail: describe(found.length, same(found, wanted)),
      },
      {
        benchmark: 'overlap',
        size: 1,
        method: 'clinicnet cidr check (process start-up)',
        medianMs: startup.medianMs,
        runs: 5,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The overlap benchmark. */
export const overlapBenchmark: Benchmark = {
  name: 'overlap',
  async run(progress) {
    const results: BenchResult[] = [];
    for (const size of SIZES) {
      progress(`generating ${size} ranges`);
      const ranges = randomEstate(size);
      progress(`sort-based on ${size}`);
      const runs = size >= 1_000_000 ? 3 : 5;
      const ours = await measure(runs, () => new AddressPlan(ranges).overlaps());
      const reference = keysOf(ranges, ours.value);
      if (size <= ALL_PAIRS_MAX) {
        progress(`all-pairs on ${size}`);
        const brute = await measure(3, () => allPairs(ranges, (i, j) => ranges[i].cidr.overlaps(ranges[j].cidr)));
        const texts = ranges.map((r) => r.cidr.toString());
        progress(`cidr-tools all-pairs on ${size}`);
        const library = await measure(size > 1_000 ? 1 : 3, () =>
          allPairs(ranges, (i, j) => overlapCidr(texts[i], texts[j])),
        );
        results.push(
          {
            benchmark: 'overlap',
            size,
            method: 'sort-based AddressPlan.overlaps',
            medianMs: ours.medianMs,
            runs,
            detail: describe(reference.length, undefined),
          },
          {
            benchmark: 'overlap',
            size,
            method: 'all-pairs, Cidr.overlaps',
            medianMs: brute.medianMs,
            runs: 3,
            detail: describe(brute.value.length, same(brute.value, reference)),
          },
          {
            benchmark: 'overlap',
            size,
            method: 'all-pairs, cidr-tools overlapCidr',
            medianMs: library.medianMs,
            runs: size > 1_000 ? 1 : 3,
            detail: describe(library.value.length, same(library.value, reference)),
          },
        );
      } else {
        results.push({
          benchmark: 'overlap',
          size,
          method: 'sort-based AddressPlan.overlaps',
          medianMs: ours.medianMs,
          runs,
          detail: describe(reference.length, undefined),
        });
      }
      if (size === CLI_SIZE) results.push(...(await timeCli(ranges, ours.value, progress)));
    }
    return results;
  },
};
