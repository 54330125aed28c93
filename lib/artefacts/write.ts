// SPDX-License-Identifier: Apache-2.0
/**
 * Writes every site's hand-over files to `<outDir>/<site>/`, replacing the output directory as
 * a whole (lib/core/replace-dir.ts): a reader never sees half a set or a mix of two runs, and
 * sites or files that are gone do not linger.
 */
import * as fs from 'fs';
import * as path from 'path';
import { defineError } from '../core/errors';
import { type DirFile, replaceDirectory } from '../core/replace-dir';
import type { NetworkModel } from '../model/types';
import { builtinPacks } from '../policy/pack';
import { artefactWriter, type ArtefactOptions } from './generate';

const unsafeSiteName = defineError({
  code: 'ARTEFACT-SITE-NAME',
  title: 'A site name cannot be used as a directory name for its hand-over files.',
  message: (name: string) =>
    `site name unusable as a directory — got "${name}", expected letters, digits, dots, hyphens and underscores, not starting with a dot; fix: rename the site (it is also the stack name)`,
  example: ['../etc'],
});

const sharedFolder = defineError({
  code: 'ARTEFACT-SITE-COLLISION',
  title: 'Two sites would write their hand-over files to the same folder.',
  message: (first: string, second: string) =>
    `two sites share one hand-over folder — got "${first}" and "${second}" (folder names are compared ignoring case, as on Windows and macOS), expected one folder per site; fix: rename one of the sites (two stacks may not declare the same site)`,
  example: ['nsw-gp-parramatta', 'NSW-GP-Parramatta'],
});

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Files `writeArtefacts` writes; a directory holding only these (per site) was written by an earlier version. */
const HANDOVER_FILES = new Set([
  'NETWORK.md',
  'connectivity-test.ps1',
  'proxy.pac',
  'proxy-override.txt',
  'no-proxy.txt',
]);

/**
 * Writes each site's files to `<outDir>/<site>/` and returns the directories written. `outDir`
 * must not exist, be empty, or have been written by clinicnet (its marker file); it is
 * replaced as a whole. Errors are ClinicnetErrors, and leave `outDir` as it was.
 */
export function writeArtefacts(model: NetworkModel, outDir: string, options: ArtefactOptions = {}): string[] {
  checkSiteFolders(model.sites.map((site) => site.name));
  const filesOf = artefactWriter({ ...options, packs: options.packs ?? builtinPacks() });
  const files: DirFile[] = [];
  for (const site of model.sites)
    for (const file of filesOf(site)) files.push({ path: `${site.name}/${file.name}`, content: file.content });
  replaceDirectory(outDir, files, { recognise: writtenBeforeMarkers });
  return model.sites.map((site) => path.join(outDir, site.name));
}

/** Refuses names that are not safe folder names, and two sites that would share a folder. */
function checkSiteFolders(names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    if (!SAFE_NAME.test(name)) throw unsafeSiteName(name);
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) throw sharedFolder(first, name);
    seen.set(key, name);
  }
}

/** An output directory of a version without markers: only site folders holding only hand-over files. */
function writtenBeforeMarkers(dir: string, entries: readonly string[]): boolean {
  return entries.every((entry) => {
    const folder = path.join(dir, entry);
    if (!SAFE_NAME.test(entry) || !fs.lstatSync(folder).isDirectory()) return false;
    return fs.readdirSync(folder).every((file) => HANDOVER_FILES.has(file));
  });
}
