// SPDX-License-Identifier: Apache-2.0
/**
 * The model of a construct-built estate, as the gate sees it: the app synthesized the way
 * the gate stages it, then read back by lib/terraform. Tests that build with the constructs
 * assert on this (there is no hand-recorded model in the constructs to ask instead).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import { ClinicSite } from '../../lib/constructs/clinic-site';
import { synthesizeInto } from '../../lib/constructs/staging';
import type { NetworkModel, Site } from '../../lib/model/types';
import { readTerraformInput, type ReadOptions, type ReadResult } from '../../lib/terraform';

/** Synthesizes the app of `scope` into a temporary directory and reads it back (with `options`, e.g. the data plane). */
export function readBack(scope: ClinicEstate | ClinicSite, options: ReadOptions = {}): ReadResult {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'clinicnet-read-back-'));
  try {
    synthesizeInto(App.of(scope), path.join(dir, 'out'));
    return readTerraformInput(path.join(dir, 'out'), options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The estate's model (or one site's), read back from its synthesized stacks. */
export function modelOf(scope: ClinicEstate): NetworkModel;
export function modelOf(scope: ClinicSite): Site;
export function modelOf(scope: ClinicEstate | ClinicSite): NetworkModel | Site {
  const { model } = readBack(scope);
  if (scope instanceof ClinicEstate) return model;
  const site = model.sites.find((s) => s.name === scope.siteName);
  if (site === undefined) throw new Error(`site ${scope.siteName} not read back`);
  return site;
}
