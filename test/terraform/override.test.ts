// SPDX-License-Identifier: Apache-2.0
/** Terraform's override rules on parsed configuration (JSON syntax and hcl2json output alike). */
import { applyOverride, isOverrideFile, mergeBody } from '../../lib/terraform/override';

describe('override files', () => {
  test.each([
    ['override.tf', true],
    ['override.tf.json', true],
    ['main_override.tf', true],
    ['main_override.tf.json', true],
    ['overrides.tf', false],
    ['main-override.tf', false],
    ['override.tfvars', false],
  ])('%s is an override file: %s', (name, expected) => {
    expect(isOverrideFile(name)).toBe(expected);
  });

  test('an argument replaces, nested blocks replace all of their type, lifecycle merges argument by argument', () => {
    const base = {
      name: 'rt',
      route: [{ name: 'a' }, { name: 'b' }],
      lifecycle: [{ prevent_destroy: true, ignore_changes: ['tags'] }],
      tags: { a: '1' },
    };
    expect(
      mergeBody(base, { route: [{ name: 'c' }], lifecycle: { prevent_destroy: false }, tags: { b: '2' } }),
    ).toEqual({
      name: 'rt',
      route: [{ name: 'c' }],
      lifecycle: { prevent_destroy: false, ignore_changes: ['tags'] },
      tags: { b: '2' },
    });
    expect(base.route).toHaveLength(2);
  });

  test('a configuration: resources, data, modules, variables, outputs and locals value by value; nothing to override is reported', () => {
    const config: Record<string, unknown> = {
      resource: { azurerm_subnet: { s: { name: 's', address_prefixes: ['10.0.0.0/24'] } } },
      module: { clinic: [{ source: './modules/clinic', size: 1 }] },
      locals: [{ a: 1 }, { b: 2 }],
      output: { o: { value: 1 } },
    };
    const problems = applyOverride(config, {
      resource: { azurerm_subnet: { s: { address_prefixes: ['10.0.1.0/24'] }, t: { name: 't' } } },
      module: { clinic: { size: 2 } },
      locals: { b: 3, c: 4 },
      output: { o: [{ value: 2, depends_on: ['x'] }] },
    });
    expect(config).toEqual({
      resource: { azurerm_subnet: { s: { name: 's', address_prefixes: ['10.0.1.0/24'] } } },
      module: { clinic: { source: './modules/clinic', size: 2 } },
      locals: [{ a: 1 }, { b: 3 }],
      output: { o: { value: 2 } },
    });
    expect(problems).toEqual([
      'azurerm_subnet.t overrides nothing (Terraform refuses this); it is not read',
      'output o sets depends_on, which an override may not; it is ignored',
      'local c overrides nothing (Terraform refuses this); it is not read',
    ]);
  });
});
