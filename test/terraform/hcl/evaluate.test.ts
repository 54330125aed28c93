// SPDX-License-Identifier: Apache-2.0
import type { InstanceScope } from '../../../lib/terraform/hcl/evaluate';
import { evaluateTemplate } from '../../../lib/terraform/hcl/evaluate';
import { toJson } from '../../../lib/terraform/hcl/emit';
import { TemplateTable } from '../../../lib/terraform/hcl/template';
import { EvalError, Opaque, type Value } from '../../../lib/terraform/hcl/value';

const VARS: Record<string, Value> = {
  clinics: {
    penrith: { cidr: '10.10.0.0/16', ports: ['443', '991'] },
    blacktown: { cidr: '10.20.0.0/16', ports: ['443'] },
  },
  names: ['b', 'a', 'b'],
  space: '10.0.0.0/16',
  psk: new Opaque('var', 'var.psk'),
};
const LOCALS: Record<string, Value> = { prefix: 'clinic', n: 2 };

const instance: InstanceScope = {
  address: '',
  pathModule: '.',
  variable: (name) => {
    if (!(name in VARS)) throw new EvalError(`no variable ${name}`);
    return VARS[name];
  },
  local: (name) => LOCALS[name],
  moduleCall: () => undefined,
  hasResource: (type, name) => type === 'azurerm_subnet' && name === 'work',
};

/** Evaluates a configuration string (a template, as hcl2json writes it). */
async function ev(text: string, names: Record<string, Value> = {}): Promise<unknown> {
  const table = new TemplateTable();
  table.collect(text);
  await table.ready();
  return toJson(evaluateTemplate(table.get(text), { instance, names: new Map(Object.entries(names)) }), '');
}

describe('HCL expressions known before plan', () => {
  test('literals, arithmetic, comparison and logic keep their types', async () => {
    expect(await ev('${1 + 2 * 3}')).toBe(7);
    expect(await ev('${10 % 4 - -1}')).toBe(3);
    expect(await ev('${"a" == "a" && 2 > 1}')).toBe(true);
    expect(await ev('${!true || 1 >= 2}')).toBe(false);
    expect(await ev('${null}')).toBe(null);
    expect(await ev('${[1, "x", true]}')).toEqual([1, 'x', true]);
  });

  test('templates join text; escapes and $${ are literal text', async () => {
    expect(await ev('fw-${var.space}-x')).toBe('fw-10.0.0.0/16-x');
    expect(await ev('a"b ${local.n}\n')).toBe('a"b 2\n');
    expect(await ev('$${not} ${local.prefix}')).toBe('${not} clinic');
    expect(await ev('${"q\\"${local.prefix}\\n"}')).toBe('q"clinic\n');
    expect(await ev('%{ for x in ["a", "b"] }${x};%{ endfor }')).toBe('a;b;');
    expect(await ev('%{ if local.n > 1 }many%{ else }one%{ endif }')).toBe('many');
  });

  test('variables, locals, indexing, attribute access and splats', async () => {
    expect(await ev('${var.clinics.penrith.cidr}')).toBe('10.10.0.0/16');
    expect(await ev('${var.clinics["blacktown"].ports[0]}')).toBe('443');
    expect(await ev('${var.names[local.n]}')).toBe('b');
    expect(await ev('${values(var.clinics)[*].cidr}')).toEqual(['10.20.0.0/16', '10.10.0.0/16']);
    expect(await ev('${local.prefix}')).toBe('clinic');
  });

  test('each and count come from the scope', async () => {
    expect(await ev('vnet-${each.key}', { each: { key: 'penrith', value: 1 } })).toBe('vnet-penrith');
    expect(await ev('${cidrsubnet(var.space, 8, count.index)}', { count: { index: 3 } })).toBe('10.0.3.0/24');
  });

  test('for expressions: lists, maps with keys in lexical order, filters and grouping', async () => {
    expect(await ev('${[for k, c in var.clinics : "${k}=${c.cidr}"]}')).toEqual([
      'blacktown=10.20.0.0/16',
      'penrith=10.10.0.0/16',
    ]);
    expect(await ev('${{ for k, c in var.clinics : k => length(c.ports) if length(c.ports) > 1 }}')).toEqual({
      penrith: 2,
    });
    expect(await ev('${{ for n in var.names : n => n... }}')).toEqual({ a: ['a'], b: ['b', 'b'] });
    expect(await ev('${{ "x" = 1, y = local.n, (local.prefix) = 3 }}')).toEqual({ x: 1, y: 2, clinic: 3 });
  });

  test('conditionals evaluate only the branch taken', async () => {
    expect(await ev('${local.n > 1 ? "big" : var.missing}')).toBe('big');
    expect(await ev('${try(var.missing, "fallback")}')).toBe('fallback');
    expect(await ev('${can(var.missing)}')).toBe(false);
    expect(await ev('${coalesce("", null, "x")}')).toBe('x');
  });

  test('the functions network code uses', async () => {
    const cases: [string, unknown][] = [
      ['${cidrsubnets(var.space, 8, 8)}', ['10.0.0.0/24', '10.0.1.0/24']],
      ['${cidrhost(var.space, 4)}', '10.0.0.4'],
      ['${cidrnetmask(var.space)}', '255.255.0.0'],
      ['${concat(["a"], ["b"])}', ['a', 'b']],
      ['${merge({ a = 1 }, { a = 2, b = 3 })}', { a: 2, b: 3 }],
      ['${lookup({ a = 1 }, "b", 9)}', 9],
      ['${keys(var.clinics)}', ['blacktown', 'penrith']],
      ['${tomap({ a = "x" })}', { a: 'x' }],
      ['${toset(var.names)}', ['a', 'b']],
      ['${tolist(["x"])}', ['x']],
      ['${flatten([["a"], [["b"]], "c"])}', ['a', 'b', 'c']],
      ['${format("%s-%03d", "fw", 7)}', 'fw-007'],
      ['${join(",", ["a", "b"])}', 'a,b'],
      ['${split("/", var.space)}', ['10.0.0.0', '16']],
      ['${lower("AB")}${upper("cd")}', 'abCD'],
      ['${replace("a-b-c", "-", "_")}', 'a_b_c'],
      ['${replace("a1b22", "/[0-9]+/", "#")}', 'a#b#'],
      ['${length(var.names)}', 3],
      ['${element(["a", "b"], 3)}', 'b'],
      ['${zipmap(["a", "b"], [1, 2])}', { a: 1, b: 2 }],
      ['${distinct(var.names)}', ['b', 'a']],
      ['${sort(var.names)}', ['a', 'b', 'b']],
      ['${range(3)}', [0, 1, 2]],
      ['${range(1, 7, 3)}', [1, 4]],
      ['${jsonencode({ a = [1] })}', '{"a":[1]}'],
      ['${jsondecode("{\\"a\\": 1}").a}', 1],
      ['${merge(var.clinics, {})["penrith"].cidr}', '10.10.0.0/16'],
    ];
    for (const [text, expected] of cases) expect([text, await ev(text)]).toEqual([text, expected]);
  });

  test('references to resources stay references the reader resolves, with instance keys evaluated', async () => {
    expect(await ev('${azurerm_subnet.work.id}')).toBe('${azurerm_subnet.work.id}');
    expect(await ev('${azurerm_subnet.work[each.key].id}', { each: { key: 'a', value: 'a' } })).toBe(
      '${azurerm_subnet.work["a"].id}',
    );
    expect(await ev('${azurerm_subnet.work[0].name}')).toBe('${azurerm_subnet.work[0].name}');
    expect(await ev('${data.azurerm_key_vault_secret.psk.value}')).toBe('${data.azurerm_key_vault_secret.psk.value}');
    // A root variable without a value stays a variable, so the reader knows whether it is sensitive.
    expect(await ev('${var.psk}')).toBe('${var.psk}');
  });

  test('what cannot be known is unknown with the expression as its reason, never a guess', async () => {
    // Unknown functions, functions of references, splats over resources, templates with references.
    expect(await ev('${timestamp()}')).toBe('${timestamp()}');
    expect(await ev('${upper(azurerm_subnet.work.name)}')).toBe('${upper(azurerm_subnet.work.name)}');
    // Parenthesised: the reader would otherwise take `x.y[*].id` for the first instance.
    expect(await ev('${azurerm_subnet.work[*].id}')).toBe('${(azurerm_subnet.work[*].id)}');
    expect(await ev('x-${azurerm_subnet.work.name}')).toBe('x-${azurerm_subnet.work.name}');
    expect(await ev('${azurerm_other.thing.id}')).toBe('${(azurerm_other.thing.id)}');
    expect(await ev('${length(var.psk)}')).toBe('${length(var.psk)}');
    expect(await ev('${var.psk == "x" ? 1 : 2}')).toBe('${var.psk == "x" ? 1 : 2}');
    expect(await ev('${[for s in azurerm_subnet.work : s.id]}')).toBe('${[for s in azurerm_subnet.work : s.id]}');
    // Hostile names never reach Object.prototype.
    expect(await ev('${constructor(1)}')).toBe('${constructor(1)}');
  });

  test("Terraform's errors are evaluation errors", async () => {
    await expect(ev('${var.missing}')).rejects.toThrow(EvalError);
    await expect(ev('${var.names[7]}')).rejects.toThrow(/out of range/);
    await expect(ev('${cidrsubnet(var.space, 8, 256)}')).rejects.toThrow(/does not accommodate/);
    await expect(ev('${{ for n in var.names : n => n }}')).rejects.toThrow(/duplicate key/);
  });

  test('object keys from the input become own members only', async () => {
    const value = (await ev('${merge(jsondecode("{\\"__proto__\\": {\\"x\\": 1}}"), {})}')) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
