// SPDX-License-Identifier: Apache-2.0
/**
 * The terraform reader on arbitrary JSON and on mutated real fixtures: it either reads a
 * model or rejects the input with a ClinicnetError (exit 2 in the CLI); nothing else
 * escapes, and the model it reads can always be evaluated.
 */
import fc from 'fast-check';
import { ClinicnetError } from '../../lib/core/errors';
import { validateModel } from '../../lib/model/validate';
import { evaluate } from '../../lib/policy/engine';
import { builtinPacks } from '../../lib/policy/pack';
import { readTerraformDocument } from '../../lib/terraform';
import { applyMutations, fixture, mutations } from './mutate';

const packs = builtinPacks();
/** Room for a busy machine; no timing is asserted. */
const FUZZ_TIMEOUT_MS = 60_000;

/**
 * 'read' or 'rejected'; any other exception fails the property, and so does a model that
 * breaks the model schema or makes a rule throw (the engine would report that as a bug).
 */
function outcome(doc: unknown): 'read' | 'rejected' {
  let read;
  try {
    // With the data plane, as check, review, trace and the gate read.
    read = readTerraformDocument(doc, 'fuzz.json', { packs: ['lumos'], dataplane: true });
  } catch (e) {
    if (e instanceof ClinicnetError) return 'rejected';
    throw e;
  }
  validateModel(JSON.parse(JSON.stringify(read.model)));
  const crashed = evaluate(read.model, { packs, extraPacks: ['lumos'] }).findings.filter((f) =>
    f.message.includes('report this as a clinicnet bug'),
  );
  expect(crashed.map((f) => f.message)).toEqual([]);
  return 'read';
}

const FIXTURES: Record<string, unknown> = {
  'cdktf stack': fixture('reports', 'lumos-clinic.cdk.tf.json'),
  'partly unreadable stack': fixture('tf', 'partly-unreadable.cdk.tf.json'),
  'review stack with a VPN': fixture('review', 'head', 'stacks', 'nsw-gp-blacktown', 'cdk.tf.json'),
  plan: fixture('reports', 'lumos-clinic.plan.json'),
  'plain-Terraform plan': fixture('plans', 'plain-site.json'),
  'two-site plan': fixture('plans', 'two-sites.json'),
};

const AZURERM_TYPES = [
  'azurerm_firewall_policy',
  'azurerm_firewall_policy_rule_collection_group',
  'azurerm_virtual_network',
  'azurerm_subnet',
  'azurerm_nat_gateway',
  'azurerm_virtual_network_gateway_connection',
  'azurerm_local_network_gateway',
  'azurerm_firewall',
];

/** Objects shaped like a cdk.tf.json, so the fuzz gets past kind detection into the resource readers. */
const cdktfLike = fc.record({
  resource: fc.dictionary(
    fc.constantFrom(...AZURERM_TYPES),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue({ maxDepth: 4 })),
  ),
  output: fc.option(fc.record({ clinicnet_site: fc.record({ value: fc.jsonValue({ maxDepth: 3 }) }) }), {
    nil: undefined,
  }),
});

/** Objects shaped like a plan. */
const planLike = fc.record({
  format_version: fc.constantFrom('1.2', '1.0', 1.2 as unknown as string),
  planned_values: fc.record({
    root_module: fc.record({
      resources: fc.array(
        fc.record({
          address: fc.string(),
          mode: fc.constantFrom('managed', 'data', 'x'),
          type: fc.constantFrom(...AZURERM_TYPES),
          name: fc.string(),
          values: fc.jsonValue({ maxDepth: 3 }),
        }),
        { maxLength: 5 },
      ),
    }),
  }),
  resource_changes: fc.option(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 3 }), { nil: undefined }),
  configuration: fc.option(fc.jsonValue({ maxDepth: 4 }), { nil: undefined }),
});

describe('terraform reader: hostile input', () => {
  test(
    'arbitrary JSON is read or rejected with a ClinicnetError',
    () => {
      fc.assert(
        fc.property(fc.jsonValue(), (doc) => ['read', 'rejected'].includes(outcome(doc))),
        { numRuns: 300 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    'cdk.tf.json-shaped and plan-shaped garbage is read or rejected with a ClinicnetError',
    () => {
      fc.assert(
        fc.property(fc.oneof(cdktfLike, planLike), (doc) => ['read', 'rejected'].includes(outcome(doc))),
        { numRuns: 300 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test('a value whose toString is null, where a reference or a list of them is read, is no crash', () => {
    const hostile = { toString: null };
    const cases: [string, (string | number)[]][] = [
      ['partly unreadable stack', ['resource', 'azurerm_firewall', 'firewall', 'firewall_policy_id']],
      [
        'plain-Terraform plan',
        ['configuration', 'root_module', 'resources', 3, 'expressions', 'firewall_policy_id', 'references'],
      ],
      ['cdktf stack', ['resource', 'azurerm_firewall_policy_rule_collection_group', 'egress', 'firewall_policy_id']],
    ];
    for (const [name, path] of cases) {
      const edited = applyMutations(FIXTURES[name], [
        { path, replacement: path.includes('references') ? [hostile] : hostile },
      ]);
      expect(['read', 'rejected']).toContain(outcome(edited));
    }
  });

  test.each(Object.keys(FIXTURES))(
    'a mutated %s is read or rejected with a ClinicnetError',
    (name) => {
      const doc = FIXTURES[name];
      fc.assert(
        fc.property(mutations(doc), (edits) => ['read', 'rejected'].includes(outcome(applyMutations(doc, edits)))),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test('the fixtures themselves are read (the mutations start from valid documents)', () => {
    for (const doc of Object.values(FIXTURES)) expect(outcome(doc)).toBe('read');
  });
});
