// SPDX-License-Identifier: Apache-2.0
/** Shared helpers for the reader tests: fixture paths, synth into a temp dir, unknown normalising. */
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';

/** Path of a plan fixture. */
export function planFixture(name: string): string {
  return path.join(__dirname, '..', 'fixtures', 'plans', name);
}

/** An app writing into a fresh temp dir, and an estate in it. */
export function quietEstate(name = 'acme'): { app: App; estate: ClinicEstate } {
  const app = Testing.app();
  const estate = new ClinicEstate(app, 'estate', { name });
  return { app, estate };
}

/** Synthesizes the app and returns its cdktf.out directory. */
export function synthToDir(app: App): string {
  app.synth();
  if (!fs.existsSync(path.join(app.outdir, 'manifest.json'))) throw new Error(`no manifest in ${app.outdir}`);
  return app.outdir;
}

/** The same data with every `{unknown: …}` replaced by one marker: token text and synthesized text differ. */
export function normaliseUnknowns<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && 'unknown' in v && Object.keys(v).length === 1
      ? { unknown: '*' }
      : v,
  ) as T;
}

/** A file with `content` in a fresh directory under TMPDIR (jest points it at the ignored .tmp/). */
export function tempFile(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'clinicnet-reader-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
