// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { App } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { REPORT_FILE } from '../../lib/constructs/policy-gate';
import { SYNTH_EXIT, synthOrReport } from '../../lib/constructs/synth';
import { clinic, newEstate } from '../policy/util';

interface Run {
  readonly code: number;
  readonly stderr: string;
  readonly stdout: string;
  readonly stacks: string[];
  readonly report: boolean;
  /** Entries beside the output directory after the run (the staging directory must be gone). */
  readonly beside: string[];
}

/** Runs synthOrReport on a fresh app in a fresh parent directory, building with `build`. */
function run(build: (app: App) => void, options: { hclOutput?: boolean } = {}): Run {
  const parent = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'synth-'));
  const outdir = path.join(parent, 'cdktf.out');
  const app = new App({ outdir, ...options });
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk) => (text += String(chunk)));
  let stdout = '';
  const code = synthOrReport(app, () => build(app), { stderr, print: (t) => (stdout += t), today: '2030-01-01' });
  const stacksDir = path.join(outdir, 'stacks');
  const result = {
    code,
    stderr: text,
    stdout,
    stacks: fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : [],
    report: fs.existsSync(path.join(outdir, REPORT_FILE)),
    beside: fs.readdirSync(parent),
  };
  fs.rmSync(parent, { recursive: true, force: true });
  return result;
}

/** A Lumos practice, with or without its required flows. */
const lumos = (withFlows: boolean) => (app: App) => {
  const site = clinic(newEstate(app), 'nsw-gp', 1, ['lumos']);
  new NatEgress(site, 'nat', {});
  if (withFlows) site.allowVendor('lumos');
};

describe('synthOrReport', () => {
  test('a site that fails the gate: exit 1, every finding on stderr without a stack trace, the report but no stack', () => {
    const result = run(lumos(false));
    expect(result.code).toBe(SYNTH_EXIT.FINDINGS);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\[GATE-FAILED\] policy gate failed — got 3 error findings/);
    expect(result.stderr).toContain('[LUMOS-EGRESS-DATA]');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stacks).toEqual([]);
    expect(result.report).toBe(true);
    expect(result.stdout).toContain('Result: FAILED');
    expect(result.beside).toEqual(['cdktf.out']);
  });

  test('a compliant site: exit 0, its stack published, nothing left beside the output', () => {
    const result = run(lumos(true));
    expect(result).toMatchObject({ code: 0, stderr: '', stacks: ['nsw-gp'], report: true, beside: ['cdktf.out'] });
  });

  test('a construct error inside the building code: exit 2, one line, no stack trace, nothing written', () => {
    const result = run((app) => new ClinicEstate(app, 'estate', { name: 'Acme Health' }));
    expect(result.code).toBe(SYNTH_EXIT.ERROR);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^\[ESTATE-NAME-INVALID\] invalid estate name — got "Acme Health"[^\n]*\n$/);
    expect(result).toMatchObject({ stacks: [], report: false, stdout: '' });
  });

  test('hclOutput is refused with one line before anything is synthesized', () => {
    const result = run(lumos(true), { hclOutput: true });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      '[GATE-HCL-OUTPUT] cannot gate HCL output — got an App with hclOutput (or SYNTH_HCL_OUTPUT=true), expected JSON output; fix: drop hclOutput, the gate reads synthesized JSON only\n',
    );
    expect(result).toMatchObject({ stacks: [], report: false, beside: ['cdktf.out'] });
  });

  test('a bug (not a clinicnet error) propagates with its stack trace', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'synth-')) });
    expect(() =>
      synthOrReport(app, () => {
        throw new TypeError('boom');
      }),
    ).toThrow(TypeError);
    fs.rmSync(app.outdir, { recursive: true, force: true });
  });
});
