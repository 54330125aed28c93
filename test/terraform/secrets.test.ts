// SPDX-License-Identifier: Apache-2.0
/**
 * No key text, and no value a plan marks sensitive, reaches any output: every report format
 * of `check` and both formats of `review`, on inputs whose keys are written in every way the
 * reader refuses (plain text, templates, functions of literals, a sensitive variable's default).
 */
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../cli/run-cli';
import { readTerraformDocument } from '../../lib/terraform';
import { planFixture, tempFile } from './util';

const SECRET = 'Zq7SecretKeyMaterial';

const KEYS = [
  SECRET,
  `pfx-${SECRET}-\${var.psk}`,
  `\${join("", ["${SECRET}", var.psk])}`,
  `\${base64decode("${SECRET}")}`,
  '${var.psk}',
];

/** A one-site stack with one VPN connection per key form; the sensitive variable's default is the secret too. */
function stackWithKeys(): string {
  const connections = Object.fromEntries(
    KEYS.map((key, i) => [`c${i}`, { name: `conn-${i}`, type: 'IPsec', shared_key: key }]),
  );
  const doc = {
    variable: { psk: { type: 'string', sensitive: true, default: SECRET } },
    resource: {
      azurerm_firewall_policy: { p: { name: 'fwp', location: 'australiaeast', tags: { 'clinicnet-site': 'gp' } } },
      azurerm_virtual_network_gateway_connection: connections,
    },
  };
  return tempFile('cdk.tf.json', JSON.stringify(doc));
}

/** The literal-key plan fixture with the key and the policy's tags marked sensitive (the tags hold a secret, wrongly typed). */
function planWithSensitiveValues(): string {
  const plan = JSON.parse(fs.readFileSync(planFixture('vpn-literal-key.json'), 'utf8')) as {
    planned_values: {
      root_module: { resources: { address: string; values: Record<string, unknown>; sensitive_values: unknown }[] };
    };
  };
  for (const r of plan.planned_values.root_module.resources) {
    if (r.address === 'azurerm_virtual_network_gateway_connection.centre') {
      r.values.shared_key = SECRET;
      r.sensitive_values = { shared_key: true };
    }
    if (r.address === 'azurerm_firewall_policy.policy') {
      r.values.tags = SECRET;
      r.sensitive_values = { tags: true };
    }
  }
  return tempFile('plan.json', JSON.stringify(plan));
}

describe('no secret text in any output', () => {
  const inputs = [stackWithKeys(), planWithSensitiveValues()];

  test.each(['text', 'json', 'sarif', 'junit', 'markdown'])('check --format %s', async (format) => {
    for (const input of inputs) {
      const run = await runCli(['check', input, '--format', format]);
      expect(run.out.length).toBeGreaterThan(0);
      expect(run.out + run.err).not.toContain(SECRET);
    }
  });

  test.each(['markdown', 'json'])('review --format %s', async (format) => {
    for (const input of inputs) {
      const run = await runCli(['review', '--base', input, '--head', input, '--format', format]);
      expect(run.out + run.err).not.toContain(SECRET);
      expect(run.out.length).toBeGreaterThan(0);
    }
  });

  test('every refused key form is an error finding naming the link, not the key', async () => {
    const run = await runCli(['check', inputs[0], '--format', 'json']);
    const report = JSON.parse(run.out) as {
      findings: { requirement: string; severity: string; kind: string; message: string }[];
    };
    const psk = report.findings.filter((f) => f.requirement === 'BASE-PSK-NOT-LITERAL');
    // Four literal forms plus the sensitive variable with a default: each an error violation.
    expect(psk.map((f) => /conn-\d/.exec(f.message)?.[0]).sort()).toEqual(KEYS.map((_, i) => `conn-${i}`));
    expect(psk.map((f) => `${f.severity} ${f.kind}`)).toEqual(KEYS.map(() => 'error violation'));
  });

  test('a value the plan marks sensitive is read as unknown, and says so', () => {
    const file = inputs[1];
    const result = readTerraformDocument(JSON.parse(fs.readFileSync(file, 'utf8')), path.basename(file));
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const policyProblems = result.problems.filter((p) => p.address === 'azurerm_firewall_policy.policy');
    expect(policyProblems.map((p) => p.message).join('\n')).toContain('sensitive in the plan');
  });
});
