// SPDX-License-Identifier: Apache-2.0
/**
 * Replaces a directory clinicnet owns as a whole: the new content is built in a staging
 * directory beside the target, the old target is moved aside, the staging one is moved in,
 * and the old one is deleted. A reader sees the old set or the new one, never a mix; a run
 * killed between the two moves is recovered by the next one. Only a directory that is empty
 * or carries the marker file (written into every set) is ever moved or deleted.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ClinicnetError, defineError } from './errors';

/** The file that marks a directory as written, and so replaceable, by clinicnet. */
export const MARKER_FILE = '.clinicnet-artefacts';

const MARKER_TEXT =
  'Written by `clinicnet artefacts` (or the synth gate). The next run replaces this directory as a whole: keep nothing else here.\n';

const notOurs = defineError({
  code: 'OUT-DIR-NOT-OURS',
  title: 'The output directory holds files and no clinicnet marker, so it is not replaced.',
  message: (dir: string) =>
    `output directory not written by clinicnet — got ${dir} with content and no ${MARKER_FILE} file, expected an empty directory or one an earlier run wrote; fix: give a new or empty directory (clinicnet replaces it as a whole and never deletes a directory it did not write)`,
  example: ['handover'],
});

const notADirectory = defineError({
  code: 'OUT-DIR-NOT-DIRECTORY',
  title: 'The output path exists and is not a directory.',
  message: (dir: string) =>
    `output path is not a directory — got ${dir}, an existing file, expected a directory or a path that does not exist; fix: choose another path or remove the file`,
  example: ['handover'],
});

const fsFailure = defineError({
  code: 'OUT-DIR-WRITE',
  title: 'Writing the output directory failed (name too long, disk full, no permission, …); nothing was replaced.',
  message: (dir: string, reason: string) =>
    `cannot write ${dir} — got ${reason}, expected a writable directory with free space; fix: free space, fix permissions or choose a shorter path (the previous content is unchanged)`,
  example: ['handover', 'ENOSPC (no space left on device)'],
});

/** One file of the new set: a path relative to the directory (`site/NETWORK.md`) and its text. */
export interface DirFile {
  /** Relative path, `/`-separated; its folders are created. */
  readonly path: string;
  /** The file's content. */
  readonly content: string;
}

/** How {@link replaceDirectory} decides what it may replace. */
export interface ReplaceOptions {
  /**
   * Recognises, by its entries, a directory without the marker that clinicnet wrote before
   * markers existed; it is replaced like a marked one.
   * @default none: only empty or marked directories are replaced
   */
  readonly recognise?: (dir: string, entries: readonly string[]) => boolean;
}

/** Names of the leftovers of runs on `target`: `.<name>.clinicnet-staging-…` and `.<name>.clinicnet-old-…`. */
function leftoverPrefix(target: string, kind: 'staging' | 'old'): string {
  return `.${path.basename(target)}.clinicnet-${kind}-`;
}

function besideTarget(target: string, kind: 'staging' | 'old'): string {
  return path.join(path.dirname(target), `${leftoverPrefix(target, kind)}${randomBytes(8).toString('hex')}`);
}

/**
 * Replaces `dir` with exactly `files` (and the marker). Throws OUT-DIR-NOT-OURS,
 * OUT-DIR-NOT-DIRECTORY, or OUT-DIR-WRITE for a filesystem error — leaving `dir` as it was.
 */
export function replaceDirectory(dir: string, files: readonly DirFile[], options: ReplaceOptions = {}): void {
  const target = path.resolve(dir);
  guard(target, () => fs.mkdirSync(path.dirname(target), { recursive: true }));
  recoverLeftovers(target);
  checkReplaceable(target, options.recognise ?? (() => false));
  const staging = besideTarget(target, 'staging');
  guard(target, () => {
    try {
      writeSet(staging, files);
    } catch (e) {
      removeTree(staging);
      throw e;
    }
  });
  swapIn(target, staging);
}

function writeSet(staging: string, files: readonly DirFile[]): void {
  fs.mkdirSync(staging);
  // The marker first: a staging directory left by a killed run is then recognisably ours.
  fs.writeFileSync(path.join(staging, MARKER_FILE), MARKER_TEXT, { flag: 'wx' });
  // Each folder made once: a site's four or five files share one (an estate writes 1,000s).
  const made = new Set<string>([staging]);
  for (const file of files) {
    const full = path.join(staging, ...file.path.split('/'));
    const folder = path.dirname(full);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    fs.writeFileSync(full, file.content, { flag: 'wx' });
  }
}

/** Moves the old target aside, the staging directory in, and deletes the old one. */
function swapIn(target: string, staging: string): void {
  const old = fs.existsSync(target) ? besideTarget(target, 'old') : undefined;
  try {
    if (old !== undefined) fs.renameSync(target, old);
    try {
      fs.renameSync(staging, target);
    } catch (e) {
      if (old !== undefined) fs.renameSync(old, target);
      throw e;
    }
  } catch (e) {
    removeTree(staging);
    throw wrap(target, e);
  }
  // The new set is in place: failing to delete the old one only leaves a leftover the next run removes.
  if (old !== undefined) removeTree(old);
}

/**
 * Cleans what an interrupted run left beside `target`. Killed between the two moves, the
 * target is missing and its old content sits aside: it is moved back (the new set was
 * never complete in place). Staging directories and old sets are deleted — each only
 * when it carries the marker, so no directory clinicnet did not write is touched.
 */
export function recoverLeftovers(target: string): void {
  const parent = path.dirname(target);
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  const ours = (name: string, kind: 'staging' | 'old') =>
    name.startsWith(leftoverPrefix(target, kind)) && fs.existsSync(path.join(parent, name, MARKER_FILE));
  const olds = names.filter((n) => ours(n, 'old')).sort();
  guard(target, () => {
    if (!fs.existsSync(target) && olds.length > 0) fs.renameSync(path.join(parent, olds.pop() as string), target);
    for (const name of [...olds, ...names.filter((n) => ours(n, 'staging'))]) removeTree(path.join(parent, name));
  });
}

/**
 * Deletes `dir` and everything in it, if it exists. A set is thousands of small files: the
 * folder listing already says which entries are folders, so each file costs one `unlink`, where
 * `fs.rmSync` first asks the file system about every entry again. Anything unexpected (a failed
 * call, a platform quirk such as a read-only file on Windows) is left to `fs.rmSync` to finish.
 */
function removeTree(dir: string): void {
  try {
    removeListed(dir);
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function removeListed(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removeListed(full);
    else fs.unlinkSync(full);
  }
  fs.rmdirSync(dir);
}

function checkReplaceable(target: string, recognise: (dir: string, entries: readonly string[]) => boolean): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw wrap(target, e);
  }
  if (!stat.isDirectory()) throw notADirectory(target);
  const entries = guard(target, () => fs.readdirSync(target));
  if (entries.length > 0 && !entries.includes(MARKER_FILE) && !guard(target, () => recognise(target, entries)))
    throw notOurs(target);
}

function guard<T>(target: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    throw wrap(target, e);
  }
}

function wrap(target: string, e: unknown): ClinicnetError {
  if (e instanceof ClinicnetError) return e;
  const error = e as NodeJS.ErrnoException;
  return fsFailure(target, error.code !== undefined ? `${error.code} (${error.syscall ?? 'file system'})` : String(e));
}
