// SPDX-License-Identifier: Apache-2.0
/** Where a VPN shared key comes from: only secret stores are accepted, and no key text reaches the model. */
import { readTerraformDocument } from '../../lib/terraform';
import { holdsLiteralText } from '../../lib/terraform/shared-key';

const SECRET = 'TopSecretKeyMaterial';

/** A one-site stack whose connection's shared key is `key`, with extra top-level blocks. */
function stack(key: unknown, extra: Record<string, unknown> = {}, resources: Record<string, unknown> = {}) {
  return {
    resource: {
      azurerm_firewall_policy: { p: { name: 'fwp', tags: { 'clinicnet-site': 'gp' } } },
      azurerm_virtual_network_gateway_connection: { c: { name: 'conn', type: 'IPsec', shared_key: key } },
      ...resources,
    },
    ...extra,
  };
}

function sourceOf(doc: unknown) {
  const result = readTerraformDocument(doc, 'test.cdk.tf.json');
  return result.model.sites[0].vpnLinks[0].sharedKey;
}

const sensitiveVar = (spec: Record<string, unknown>) => ({ variable: { psk: { type: 'string', ...spec } } });

describe('shared key source (cdk.tf.json)', () => {
  test.each([
    ['plain text', SECRET],
    ['a template with a prefix', `pfx-\${var.psk}`],
    ['join with literal text', `\${join("", ["${SECRET}", var.psk])}`],
    ['base64decode of a literal', `\${base64decode("${SECRET}")}`],
    ['a heredoc', '${<<EOT\nabc\nEOT}'],
    ['a number', 12345],
    ['an expression that reads nothing', '${12345678}'],
  ])('%s is a literal', (_name, key) => {
    expect(sourceOf(stack(key, sensitiveVar({ sensitive: true }))).source).toBe('literal');
  });

  test('a sensitive variable without default is accepted', () => {
    expect(sourceOf(stack('${var.psk}', sensitiveVar({ sensitive: true })))).toEqual({
      source: 'sensitive-variable',
      reference: 'var.psk',
    });
  });

  test('a sensitive variable WITH a default is a literal (its default is the key)', () => {
    expect(sourceOf(stack('${var.psk}', sensitiveVar({ sensitive: true, default: SECRET })))).toEqual({
      source: 'literal',
      reference: 'var.psk has a default',
    });
  });

  test('a variable that is not sensitive is a literal', () => {
    expect(sourceOf(stack('${var.psk}', sensitiveVar({}))).source).toBe('literal');
  });

  test('a Key Vault secret data source is accepted; its other attributes are not the key', () => {
    const data = { data: { azurerm_key_vault_secret: { k: { name: 's', key_vault_id: 'kv' } } } };
    expect(sourceOf(stack('${data.azurerm_key_vault_secret.k.value}', data))).toEqual({
      source: 'key-vault-secret',
      reference: 'data.azurerm_key_vault_secret.k',
    });
    expect(sourceOf(stack('${data.azurerm_key_vault_secret.k.name}', data)).source).toBe('literal');
  });

  test('an ephemeral Key Vault secret is accepted when the input declares it', () => {
    const ephemeral = { ephemeral: { azurerm_key_vault_secret: { k: { name: 's', key_vault_id: 'kv' } } } };
    const key = '${ephemeral.azurerm_key_vault_secret.k.value}';
    expect(sourceOf(stack(key, ephemeral)).source).toBe('key-vault-secret');
    expect(sourceOf(stack(key)).source).toBe('unknown');
  });

  test('a managed secret is accepted only when its own value is not a literal', () => {
    const generated = {
      azurerm_key_vault_secret: { k: { name: 's', value: '${random_password.p.result}' } },
      random_password: { p: { length: 32 } },
    };
    const key = '${azurerm_key_vault_secret.k.value}';
    expect(sourceOf(stack(key, {}, generated))).toEqual({
      source: 'key-vault-secret',
      reference: 'azurerm_key_vault_secret.k',
    });
    const written = { azurerm_key_vault_secret: { k: { name: 's', value: SECRET } } };
    expect(sourceOf(stack(key, {}, written))).toEqual({
      source: 'literal',
      reference: 'the value of azurerm_key_vault_secret.k is a literal',
    });
  });

  test('a variable given a value in a committed .tfvars file is a literal (the HCL reader sets committedValue)', () => {
    // Not reachable from JSON: the hook is VariableSpec.committedValue; here its absence keeps the variable accepted.
    expect(sourceOf(stack('${var.psk}', sensitiveVar({ sensitive: true }))).source).toBe('sensitive-variable');
  });

  test('an expression of references only is unknown and names them, not the expression', () => {
    const key = '${base64decode(var.psk)}';
    expect(sourceOf(stack(key, sensitiveVar({ sensitive: true })))).toEqual({
      source: 'unknown',
      reference: 'an expression of var.psk',
    });
  });

  test('no key text is ever in the model or the read problems', () => {
    for (const key of [SECRET, `pfx-\${var.psk}`, `\${join("", ["${SECRET}", var.psk])}`]) {
      const result = readTerraformDocument(stack(key, sensitiveVar({ sensitive: true, default: SECRET })), 'x.json');
      expect(JSON.stringify(result)).not.toContain(SECRET);
      expect(JSON.stringify(result)).not.toContain('pfx-');
    }
  });
});

describe('holdsLiteralText', () => {
  test.each([
    ['${var.a}', false],
    ['${join("", [var.a, var.b])}', false],
    ['${"a"}', true],
    ['x${var.a}', true],
    ['${var.a}x', true],
    ['$${var.a}', true],
    ['%{if var.a}x%{endif}', true],
    ['${lookup(var.m, "k")}', true],
  ])('%s → %s', (text, expected) => {
    expect(holdsLiteralText(text)).toBe(expected);
  });
});

describe('shared key source (plan)', () => {
  /** A plan whose connection's configuration expression for shared_key is `expression`. */
  function plan(expression: unknown, variables: Record<string, unknown> = {}) {
    const resource = (type: string, name: string, values: Record<string, unknown>) => ({
      address: `${type}.${name}`,
      mode: 'managed',
      type,
      name,
      values,
      sensitive_values: type.endsWith('_connection') ? { shared_key: true } : {},
    });
    return {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            resource('azurerm_firewall_policy', 'p', { name: 'fwp' }),
            resource('azurerm_virtual_network_gateway_connection', 'c', {
              name: 'conn',
              type: 'IPsec',
              shared_key: SECRET,
            }),
          ],
        },
      },
      configuration: {
        root_module: {
          variables,
          resources: [
            {
              address: 'azurerm_virtual_network_gateway_connection.c',
              expressions: expression === undefined ? {} : { shared_key: expression },
            },
          ],
        },
      },
    };
  }
  const planSource = (doc: unknown) => readTerraformDocument(doc, 'plan.json').model.sites[0].vpnLinks[0].sharedKey;

  test('a constant, or an expression that reads nothing, is a literal', () => {
    expect(planSource(plan({ constant_value: SECRET })).source).toBe('literal');
    expect(planSource(plan({}))).toEqual({ source: 'literal', reference: 'an expression without references' });
  });

  test('a sensitive variable is accepted only without a default', () => {
    const expression = { references: ['var.psk'] };
    expect(planSource(plan(expression, { psk: { sensitive: true } })).source).toBe('sensitive-variable');
    expect(planSource(plan(expression, { psk: { sensitive: true, default: SECRET } })).source).toBe('literal');
  });

  test('a resource the plan marks sensitive as a whole is read without any of its values', () => {
    const doc = plan({ references: ['var.psk'] }, { psk: { sensitive: true } });
    const resources = doc.planned_values.root_module.resources as { sensitive_values: unknown }[];
    resources[1].sensitive_values = true;
    const result = readTerraformDocument(doc, 'plan.json');
    expect(result.model.sites[0].vpnLinks).toEqual([]);
    expect(result.problems.map((p) => p.message).join('\n')).toContain('sensitive in the plan');
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  test('without the configuration the source is unknown, and the sensitive value is never in the result', () => {
    const doc = plan(undefined);
    expect(planSource(doc)).toEqual({ source: 'unknown', reference: 'plan without configuration' });
    expect(JSON.stringify(readTerraformDocument(doc, 'plan.json'))).not.toContain(SECRET);
  });
});
