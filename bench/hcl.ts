// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check` on a Terraform root module in HCL: one clinic module instantiated with
 * `for_each` over 100 clinics from terraform.tfvars (the module of test/fixtures/hcl/estate,
 * each clinic with its Lumos rules and its own /16). Cold rows only, since a user runs one
 * command: a fresh `clinicnet check DIR` process against a fresh process that loads
 * @cdktn/hcl2json and parses the same files (the floor no HCL reader avoids), in turn.
 * Target: the check under 2 s.
 *
 *   node dist/bench/hcl.js parse DIR     (the floor's child process)
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { parseHclFile } from '../lib/terraform/hcl/parser';
import type { Benchmark, BenchResult } from './harness';
import { median } from './harness';

const CLINICS = 100;
const FIXTURE = join(__dirname, '..', '..', 'test', 'fixtures', 'hcl', 'estate');
const CLI = join(__dirname, '..', '..', 'bin', 'clinicnet.js');

function runs(): number {
  return process.env.CLINICNET_BENCH_QUICK === '1' ? 3 : 7;
}

/** The Lumos flows every generated clinic carries, as the fixture's tfvars write them. */
const LUMOS_RULES = [
  '{ name = "lumos-ftps-control", app = "ftps-implicit", req = "LUMOS-EGRESS-991", fqdns = ["csu.cherel.org.au"], ports = ["991"] }',
  '{ name = "lumos-ftps-data", app = "ftps-implicit", req = "LUMOS-EGRESS-DATA", fqdns = ["csu.cherel.org.au"], ports = ["3000-3010"] }',
  '{ name = "lumos-portal", app = "https", req = "LUMOS-EGRESS-443", fqdns = ["authentigate.cherel.org.au"], ports = ["443"] }',
];

/** A copy of the fixture's root module whose tfvars declare `clinics` clinics. */
function generatedRoot(clinics: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'clinicnet-hcl-bench-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const entries = Array.from({ length: clinics }, (_, i) => {
    const name = `clinic-${String(i).padStart(3, '0')}`;
    return `  ${name} = {\n    address_space = "10.${i}.0.0/16"\n    packs         = ["lumos"]\n    rules         = [${LUMOS_RULES.join(', ')}]\n  }`;
  });
  writeFileSync(join(dir, 'terraform.tfvars'), `clinics = {\n${entries.join('\n')}\n}\n`);
  return dir;
}

/** Every `.tf` and `.tfvars` file under `dir`. */
function hclFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) return hclFiles(file);
    return /\.(tf|tfvars)$/.test(name) ? [file] : [];
  });
}

/** Milliseconds of one fresh `node ARGS` process; exit 0 or 1 (findings) only. */
function cold(args: readonly string[]): number {
  const start = performance.now();
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 1)
    throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr.slice(-2000)}`);
  return ms;
}

/** The HCL benchmark. */
export const hclBenchmark: Benchmark = {
  name: 'hcl',
  run(progress) {
    const dir = generatedRoot(CLINICS);
    try {
      progress(`hcl: ${runs()} cold check and parse processes of a ${CLINICS}-clinic root module, in turn`);
      const checks: number[] = [];
      const parses: number[] = [];
      for (let i = 0; i < runs(); i++) {
        parses.push(cold([__filename, 'parse', dir]));
        checks.push(cold([CLI, 'check', dir, '--format', 'json']));
      }
      const row = (method: string, ms: number, detail: string): BenchResult => ({
        benchmark: 'hcl',
        size: CLINICS,
        method,
        medianMs: ms,
        runs: runs(),
        detail,
      });
      const check = median(checks);
      const parse = median(parses);
      return Promise.resolve([
        row('cold: parse the root module and tfvars with hcl2json (process)', parse, 'the floor'),
        row(
          'cold: clinicnet check DIR (process)',
          check,
          `${(check / parse).toFixed(2)}× the parse; target < 2 s: ${check < 2000 ? 'met' : 'NOT met'}`,
        ),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

if (require.main === module && process.argv[2] === 'parse') {
  const files = hclFiles(process.argv[3]);
  Promise.all(files.map((f) => parseHclFile(f, readFileSync(f, 'utf8')))).then(
    () => undefined,
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
