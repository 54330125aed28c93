// SPDX-License-Identifier: Apache-2.0
/**
 * Publishing the staged synth output into the app's output directory. Users run
 * `terraform -chdir=cdktf.out/stacks/<site>` with local state beside the stack, so publishing
 * touches only what synth owns: each stack's synthesized files and the manifest — never
 * `*.tfstate*`, `.terraform/` or `.terraform.lock.hcl`. The stack folder of a site that is no
 * longer in the estate is deleted when it holds no state, and moved to `removed/<site>`
 * (with a warning) when it does, so no state is ever lost by a synth.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Folder of the output directory that holds one folder per stack (cdktf's `Manifest.stacksFolder`). */
export const STACKS_DIR = 'stacks';
/** Folder of the output directory that receives removed sites' stack folders that still hold state. */
export const REMOVED_DIR = 'removed';
const MANIFEST_FILE = 'manifest.json';

/** Terraform's own files in a stack folder: state, working directory, provider lock. */
export function isTerraformOwned(name: string): boolean {
  return name.includes('.tfstate') || name === '.terraform' || name === '.terraform.lock.hcl';
}

/** What cdktf writes into a stack folder: the stack (JSON or HCL), HCL metadata, assets. */
const SYNTH_OWNED: ReadonlySet<string> = new Set(['cdk.tf.json', 'cdk.tf', 'metadata.json', 'assets']);

/** What publishing did besides writing the new stacks. */
export interface PublishResult {
  /** Stack folders of removed sites that held no state, deleted. */
  readonly deleted: string[];
  /** Stack folders of removed sites that held state, moved to `removed/<site>`. */
  readonly moved: string[];
}

/**
 * Moves the staged output (`staging/manifest.json`, `staging/stacks/<site>/…`) into `outdir`,
 * replacing each published stack's synthesized files one by one (a rename on the same
 * filesystem) and leaving Terraform's files beside them alone.
 */
export function publishStaged(staging: string, outdir: string, warn: (text: string) => void): PublishResult {
  const stagedStacks = path.join(staging, STACKS_DIR);
  const published = path.join(outdir, STACKS_DIR);
  fs.mkdirSync(published, { recursive: true });
  // A first synth (a fresh CI checkout): nothing to keep, so the whole folder moves in one rename.
  if (fs.readdirSync(published).length === 0) {
    fs.rmdirSync(published);
    fs.renameSync(stagedStacks, published);
    fs.renameSync(path.join(staging, MANIFEST_FILE), path.join(outdir, MANIFEST_FILE));
    return { deleted: [], moved: [] };
  }
  const sites = fs.readdirSync(stagedStacks).sort();
  for (const site of sites) publishStack(path.join(stagedStacks, site), path.join(published, site));
  const result = retire(outdir, new Set(sites), warn);
  fs.renameSync(path.join(staging, MANIFEST_FILE), path.join(outdir, MANIFEST_FILE));
  return result;
}

/** Replaces the synth-owned entries of one stack folder with the staged ones. */
function publishStack(from: string, to: string): void {
  if (!fs.existsSync(to)) {
    fs.renameSync(from, to);
    return;
  }
  const staged = new Set(fs.readdirSync(from));
  // A synth-owned entry the new synth no longer writes goes; Terraform's and the user's stay.
  for (const name of fs.readdirSync(to)) {
    if (!staged.has(name) && SYNTH_OWNED.has(name)) fs.rmSync(path.join(to, name), { recursive: true, force: true });
  }
  for (const name of [...staged].sort()) {
    // Staging never holds Terraform's files; were one there, the published one still wins.
    if (isTerraformOwned(name)) continue;
    fs.rmSync(path.join(to, name), { recursive: true, force: true });
    fs.renameSync(path.join(from, name), path.join(to, name));
  }
}

/** Deletes or moves aside the stack folders of sites no longer synthesized. */
function retire(outdir: string, current: ReadonlySet<string>, warn: (text: string) => void): PublishResult {
  const published = path.join(outdir, STACKS_DIR);
  const deleted: string[] = [];
  const moved: string[] = [];
  for (const entry of fs.readdirSync(published, { withFileTypes: true })) {
    if (!entry.isDirectory() || current.has(entry.name)) continue;
    const folder = path.join(published, entry.name);
    if (!fs.readdirSync(folder).some(isTerraformOwned)) {
      fs.rmSync(folder, { recursive: true, force: true });
      deleted.push(entry.name);
      continue;
    }
    const target = movedFolder(outdir, entry.name);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(folder, target);
    moved.push(entry.name);
    const shown = path.relative(process.cwd(), target) || target;
    warn(
      `WARNING site ${entry.name} is no longer in the estate but its stack folder holds Terraform state — moved to ${shown}; ` +
        `fix: run \`terraform -chdir=${shown} destroy\` (or move its state elsewhere), then delete the folder\n`,
    );
  }
  return { deleted: deleted.sort(), moved: moved.sort() };
}

/**
 * Deletes the hand-over folders (`<dir>/<site>/`) of sites no longer in the estate: synth wrote
 * them, and a stale NETWORK.md would describe a clinic that is gone. Returns the names deleted.
 */
export function pruneSiteFolders(dir: string, sites: readonly string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  const current = new Set(sites);
  const stale = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !current.has(e.name))
    .map((e) => e.name)
    .sort();
  for (const name of stale) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return stale;
}

/** `removed/<site>`, or `removed/<site>.2`, … when an earlier removal of the same name is still there. */
function movedFolder(outdir: string, site: string): string {
  const base = path.join(outdir, REMOVED_DIR, site);
  let candidate = base;
  for (let n = 2; fs.existsSync(candidate); n += 1) candidate = `${base}.${n}`;
  return candidate;
}
