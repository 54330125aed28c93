// SPDX-License-Identifier: Apache-2.0
/** Source locations read back from synthesized stacks: trusted only when they pass the checks. */
import * as fs from 'fs';
import * as path from 'path';
import { ClinicSite } from '../../lib/constructs';
import { readTerraformInput } from '../../lib/terraform';
import { findingLocator, locationKey, locationOf } from '../../lib/terraform/locations';
import { clinicProps } from '../constructs/util';
import { quietEstate, synthToDir } from './util';

type Comment = { '//': Record<string, unknown> };
type Stack = Comment & { resource: Record<string, Record<string, Comment>> };

/** A synthesized one-clinic estate whose stack `edit` may tamper with; returns the out dir. */
function stackWith(edit: (stack: Stack) => void): string {
  const { app, estate } = quietEstate();
  new ClinicSite(estate, 'clinic', clinicProps(1)); // the site's line
  const out = synthToDir(app);
  const file = path.join(out, 'stacks', 'clinic', 'cdk.tf.json');
  const stack = JSON.parse(fs.readFileSync(file, 'utf8')) as Stack;
  edit(stack);
  fs.writeFileSync(file, JSON.stringify(stack, null, 2));
  return out;
}

/** 1-based line of the only line of this file ending with the comment `// text`. */
function lineOf(text: string): number {
  const lines = fs.readFileSync(__filename, 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.endsWith(`// ${text}`) ? [i + 1] : []));
  if (found.length !== 1) throw new Error(`${text} is on ${found.length} lines`);
  return found[0];
}

const only = (stack: Stack, type: string): Comment => Object.values(stack.resource[type])[0];

describe('locations in synthesized stacks', () => {
  test('valid locations are read per resource (by construct path and address) and for the site', () => {
    const read = readTerraformInput(stackWith(() => undefined));
    const site = read.model.sites[0];
    expect(read.problems.filter((p) => p.message.includes('source location'))).toEqual([]);
    const own = read.locations!.get(locationKey('clinic', ''));
    expect(own?.file).toBe('test/terraform/locations.test.ts');
    expect(own?.line).toBe(lineOf("the site's line"));
    expect(locationOf(read.locations!, { site: 'clinic', path: site.firewall!.path })).toEqual(own);
  });

  test('a refused location becomes one problem for the site, never a location, and its value is not echoed', () => {
    const out = stackWith((stack) => {
      only(stack, 'azurerm_firewall')['//'].clinicnet = { source: { file: '/etc/passwd', line: 3 } };
      only(stack, 'azurerm_firewall_policy')['//'].clinicnet = { source: { file: '../../outside.ts', line: 1 } };
      only(stack, 'azurerm_virtual_network')['//'].clinicnet = { source: { file: 'x.ts\n::error::forged', line: 1 } };
      only(stack, 'azurerm_resource_group')['//'].clinicnet = { source: { file: 'ok.ts', line: 0 } };
      only(stack, 'azurerm_log_analytics_workspace')['//'].clinicnet = 'stacks/estate.ts:4';
      stack['//'].clinicnet = { source: { file: 'C:/repo/main.ts', line: 1 } };
    });
    const read = readTerraformInput(out);
    const problems = read.problems.filter((p) => p.message.includes('source location'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ site: 'clinic', resourceType: 'document' });
    expect(problems[0].message).toMatch(/^source location under "\/\/"\.clinicnet\.source refused \(/);
    expect(problems[0].message).toContain('the stack: the path is not relative');
    expect(problems[0].message).toMatch(/3 more\)/);
    for (const hostile of ['/etc/passwd', 'outside.ts', 'forged', 'C:/repo'])
      expect(problems[0].message).not.toContain(hostile);
    const site = read.model.sites[0];
    // Neither the resource's nor the site's location: a report falls back to the input file.
    expect(locationOf(read.locations!, { site: 'clinic', path: site.firewall!.path })).toBeUndefined();
    expect(read.locations!.get(locationKey('clinic', ''))).toBeUndefined();
    // Resources left alone keep theirs.
    expect(read.locations!.size).toBeGreaterThan(0);
  });

  test('a stack without locations (an older synth, a plan) reads as before, with none', () => {
    const out = stackWith((stack) => {
      delete stack['//'].clinicnet;
      for (const byName of Object.values(stack.resource))
        for (const body of Object.values(byName)) body['//'].clinicnet = {};
    });
    const read = readTerraformInput(out);
    expect(read.locations!.size).toBe(0);
    // Nothing written is unknown, not refused: no problem.
    expect(read.problems.filter((p) => p.message.includes('source location'))).toEqual([]);
    expect(findingLocator(read.locations, process.cwd())).toBeUndefined();
  });
});

describe('findingLocator', () => {
  const locations = new Map([
    [locationKey('a', 'x'), { file: 'stacks/estate.ts', line: 3 }],
    [locationKey('a', 'y'), { file: path.join(process.cwd(), 'infra', 'main.tf'), line: 9 }],
    [locationKey('b', ''), { file: 'stacks/b.ts', line: 1 }],
  ]);
  const locate = findingLocator(locations, process.cwd())!;

  test('call sites stay as written; .tf files read by absolute path are shown relative to the working directory', () => {
    expect(locate({ site: 'a', path: 'x' })).toEqual({ file: 'stacks/estate.ts', line: 3 });
    expect(locate({ site: 'a', path: 'construct/path', address: 'y' })).toEqual({ file: 'infra/main.tf', line: 9 });
  });

  test('a finding about no located resource takes its site’s location, else none', () => {
    expect(locate({ site: 'b', path: 'anything' })).toEqual({ file: 'stacks/b.ts', line: 1 });
    expect(locate({ site: 'a', path: 'z' })).toBeUndefined();
    expect(locate({ site: '*', path: 'x' })).toBeUndefined();
  });
});
