// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isTerraformOwned, pruneSiteFolders, publishStaged } from '../../lib/constructs/publish';

/** Writes `files` (relative path → text) under `dir`. */
function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('publishStaged', () => {
  let root: string;
  let staging: string;
  let out: string;
  let warnings: string[];
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'publish-'));
    staging = path.join(root, '.cdktf.out.staging');
    out = path.join(root, 'cdktf.out');
    warnings = [];
    write(staging, {
      'manifest.json': 'new manifest',
      'stacks/hub/cdk.tf.json': 'new hub',
      'stacks/clinic/cdk.tf.json': 'new clinic',
    });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const publish = () => publishStaged(staging, out, (text) => warnings.push(text));

  test('into an empty output: the manifest and every stack', () => {
    expect(publish()).toEqual({ deleted: [], moved: [] });
    expect(files(out)).toEqual(['manifest.json', 'stacks/clinic/cdk.tf.json', 'stacks/hub/cdk.tf.json']);
    expect(fs.readFileSync(path.join(out, 'stacks/hub/cdk.tf.json'), 'utf8')).toBe('new hub');
    expect(warnings).toEqual([]);
  });

  test("replaces synth's files and never touches Terraform's state, working directory or lock file, nor the user's", () => {
    write(out, {
      'manifest.json': 'old manifest',
      'stacks/hub/cdk.tf.json': 'old hub',
      'stacks/hub/metadata.json': 'old HCL metadata',
      'stacks/hub/terraform.hub.tfstate': 'STATE',
      'stacks/hub/terraform.hub.tfstate.backup': 'BACKUP',
      'stacks/hub/.terraform/providers/azurerm': 'provider',
      'stacks/hub/.terraform.lock.hcl': 'LOCK',
      'stacks/hub/hub.tfplan': 'a plan the user saved',
    });
    publish();
    const hub = path.join(out, 'stacks/hub');
    expect(files(hub)).toEqual([
      '.terraform.lock.hcl',
      '.terraform/providers/azurerm',
      'cdk.tf.json',
      'hub.tfplan',
      'terraform.hub.tfstate',
      'terraform.hub.tfstate.backup',
    ]);
    expect(fs.readFileSync(path.join(hub, 'cdk.tf.json'), 'utf8')).toBe('new hub');
    expect(fs.readFileSync(path.join(hub, 'terraform.hub.tfstate'), 'utf8')).toBe('STATE');
    expect(fs.readFileSync(path.join(hub, '.terraform.lock.hcl'), 'utf8')).toBe('LOCK');
    expect(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe('new manifest');
    // A site new since the last synth gets its folder whole.
    expect(fs.readFileSync(path.join(out, 'stacks/clinic/cdk.tf.json'), 'utf8')).toBe('new clinic');
  });

  test('a removed site without state: its stack folder is deleted', () => {
    write(out, { 'stacks/old-clinic/cdk.tf.json': 'old' });
    expect(publish()).toEqual({ deleted: ['old-clinic'], moved: [] });
    expect(fs.existsSync(path.join(out, 'stacks/old-clinic'))).toBe(false);
    expect(warnings).toEqual([]);
  });

  test('a removed site with state: moved to removed/<site> whole, with a warning to destroy it', () => {
    write(out, { 'stacks/old-clinic/cdk.tf.json': 'old', 'stacks/old-clinic/terraform.old-clinic.tfstate': 'STATE' });
    expect(publish()).toEqual({ deleted: [], moved: ['old-clinic'] });
    expect(files(path.join(out, 'removed/old-clinic'))).toEqual(['cdk.tf.json', 'terraform.old-clinic.tfstate']);
    expect(fs.existsSync(path.join(out, 'stacks/old-clinic'))).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^WARNING site old-clinic is no longer in the estate but its stack folder holds Terraform state — moved to \S*removed[\\/]old-clinic; fix: run `terraform -chdir=\S*removed[\\/]old-clinic destroy`/,
    );
  });

  test('a second removal of the same name does not overwrite the first', () => {
    write(out, { 'removed/old-clinic/terraform.tfstate': 'FIRST', 'stacks/old-clinic/.terraform/x': 'x' });
    publish();
    expect(fs.readFileSync(path.join(out, 'removed/old-clinic/terraform.tfstate'), 'utf8')).toBe('FIRST');
    expect(files(path.join(out, 'removed/old-clinic.2'))).toEqual(['.terraform/x']);
  });

  test.each([
    ['terraform.tfstate', true],
    ['terraform.hub.tfstate.backup', true],
    ['.terraform', true],
    ['.terraform.lock.hcl', true],
    ['cdk.tf.json', false],
    ['assets', false],
  ])("%s is Terraform's: %s", (name, owned) => {
    expect(isTerraformOwned(name)).toBe(owned);
  });
});

describe('pruneSiteFolders', () => {
  test('deletes the hand-over folders of sites no longer in the estate, and nothing else', () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'prune-'));
    write(dir, {
      'hub/NETWORK.md': 'hub',
      'gone/NETWORK.md': 'stale',
      '.hub.tmp-1/NETWORK.md': 'in flight',
      'README.txt': 'a file, not a site folder',
    });
    expect(pruneSiteFolders(dir, ['hub'])).toEqual(['gone']);
    expect(files(dir)).toEqual(['.hub.tmp-1/NETWORK.md', 'README.txt', 'hub/NETWORK.md']);
    expect(pruneSiteFolders(path.join(dir, 'missing'), ['hub'])).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
