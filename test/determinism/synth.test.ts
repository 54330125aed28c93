// SPDX-License-Identifier: Apache-2.0
/**
 * The pre-synth gate and synth are deterministic: the same estate, built twice in fresh
 * apps, prints the same gate summary and writes byte-identical files — every stack, the
 * gate report, the hand-over files and the manifest.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { Testing } from 'cdktf';
import { generateEstate } from '../../bench/estate-generator';
import { runGate } from '../../lib/constructs/policy-gate';

/** Every file under `dir`, by relative path, with its bytes as text. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

/** Builds and synthesizes a 30-clinic estate (two hubs, VPNs, 2–3 packs a clinic) in a fresh app. */
function synthEstate(): { printed: string; files: Record<string, string> } {
  const app = Testing.app();
  let printed = '';
  generateEstate(app, { clinics: 30, seed: 7 });
  runGate(app, { print: (text) => (printed += text) });
  return { printed, files: tree(app.outdir) };
}

const first = synthEstate();
const second = synthEstate();

describe('synth and the gate are deterministic', () => {
  test('the run wrote stacks, the gate report and hand-over files', () => {
    const names = Object.keys(first.files);
    expect(names.filter((n) => n.endsWith('cdk.tf.json'))).toHaveLength(32);
    expect(names).toContain('clinicnet-report.json');
    expect(names.some((n) => n.startsWith('clinicnet/clinic-0003/'))).toBe(true);
    expect(first.printed).toMatch(/clinicnet policy gate: 32 sites/);
  });

  test('every file is byte-identical across two runs', () => {
    expect(Object.keys(second.files)).toEqual(Object.keys(first.files));
    for (const name of Object.keys(first.files))
      expect({ name, text: second.files[name] }).toEqual({ name, text: first.files[name] });
  });

  test('the gate prints the same summary', () => {
    expect(second.printed).toBe(first.printed);
  });

  test('the gate report holds no timestamp, run id or absolute path', () => {
    const report = first.files['clinicnet-report.json'];
    expect(report).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(report).not.toContain(process.cwd());
  });
});
