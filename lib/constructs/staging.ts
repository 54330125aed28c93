// SPDX-License-Identifier: Apache-2.0
/**
 * The gate's own synthesis session. cdktf 0.21's `App` fixes its `outdir` (and creates it)
 * when constructed, and `App.synth` writes straight into it; the gate must not write there
 * before the estate has passed. So it synthesizes the same way `App.synth` does
 * (node_modules/cdktf/lib/app.js), with a `Manifest` pointing at a staging directory.
 * test/constructs/staging.test.ts pins this against `App.synth`: the two must write the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type App, TerraformStack } from 'cdktf';
import { Manifest } from 'cdktf/lib/manifest';
import { defineError } from '../core/errors';

const appInvalid = defineError({
  code: 'GATE-APP-INVALID',
  title: 'The construct tree is invalid (a cdktf validation failed), so nothing is synthesized.',
  message: (list: string) =>
    `invalid construct tree — got ${list}, expected no validation errors; fix: correct the constructs named above`,
  example: ['[estate/hub] Missing required argument'],
});

/**
 * The staging directory of an output directory: beside it (same filesystem, so publishing is
 * a rename, never a copy), hidden, and named after the process so two synths never share one.
 */
export function stagingDirOf(outdir: string): string {
  const absolute = path.resolve(outdir);
  return path.join(path.dirname(absolute), `.${path.basename(absolute)}.staging-${process.pid}`);
}

/**
 * Synthesizes every stack of `app` into `dir` (a fresh directory) exactly as `App.synth`
 * would into the app's outdir: prepare every stack, synthesize each into one session,
 * validate the tree unless the app skips validation, then write the manifest.
 */
export function synthesizeInto(app: App, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // cdktf's Manifest and App carry their version; the manifest must say the same as App.synth's.
  const version = (app.node.tryGetContext('cdktfVersion') as string | undefined) ?? 'unknown';
  const manifest = new Manifest(version, dir, app.hclOutput);
  const session = { outdir: dir, skipValidation: app.skipValidation, manifest };
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  stacks.forEach((stack) => stack.prepareStack());
  stacks.forEach((stack) => stack.synthesizer.synthesize(session));
  if (!app.skipValidation) {
    const validations = app.node.validate();
    if (validations.length > 0) throw appInvalid(validations.join('; '));
  }
  manifest.writeToFile();
}
