// SPDX-License-Identifier: Apache-2.0
import { mkdirSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { readHclModule } from '../../../lib/terraform/hcl';
import { readTerraformInputAsync } from '../../../lib/terraform';
import { DocumentIndex } from '../../../lib/terraform/values';

/** A repository (with `.git`) holding the given files; returns its root. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'hcl-module-'));
  mkdirSync(join(root, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const addresses = (read: Awaited<ReturnType<typeof readHclModule>>): string[] =>
  read.document.resources.map((r) => r.address);

describe('count, for_each and dynamic blocks', () => {
  test('count and for_each expand into Terraform addresses; count = 0 removes the resource', async () => {
    const root = repository({
      'live/main.tf': `
variable "n" { default = 2 }
resource "azurerm_subnet" "counted" {
  count = var.n
  name  = "s\${count.index}"
}
resource "azurerm_subnet_route_table_association" "off" {
  count     = 0
  subnet_id = "x"
}
resource "azurerm_subnet" "keyed" {
  for_each = toset(["b", "a"])
  name     = "k-\${each.value}"
}
resource "azurerm_subnet" "mapped" {
  for_each         = { web = "10.0.1.0/24" }
  name             = each.key
  address_prefixes = [each.value]
}
`,
    });
    const read = await readHclModule(join(root, 'live'));
    expect(addresses(read)).toEqual([
      'azurerm_subnet.counted[0]',
      'azurerm_subnet.counted[1]',
      'azurerm_subnet.keyed["a"]',
      'azurerm_subnet.keyed["b"]',
      'azurerm_subnet.mapped["web"]',
    ]);
    expect(read.document.resources.map((r) => r.values.name)).toEqual(['s0', 's1', 'k-a', 'k-b', 'web']);
    expect(read.document.resources[4].values.address_prefixes).toEqual(['10.0.1.0/24']);
    expect(read.problems).toEqual([]);
  });

  test('dynamic blocks become blocks after the static ones; iterator names the element', async () => {
    const root = repository({
      'main.tf': `
locals {
  rules = { b = 443, a = 991 }
}
resource "azurerm_firewall_policy_rule_collection_group" "g" {
  network_rule_collection {
    name = "static"
    rule {
      name = "first"
    }
    dynamic "rule" {
      for_each = local.rules
      iterator = r
      content {
        name              = r.key
        destination_ports = [tostring(r.value)]
      }
    }
  }
}
`,
    });
    const read = await readHclModule(root);
    const group = read.document.resources[0].values.network_rule_collection as { rule: unknown[] }[];
    // `tostring` is not evaluated: the port is unknown with its expression, never guessed.
    expect(group[0].rule).toEqual([
      { name: 'first' },
      { name: 'a', destination_ports: ['${tostring(r.value)}'] },
      { name: 'b', destination_ports: ['${tostring(r.value)}'] },
    ]);
  });

  test('count, for_each or dynamic that cannot be known before plan is a read problem, not silence', async () => {
    const root = repository({
      'main.tf': `
resource "azurerm_subnet" "a" {
  count = length(azurerm_virtual_network.v.subnet)
}
resource "azurerm_subnet" "b" {
  for_each = azurerm_virtual_network.v.tags
}
resource "azurerm_subnet" "c" {
  for_each = [{ name = "x" }]
}
resource "azurerm_virtual_network" "v" {
  dynamic "subnet" {
    for_each = data.azurerm_subnets.all.names
    content {
      name = subnet.value
    }
  }
}
`,
    });
    const read = await readHclModule(root);
    expect(addresses(read)).toEqual(['azurerm_virtual_network.v']);
    expect(read.problems.map((p) => [p.address, p.resourceType, p.message.replace(/,.*/, '')])).toEqual([
      ['azurerm_subnet.a', 'azurerm_subnet', 'count is length(azurerm_virtual_network.v.subnet)'],
      ['azurerm_subnet.b', 'azurerm_subnet', 'for_each is azurerm_virtual_network.v.tags'],
      ['azurerm_subnet.c', 'azurerm_subnet', 'for_each is [{"name":"x"}]'],
      ['azurerm_virtual_network.v', 'dynamic', 'dynamic "subnet" block: for_each is data.azurerm_subnets.all.names'],
    ]);
  });
});

describe('modules', () => {
  const MODULE = {
    'modules/net/main.tf': `
variable "name" {}
variable "space" {}
resource "azurerm_virtual_network" "v" {
  name          = "vnet-\${var.name}"
  address_space = [var.space]
}
resource "azurerm_subnet" "s" {
  name                 = "work"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = [cidrsubnet(var.space, 8, 1)]
}
output "subnet_id" {
  value = azurerm_subnet.s.id
}
output "prefix" {
  value = cidrsubnet(var.space, 8, 1)
}
`,
  };

  test('local modules are instantiated per for_each key; references inside an instance resolve to that instance', async () => {
    const root = repository({
      ...MODULE,
      'live/main.tf': `
module "clinic" {
  source   = "../modules/net"
  for_each = { penrith = "10.1.0.0/16", blacktown = "10.2.0.0/16" }
  name     = each.key
  space    = each.value
}
resource "azurerm_subnet_route_table_association" "a" {
  subnet_id = module.clinic["penrith"].subnet_id
}
`,
    });
    const read = await readHclModule(join(root, 'live'));
    // In address order, whatever the files' layout.
    expect(addresses(read)).toEqual([
      'azurerm_subnet_route_table_association.a',
      'module.clinic["blacktown"].azurerm_subnet.s',
      'module.clinic["blacktown"].azurerm_virtual_network.v',
      'module.clinic["penrith"].azurerm_subnet.s',
      'module.clinic["penrith"].azurerm_virtual_network.v',
    ]);
    const index = new DocumentIndex(read.document);
    const byAddress = (a: string) => read.document.resources.find((r) => r.address === a)!;
    const subnet = index.reader(byAddress('module.clinic["penrith"].azurerm_subnet.s'));
    expect(subnet.referencedResource('virtual_network_name')?.address).toBe(
      'module.clinic["penrith"].azurerm_virtual_network.v',
    );
    expect(subnet.text('virtual_network_name')).toBe('vnet-penrith');
    expect(subnet.strings('address_prefixes')).toEqual(['10.1.1.0/24']);
    // The root's reference to a module output is followed into the right instance.
    const association = index.reader(byAddress('azurerm_subnet_route_table_association.a'));
    expect(association.target('subnet_id')?.address).toBe('module.clinic["penrith"].azurerm_subnet.s');
  });

  test('registry, git and outside-the-repository sources are one problem per call, naming the source', async () => {
    const root = repository({
      'live/main.tf': `
module "avm" {
  source  = "Azure/avm-res-network-virtualnetwork/azurerm"
  version = "0.7.1"
}
module "git" {
  source = "git::https://example.org/net.git"
}
module "outside" {
  source = "../../elsewhere"
}
module "absent" {
  source = "./nothing-here"
}
`,
    });
    const read = await readHclModule(join(root, 'live'));
    expect(read.problems.map((p) => [p.address, p.message.replace(/;.*/, '')])).toEqual([
      ['module.absent', 'module source "./nothing-here" is not a directory'],
      [
        'module.avm',
        'module source "Azure/avm-res-network-virtualnetwork/azurerm" is a registry or remote source, which is not read before plan',
      ],
      [
        'module.git',
        'module source "git::https://example.org/net.git" is a registry or remote source, which is not read before plan',
      ],
      ['module.outside', 'module source "../../elsewhere" is outside the repository holding the root module'],
    ]);
    expect(read.problems[1].message).toContain('terraform show -json');
  });

  test('a module output that is not one reference is evaluated (cidrsubnet through the module)', async () => {
    const root = repository({
      ...MODULE,
      'main.tf': `
module "one" {
  source = "./modules/net"
  name   = "x"
  space  = "10.9.0.0/16"
}
resource "azurerm_route" "r" {
  address_prefix = module.one.prefix
}
`,
    });
    const read = await readHclModule(root);
    expect(read.document.resources.find((r) => r.type === 'azurerm_route')?.values.address_prefix).toBe('10.9.1.0/24');
  });
});

describe('variables and files', () => {
  const ROOT = `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "list" {
  type    = list(string)
  default = []
}
variable "psk" {
  sensitive = true
}
resource "azurerm_resource_group" "g" {
  name = join("/", concat([var.a, var.b, var.c, var.d], var.list))
}
resource "azurerm_virtual_network_gateway_connection" "c" {
  shared_key = var.psk
}
`;

  test("values in Terraform's precedence: tfvars, tfvars.json, auto.tfvars in name order, --var-file, --var; TF_VAR_* is not read", async () => {
    const root = repository({
      'main.tf': ROOT,
      'terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\nc = "tfvars"\nd = "tfvars"\n',
      'terraform.tfvars.json': '{"b": "tfvars.json", "c": "tfvars.json", "d": "tfvars.json"}',
      'x.auto.tfvars': 'c = "x.auto"\nd = "x.auto"\n',
      'extra.tfvars': 'd = "var-file"\n',
    });
    process.env.TF_VAR_a = 'environment';
    try {
      const read = await readHclModule(root, { varFiles: [join(root, 'extra.tfvars')], vars: ['list=["v1", "v2"]'] });
      expect(read.document.resources[0].values.name).toBe('tfvars/tfvars.json/x.auto/var-file/v1/v2');
      // No value anywhere: the sensitive variable stays a variable for the reader.
      expect(read.document.resources[1].values.shared_key).toBe('${var.psk}');
      expect(read.document.variables.get('psk')).toEqual({ sensitive: true, hasDefault: false });
    } finally {
      delete process.env.TF_VAR_a;
    }
  });

  test('a sensitive value from --var or --var-file is never read: it stays the sensitive variable', async () => {
    const root = repository({ 'main.tf': ROOT, 'secrets.tfvars': 'psk = "from-file"\n' });
    for (const sources of [{ vars: ['psk=from-command-line'] }, { varFiles: [join(root, 'secrets.tfvars')] }]) {
      const read = await readHclModule(root, sources);
      expect(read.document.resources[1].values.shared_key).toBe('${var.psk}');
    }
  });

  test('a shared key set in a committed tfvars file is a literal', async () => {
    const root = repository({ 'main.tf': ROOT, 'terraform.tfvars': 'psk = "hunter2"\n' });
    const read = await readHclModule(root);
    expect(read.document.resources[1].values.shared_key).toBe('hunter2');
  });

  test('.tf.json files are read in JSON syntax beside .tf files; override files are merged after them', async () => {
    const root = repository({
      'main.tf': 'locals {\n  space = "10.4.0.0/16"\n}\n',
      'net.tf.json': JSON.stringify({
        resource: { azurerm_virtual_network: { v: { address_space: ['${local.space}'], '//': 'comment' } } },
      }),
      'main_override.tf': 'locals {\n  space = "10.5.0.0/16"\n}\n',
    });
    const read = await readHclModule(root);
    expect(read.document.resources[0].values).toEqual({ address_space: ['10.5.0.0/16'] });
    expect(read.problems).toEqual([]);
  });

  test("override files by Terraform's rules: arguments replace, nested blocks replace all of their type, name order compounds", async () => {
    const root = repository({
      'main.tf': `
variable "prefix" { default = "10.1.0.0/24" }
resource "azurerm_route_table" "rt" {
  name = "rt"
  route {
    name           = "default"
    address_prefix = "0.0.0.0/0"
    next_hop_type  = "VirtualAppliance"
  }
  route {
    name           = "lab"
    address_prefix = "10.9.0.0/16"
    next_hop_type  = "VnetLocal"
  }
  lifecycle {
    prevent_destroy = true
  }
}
resource "azurerm_subnet" "s" {
  name             = "work"
  address_prefixes = [var.prefix]
}
`,
      'a_override.tf': `
variable "prefix" { default = "10.2.0.0/24" }
resource "azurerm_route_table" "rt" {
  route {
    name           = "default"
    address_prefix = "0.0.0.0/0"
    next_hop_type  = "Internet"
  }
  lifecycle {
    create_before_destroy = true
  }
}
resource "azurerm_nat_gateway" "ghost" { name = "ng" }
`,
      'override.tf.json': JSON.stringify({
        resource: { azurerm_route_table: { rt: { name: 'rt-final', depends_on: ['azurerm_subnet.s'] } } },
      }),
    });
    const read = await readHclModule(root);
    const [rt, subnet] = read.document.resources;
    expect(rt.values).toEqual({
      name: 'rt-final',
      route: [{ name: 'default', address_prefix: '0.0.0.0/0', next_hop_type: 'Internet' }],
    });
    expect(subnet.values.address_prefixes).toEqual(['10.2.0.0/24']);
    expect(read.document.resources.map((r) => r.address)).toEqual(['azurerm_route_table.rt', 'azurerm_subnet.s']);
    expect(read.problems.map((p) => p.message)).toEqual([
      'override file a_override.tf: azurerm_nat_gateway.ghost overrides nothing (Terraform refuses this); it is not read',
      'override file override.tf.json: azurerm_route_table.rt sets depends_on, which an override may not; it is ignored',
    ]);
  });

  test('cdk.tf from `cdktf synth --hcl` is read as one file; a .tf input and a directory say terraform-hcl', async () => {
    const root = repository({
      'cdktf.out/stacks/clinic/cdk.tf': `
resource "azurerm_firewall_policy" "policy" {
  name = "fwp-clinic"
  tags = {
    "clinicnet-site" = "clinic"
  }
}
`,
    });
    const file = join(root, 'cdktf.out/stacks/clinic/cdk.tf');
    const read = await readTerraformInputAsync(file);
    expect(read.kind).toBe('terraform-hcl');
    expect(read.model.sites.map((s) => s.name)).toEqual(['clinic']);
    expect(read.files).toEqual([file]);
  });

  test('invalid HCL is one TF-HCL-SYNTAX error naming the file', async () => {
    const root = repository({ 'main.tf': 'resource "x" {\n' });
    await expect(readHclModule(root)).rejects.toThrow(/^\[TF-HCL-SYNTAX\] invalid HCL in .*main\.tf/);
  });

  test('a --var without a name is TF-HCL-VAR', async () => {
    const root = repository({ 'main.tf': ROOT });
    await expect(readHclModule(root, { vars: ['=x'] })).rejects.toThrow(/TF-HCL-VAR/);
  });
});

describe('evaluation errors', () => {
  test('an expression Terraform would refuse is a read problem at the resource, and its value unknown', async () => {
    const root = repository({
      'main.tf': `
resource "azurerm_subnet" "s" {
  address_prefixes = [cidrsubnet("10.0.0.0/24", 9, 1)]
}
`,
    });
    const read = await readHclModule(root);
    expect(read.problems).toEqual([
      {
        site: '',
        address: 'azurerm_subnet.s',
        resourceType: 'expression',
        message:
          '${cidrsubnet("10.0.0.0/24", 9, 1)} cannot be evaluated: cidrsubnet("10.0.0.0/24", 9, 1): insufficient address space to extend prefix of 24 by 9',
      },
    ]);
    expect(read.document.resources[0].values.address_prefixes).toEqual([
      '${cidrsubnet("10.0.0.0/24", 9, 1)} (cidrsubnet("10.0.0.0/24", 9, 1): insufficient address space to extend prefix of 24 by 9)',
    ]);
  });
});

describe('hostile configurations end in problems, not crashes', () => {
  test('cycles through locals and module inputs, and huge counts', async () => {
    const root = repository({
      'modules/echo/main.tf': 'variable "x" {}\noutput "y" {\n  value = var.x\n}\n',
      'main.tf': `
locals {
  a = local.b
  b = local.a
}
module "loop" {
  source = "./modules/echo"
  x      = module.loop.y
}
resource "azurerm_subnet" "s" {
  name = local.a
  tags = { loop = module.loop.y }
}
resource "azurerm_subnet" "many" {
  count = 1000000000
}
`,
    });
    const read = await readHclModule(root);
    expect(read.document.resources.map((r) => r.address)).toEqual(['azurerm_subnet.s']);
    const messages = read.problems.map((p) => p.message);
    expect(messages).toContain('count is 1000000000, more than 10000 instances; they are not checked');
    expect(messages.some((m) => m.includes('refers to itself'))).toBe(true);
    expect(messages.some((m) => m.includes('depends on itself'))).toBe(true);
  });
});

describe('references between instances', () => {
  test('azurerm_subnet.s[each.key].id resolves to the instance with that key', async () => {
    const root = repository({
      'main.tf': `
locals {
  subnets = { web = "10.0.1.0/24", db = "10.0.2.0/24" }
}
resource "azurerm_subnet" "s" {
  for_each         = local.subnets
  name             = each.key
  address_prefixes = [each.value]
}
resource "azurerm_subnet_route_table_association" "a" {
  for_each  = local.subnets
  subnet_id = azurerm_subnet.s[each.key].id
}
`,
    });
    const read = await readHclModule(root);
    const index = new DocumentIndex(read.document);
    const association = read.document.resources.find(
      (r) => r.address === 'azurerm_subnet_route_table_association.a["web"]',
    )!;
    expect(association.values.subnet_id).toBe('${azurerm_subnet.s["web"].id}');
    expect(index.reader(association).target('subnet_id')?.address).toBe('azurerm_subnet.s["web"]');
  });
});

describe('cdktf.out from `cdktf synth --hcl`', () => {
  test('each stack is its cdk.tf, named after the stack', async () => {
    const stack = (site: string) => `
resource "azurerm_firewall_policy" "policy" {
  name = "fwp-clinic"
}
resource "azurerm_virtual_network" "v" {
  name          = "vnet-${site}"
  address_space = ["10.${site === 'a' ? 1 : 2}.0.0/16"]
}
`;
    const root = repository({
      'cdktf.out/manifest.json': JSON.stringify({
        stacks: {
          a: { synthesizedStackPath: 'stacks/a/cdk.tf' },
          b: { synthesizedStackPath: 'stacks/b/cdk.tf' },
        },
      }),
      'cdktf.out/stacks/a/cdk.tf': stack('a'),
      'cdktf.out/stacks/b/cdk.tf': stack('b'),
    });
    const read = await readTerraformInputAsync(join(root, 'cdktf.out'));
    expect(read.kind).toBe('cdktf-out');
    expect(read.files.map((f) => f.slice(root.length))).toEqual([
      '/cdktf.out/manifest.json',
      '/cdktf.out/stacks/a/cdk.tf',
      '/cdktf.out/stacks/b/cdk.tf',
    ]);
    expect(read.model.sites.map((s) => [s.name, s.path])).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
    // Both policies are fwp-clinic (one template): the stacks stay two sites, with no name clash.
    expect(read.problems.filter((p) => p.resourceType === 'site')).toEqual([]);
  });

  test("a stack's directory is read as Terraform runs it: an override file beside cdk.tf is merged", async () => {
    const root = repository({
      'cdktf.out/manifest.json': JSON.stringify({ stacks: { a: { synthesizedStackPath: 'stacks/a/cdk.tf' } } }),
      'cdktf.out/stacks/a/cdk.tf': `
resource "azurerm_firewall_policy" "policy" {
  name = "fwp-a"
}
resource "azurerm_virtual_network" "v" {
  name          = "vnet-a"
  address_space = ["10.1.0.0/16"]
}
`,
      'cdktf.out/stacks/a/space_override.tf': `
resource "azurerm_virtual_network" "v" {
  address_space = ["10.99.0.0/16"]
}
`,
    });
    const read = await readTerraformInputAsync(join(root, 'cdktf.out'));
    expect(read.model.sites.map((s) => s.vnets.map((v) => v.addressSpaces))).toEqual([[['10.99.0.0/16']]]);
    expect(read.files.map((f) => f.slice(root.length))).toEqual([
      '/cdktf.out/manifest.json',
      '/cdktf.out/stacks/a/cdk.tf',
      '/cdktf.out/stacks/a/space_override.tf',
    ]);
  });
});
