// SPDX-License-Identifier: Apache-2.0
/** Malformed and unrecognised inputs: one clear ClinicnetError each, naming the file. */
import * as fs from 'fs';
import * as path from 'path';
import { ClinicnetError } from '../../lib/core/errors';
import { readTerraformDocument, readTerraformInput } from '../../lib/terraform';
import { tempFile } from './util';

function errorOf(run: () => unknown): ClinicnetError {
  try {
    run();
  } catch (e) {
    if (e instanceof ClinicnetError) return e;
    throw e;
  }
  throw new Error('expected a ClinicnetError, nothing was thrown');
}

describe('readTerraformInput: malformed input', () => {
  test('a missing path names the path and the OS reason', () => {
    const e = errorOf(() => readTerraformInput('/nonexistent/cdktf.out'));
    expect(e.code).toBe('TF-INPUT-UNREADABLE');
    expect(e.message).toContain('cannot read /nonexistent/cdktf.out — got ENOENT');
  });

  test('an empty file is an error, not an empty model', () => {
    const file = tempFile('plan.json', '  \n');
    const e = errorOf(() => readTerraformInput(file));
    expect(e.code).toBe('TF-INPUT-EMPTY');
    expect(e.message).toContain(file);
  });

  test('truncated JSON names the file with line:column of the end', () => {
    const file = tempFile('plan.json', '{\n  "format_version": "1.2",\n  "planned_values": {');
    const e = errorOf(() => readTerraformInput(file));
    expect(e.code).toBe('TF-INPUT-JSON');
    // Line 3 has 21 characters: the parser stops just after them.
    expect(e.message).toContain(`${file}:3:22 — got the end of the input`);
  });

  test('a syntax error in the middle names its line:column', () => {
    const file = tempFile('cdk.tf.json', '{\n  "resource": {\n    "a": 1,\n  }\n}');
    const e = errorOf(() => readTerraformInput(file));
    expect(e.message).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:3 — got no property name in double quotes`),
    );
  });

  test('a directory without manifest.json says what to pass instead', () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'no-manifest-'));
    const e = errorOf(() => readTerraformInput(dir));
    expect(e.code).toBe('TF-INPUT-NO-MANIFEST');
    expect(e.message).toContain(`no manifest.json in ${dir}`);
  });

  test('a manifest whose stack has no synthesized path is rejected', () => {
    const manifest = tempFile('manifest.json', JSON.stringify({ version: '0.21.0', stacks: { hub: { name: 'hub' } } }));
    const e = errorOf(() => readTerraformInput(path.dirname(manifest)));
    expect(e.code).toBe('TF-INPUT-MANIFEST');
    expect(e.message).toContain('stack "hub" without a synthesizedStackPath');
  });

  test('a manifest listing a file that is not a synthesized stack is rejected', () => {
    const manifest = tempFile(
      'manifest.json',
      JSON.stringify({ stacks: { hub: { synthesizedStackPath: 'plan.json' } } }),
    );
    fs.writeFileSync(
      path.join(path.dirname(manifest), 'plan.json'),
      JSON.stringify({ format_version: '1.2', planned_values: {} }),
    );
    const e = errorOf(() => readTerraformInput(path.dirname(manifest)));
    expect(e.code).toBe('TF-INPUT-MANIFEST-STACK');
    expect(e.message).toContain(`got ${path.join(path.dirname(manifest), 'plan.json')}, expected a synthesized stack`);
  });

  test('JSON that is neither a stack nor a plan (a state file) is named as such', () => {
    const file = tempFile(
      'state.json',
      JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: {} }),
    );
    const e = errorOf(() => readTerraformInput(file));
    expect(e.code).toBe('TF-INPUT-KIND');
    expect(e.message).toContain('got a JSON object with keys format_version, terraform_version, values');
  });

  test('a JSON array is not an input', () => {
    expect(errorOf(() => readTerraformDocument([], 'x.json')).message).toContain(
      'unrecognised input x.json — got a JSON array',
    );
  });

  test('a plan of an unknown major format version is refused', () => {
    const e = errorOf(() => readTerraformDocument({ format_version: '2.0', planned_values: {} }, 'plan.json'));
    expect(e.code).toBe('TF-PLAN-VERSION');
    expect(e.message).toContain('got format_version "2.0"');
  });

  test('wrong types inside a plan name the JSON path', () => {
    const e = errorOf(() =>
      readTerraformDocument({ format_version: '1.2', planned_values: {}, resource_changes: 'none' }, 'plan.json'),
    );
    expect(e.code).toBe('TF-INPUT-SHAPE');
    expect(e.message).toContain(
      'malformed Terraform JSON in plan.json at resource_changes — got a string, expected an array',
    );
    const nested = errorOf(() =>
      readTerraformDocument(
        {
          format_version: '1.2',
          planned_values: { root_module: { resources: [{ address: 'a.b', type: 'a', values: [] }] } },
        },
        'plan.json',
      ),
    );
    expect(nested.message).toContain(
      'at planned_values.root_module.resources[0].values — got an array, expected an object',
    );
  });

  test('wrong types inside a cdk.tf.json name the JSON path', () => {
    const e = errorOf(() => readTerraformDocument({ resource: { azurerm_subnet: ['x'] } }, 'cdk.tf.json'));
    expect(e.message).toContain('at resource.azurerm_subnet — got an array, expected an object');
  });
});

describe('readTerraformInput: detection by content', () => {
  test('a manifest.json given as a file reads the whole cdktf.out', () => {
    const manifest = tempFile(
      'manifest.json',
      JSON.stringify({ version: '0.21.0', stacks: { a: { synthesizedStackPath: 'stacks/a/cdk.tf.json' } } }),
    );
    const dir = path.dirname(manifest);
    fs.mkdirSync(path.join(dir, 'stacks', 'a'), { recursive: true });
    const stack = {
      '//': { metadata: { stackName: 'a' } },
      resource: {
        azurerm_firewall_policy: {
          p: { name: 'fwp-a', location: 'westeurope', tags: { 'clinicnet-site': 'a', 'clinicnet-packs': 'hl7' } },
        },
      },
    };
    fs.writeFileSync(path.join(dir, 'stacks', 'a', 'cdk.tf.json'), JSON.stringify(stack));
    const result = readTerraformInput(manifest);
    expect(result.kind).toBe('cdktf-out');
    expect(result.files).toEqual([manifest, path.join(dir, 'stacks', 'a', 'cdk.tf.json')]);
    expect(result.model.sites.map((s) => [s.name, s.packs, s.region])).toEqual([['a', ['hl7'], 'westeurope']]);
  });

  test('the same input gives byte-identical output', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'plans', 'plain-site.json');
    expect(JSON.stringify(readTerraformInput(file))).toBe(JSON.stringify(readTerraformInput(file)));
  });
});
