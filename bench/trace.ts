// SPDX-License-Identifier: Apache-2.0
/**
 * `trace` on the example estate (`npm run synth`). Warm: one query answered from scratch, on a
 * fresh shallow copy of the model each run (trace memoizes per model object, so a copy also
 * rebuilds the estate index the query needs), after the JIT has settled; target < 5 ms. Cold:
 * a fresh `clinicnet trace` process against a fresh `clinicnet check` process of the same
 * input, run in turn so a change in the machine's load reaches both; target ≤ 1.2×.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App } from 'cdktf';
import { trace } from '../lib/dataplane';
import type { TraceQuery } from '../lib/dataplane';
import type { NetworkModel } from '../lib/model/types';
import { readTerraformInput } from '../lib/terraform';
import { buildExampleEstate } from '../stacks/estate';
import type { Benchmark, BenchResult } from './harness';
import { median } from './harness';

const WARM_UP_MS = 1000;
const CLI = join(__dirname, '..', '..', 'bin', 'clinicnet.js');

function synthExample(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'clinicnet-trace-'));
  const app = new App({ outdir });
  buildExampleEstate(app);
  app.synth();
  return outdir;
}

/** The first Lumos clinic's first workload subnet to the Lumos FTPS control port (a path through the firewall). */
function queryOf(model: NetworkModel): { query: TraceQuery; from: string; to: string } {
  const site = model.sites.find(
    (s) => s.packs.includes('lumos') && s.dataplane?.subnets.some((n) => n.role === 'workload') === true,
  );
  const subnet = site?.dataplane?.subnets.find((n) => n.role === 'workload');
  if (site === undefined || subnet === undefined) throw new Error('the example estate has no clinic workload subnet');
  const query: TraceQuery = {
    from: { kind: 'subnet', site: site.name, subnet: subnet.name },
    to: { kind: 'host', host: 'csu.cherel.org.au' },
    protocol: 'tcp',
    port: 991,
  };
  return { query, from: `${site.name}/${subnet.name}`, to: 'csu.cherel.org.au:991' };
}

function cold(args: readonly string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`clinicnet ${args.join(' ')} exited ${child.status}: ${child.stderr.slice(-500)}`);
  return performance.now() - start;
}

function runs(): number {
  return process.env.CLINICNET_BENCH_QUICK === '1' ? 5 : 9;
}

/** The trace benchmark. */
export const traceBenchmark: Benchmark = {
  name: 'trace',
  run(progress) {
    progress('trace: synthesizing the example estate');
    const outdir = synthExample();
    try {
      const model = readTerraformInput(outdir, { dataplane: true }).model;
      const { query, from, to } = queryOf(model);
      const once = () => trace({ ...model }, query);
      const verdict = once().verdict;
      for (let i = 0, start = performance.now(); i < 20 || performance.now() - start < WARM_UP_MS; i++) once();
      const warm: number[] = [];
      for (let i = 0; i < 200; i++) {
        const start = performance.now();
        once();
        warm.push(performance.now() - start);
      }
      progress(`trace: ${runs()} cold trace and check processes, in turn`);
      const traces: number[] = [];
      const checks: number[] = [];
      for (let i = 0; i < runs(); i++) {
        traces.push(cold(['trace', outdir, '--from', from, '--to', to, '--format', 'json']));
        checks.push(cold(['check', outdir, '--format', 'json']));
      }
      const sites = model.sites.length;
      const result = (method: string, medianMs: number, n: number, detail?: string): BenchResult => ({
        benchmark: 'trace',
        size: sites,
        method,
        medianMs,
        runs: n,
        ...(detail === undefined ? {} : { detail }),
      });
      return Promise.resolve([
        result(
          `trace ${from} → ${to} (warm, fresh model copy)`,
          median(warm),
          warm.length,
          `${verdict}; target < 5 ms`,
        ),
        result('cold: clinicnet check (process)', median(checks), checks.length),
        result(
          'cold: clinicnet trace (process)',
          median(traces),
          traces.length,
          `${(median(traces) / median(checks)).toFixed(2)}× cold check; target ≤ 1.2×`,
        ),
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
