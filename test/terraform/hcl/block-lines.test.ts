// SPDX-License-Identifier: Apache-2.0
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { blockHeaderLines, blockKey } from '../../../lib/terraform/hcl/block-lines';
import { readHclModule } from '../../../lib/terraform/hcl';
import { readTerraformInputAsync } from '../../../lib/terraform';
import { findingLocator } from '../../../lib/terraform/locations';

describe('the header line of a resource block in a .tf file', () => {
  test('quoted or bare labels, any spacing, data blocks; the first of two wins', () => {
    const lines = blockHeaderLines(
      [
        'terraform {}', // 1
        'resource "azurerm_subnet" "a" {', // 2
        '  resource_group_name = "x"', // 3
        '}', // 4
        '  resource\t"azurerm_subnet"   "b"{', // 5
        'resource azurerm_firewall fw {', // 6
        'data "azurerm_client_config" "current" {}', // 7
        'resource "azurerm_subnet" "a" {', // 8 (a duplicate: Terraform refuses it; the first is kept)
      ].join('\n'),
    );
    expect(Object.fromEntries(lines)).toEqual({
      [blockKey('resource', 'azurerm_subnet', 'a')]: 2,
      [blockKey('resource', 'azurerm_subnet', 'b')]: 5,
      [blockKey('resource', 'azurerm_firewall', 'fw')]: 6,
      [blockKey('data', 'azurerm_client_config', 'current')]: 7,
    });
  });

  test('headers in comments and heredocs are not headers; CRLF line ends count as one', () => {
    const lines = blockHeaderLines(
      [
        '# resource "azurerm_subnet" "a" {', // 1
        '// resource "azurerm_subnet" "a" {', // 2
        '/*', // 3
        'resource "azurerm_subnet" "a" {', // 4
        '*/', // 5
        'locals {', // 6
        '  doc = <<-EOT', // 7
        '    resource "azurerm_subnet" "a" {', // 8
        '  EOT', // 9
        '}', // 10
        'resource "azurerm_subnet" "a" {', // 11
      ].join('\r\n'),
    );
    expect(Object.fromEntries(lines)).toEqual({ [blockKey('resource', 'azurerm_subnet', 'a')]: 11 });
  });

  test('"/*" or "<<" inside a string or after a line comment opens nothing', () => {
    const lines = blockHeaderLines(
      [
        'locals {', // 1
        '  pattern = "/* not a comment"', // 2
        '  shift   = "a <<EOT"', // 3
        '} # closing /* still not a comment', // 4
        'resource "azurerm_subnet" "a" {', // 5
        '  x = 1 // <<EOT', // 6
        '}', // 7
        'resource "azurerm_subnet" "b" { /* one-line comment */', // 8
        '}', // 9
        'resource "azurerm_subnet" "c" {', // 10
      ].join('\n'),
    );
    expect([...lines.values()]).toEqual([5, 8, 10]);
  });

  test('an attribute named like a block, or a nested block, is not a resource header', () => {
    const lines = blockHeaderLines('resource = "x"\nresource "t" {\n}\nresources "t" "n" {\n}\n');
    expect(lines.size).toBe(0);
  });
});

describe('HCL resources are located at their block, modules included', () => {
  function repository(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'hcl-lines-'));
    mkdirSync(join(root, '.git'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    return root;
  }

  test('root and module resources carry file and header line; JSON-syntax files the file alone', async () => {
    const root = repository({
      'live/main.tf':
        '\n\nmodule "net" {\n  source = "../modules/net"\n}\n\nresource "azurerm_resource_group" "rg" {\n}\n',
      'live/extra.tf.json': JSON.stringify({ resource: { azurerm_subnet: { json: { name: 'j' } } } }),
      'modules/net/main.tf': 'variable "x" {\n  default = 1\n}\nresource "azurerm_subnet" "s" {\n  count = 2\n}\n',
    });
    const read = await readHclModule(join(root, 'live'));
    const located = Object.fromEntries(read.document.resources.map((r) => [r.address, r.location]));
    expect(located).toEqual({
      'azurerm_resource_group.rg': { file: join(root, 'live', 'main.tf'), line: 7 },
      'azurerm_subnet.json': { file: join(root, 'live', 'extra.tf.json') },
      'module.net.azurerm_subnet.s[0]': { file: join(root, 'modules', 'net', 'main.tf'), line: 4 },
      'module.net.azurerm_subnet.s[1]': { file: join(root, 'modules', 'net', 'main.tf'), line: 4 },
    });
  });

  test('the estate fixture: findings located at the module block, relative to the working directory', async () => {
    const fixture = join(__dirname, '..', '..', 'fixtures', 'hcl', 'estate');
    const read = await readTerraformInputAsync(fixture);
    const locate = findingLocator(read.locations, join(fixture, '..'))!;
    const address = 'module.clinic["richmond"].azurerm_subnet.firewall';
    expect(locate({ site: 'richmond', path: address })).toEqual({ file: 'estate/modules/clinic/main.tf', line: 27 });
    // What names no resource of a site is placed where the site's firewall policy is declared.
    expect(locate({ site: 'richmond', path: 'nothing/by/this/path' })).toEqual({
      file: 'estate/modules/clinic/main.tf',
      line: 41, // resource "azurerm_firewall_policy" "clinic" {
    });
  });
});
