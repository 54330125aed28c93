// SPDX-License-Identifier: Apache-2.0
/**
 * The gate's own synthesis session (lib/constructs/staging.ts) mirrors cdktf's `App.synth`
 * (node_modules/cdktf/lib/app.js). It leans on cdktf internals (`Manifest`, `prepareStack`,
 * the stack synthesizer), so this pins that both write the same bytes: a cdktf upgrade
 * that changes App.synth fails here instead of silently gating something else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { stagingDirOf, synthesizeInto } from '../../lib/constructs/staging';
import { buildExampleEstate } from '../../stacks/estate';

/** Every file under `dir`, by relative path, with its bytes as text. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of fs.readdirSync(at).sort()) {
      const full = path.join(at, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

describe('the staging synth mirrors App.synth', () => {
  const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'staging-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the example estate: the same files, byte for byte, and nothing written to the outdir', () => {
    const viaApp = new App({ outdir: path.join(root, 'app.out') });
    buildExampleEstate(viaApp);
    viaApp.synth();

    const staged = new App({ outdir: path.join(root, 'staged.out') });
    buildExampleEstate(staged);
    synthesizeInto(staged, path.join(root, 'staging'));

    const expected = tree(viaApp.outdir);
    expect(Object.keys(expected)).toContain('manifest.json');
    expect(Object.keys(expected).filter((f) => f.endsWith('cdk.tf.json'))).toHaveLength(4);
    expect(tree(path.join(root, 'staging'))).toEqual(expected);
    expect(tree(staged.outdir)).toEqual({});
  });

  test('a cross-stack reference: the remote state and outputs prepareStack adds are staged too', () => {
    const build = (app: App) => {
      const stack = (id: string) => {
        const s = new TerraformStack(app, id);
        new AzurermProvider(s, 'azurerm', { features: [{}] });
        new LocalBackend(s, { path: `terraform.${id}.tfstate` });
        return s;
      };
      const group = new ResourceGroup(stack('hub'), 'group', { name: 'rg-hub', location: 'australiaeast' });
      new TerraformOutput(stack('clinic'), 'hub_group', { value: group.name });
    };
    const viaApp = new App({ outdir: path.join(root, 'cross-app.out') });
    build(viaApp);
    viaApp.synth();
    const staged = new App({ outdir: path.join(root, 'cross-staged.out') });
    build(staged);
    synthesizeInto(staged, path.join(root, 'cross-staging'));
    const expected = tree(viaApp.outdir);
    expect(expected['stacks/clinic/cdk.tf.json']).toContain('terraform_remote_state');
    expect(tree(path.join(root, 'cross-staging'))).toEqual(expected);
  });

  test('a failing construct validation is one clinicnet error, as App.synth would fail', () => {
    const app = new App({ outdir: path.join(root, 'invalid.out') });
    buildExampleEstate(app);
    app.node.addValidation({ validate: () => ['provider block missing'] });
    expect(() => synthesizeInto(app, path.join(root, 'invalid'))).toThrow(
      '[GATE-APP-INVALID] invalid construct tree — got provider block missing',
    );
  });

  test('the staging directory is beside the output, hidden, and per process', () => {
    expect(stagingDirOf('/work/estate/cdktf.out')).toBe(`/work/estate/.cdktf.out.staging-${process.pid}`);
    expect(path.dirname(stagingDirOf('cdktf.out'))).toBe(process.cwd());
  });
});
