// SPDX-License-Identifier: Apache-2.0
/** Writes every site's hand-over files to `<outDir>/<site>/`, one whole directory at a time. */
import * as fs from 'fs';
import * as path from 'path';
import { defineError } from '../core/errors';
import type { NetworkModel } from '../model/types';
import { builtinPacks } from '../policy/pack';
import { siteArtefacts, type ArtefactOptions } from './generate';

const unsafeSiteName = defineError({
  code: 'ARTEFACT-SITE-NAME',
  title: 'A site name cannot be used as a directory name for its hand-over files.',
  message: (name: string) =>
    `site name unusable as a directory — got "${name}", expected letters, digits, dots, hyphens and underscores, not starting with a dot; fix: rename the site (it is also the stack name)`,
  example: ['../etc'],
});

const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Writes each site's files to `<outDir>/<site>/` and returns the directories written.
 * A site's directory is built beside the target and renamed into place, so a reader never
 * sees half a set, and files the site no longer has do not linger.
 */
export function writeArtefacts(model: NetworkModel, outDir: string, options: ArtefactOptions = {}): string[] {
  for (const site of model.sites) if (!SAFE_NAME.test(site.name)) throw unsafeSiteName(site.name);
  fs.mkdirSync(outDir, { recursive: true });
  const resolved = { ...options, packs: options.packs ?? builtinPacks() };
  return model.sites.map((site) => {
    const target = path.join(outDir, site.name);
    const staging = path.join(outDir, `.${site.name}.tmp-${process.pid}`);
    const previous = path.join(outDir, `.${site.name}.old-${process.pid}`);
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging);
    for (const file of siteArtefacts(site, resolved)) fs.writeFileSync(path.join(staging, file.name), file.content);
    const existed = fs.existsSync(target);
    if (existed) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    if (existed) fs.rmSync(previous, { recursive: true, force: true });
    return target;
  });
}
