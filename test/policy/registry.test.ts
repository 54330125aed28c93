// SPDX-License-Identifier: Apache-2.0
/** Slugs are written once, in each rule's file: the registry, the schema and the tests follow from them. */
import { existsSync, readdirSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { builtinPacks } from '../../lib/policy/pack';
import { packSchema } from '../../lib/policy/pack-schema';
import { RULES, ruleBySlug } from '../../lib/policy/registry';

const RULE_DIR = join(__dirname, '..', '..', 'lib', 'policy', 'rules');
const files = readdirSync(RULE_DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

describe('rule registry', () => {
  test('holds one rule per file of lib/policy/rules, each named by its slug, sorted', () => {
    expect(RULES.map((r) => r.slug)).toEqual(files);
    for (const slug of files) expect(ruleBySlug(slug)?.slug).toBe(slug);
  });

  test('every rule has its own test file', () => {
    const missing = files.filter((slug) => !existsSync(join(__dirname, 'rules', `${slug}.test.ts`)));
    expect(missing).toEqual([]);
  });

  test("every rule's params schema compiles, and every built-in entry's params satisfy it", () => {
    const ajv = new Ajv({ strict: false });
    for (const rule of RULES) expect(() => ajv.compile(rule.params)).not.toThrow();
    for (const pack of builtinPacks())
      for (const entry of pack.requirements) {
        const rule = entry.rule === undefined ? undefined : ruleBySlug(entry.rule);
        if (rule !== undefined)
          expect([entry.requirement, ajv.validate(rule.params, entry.params)]).toEqual([entry.requirement, true]);
      }
  });

  test('the pack schema lists each slug once and checks its params by that rule', () => {
    const schema = packSchema(RULES) as {
      definitions: Record<string, unknown> & { entry: { allOf: unknown[]; properties: { rule: { enum: string[] } } } };
    };
    expect(schema.definitions.entry.properties.rule.enum).toEqual(files);
    expect(schema.definitions.entry.allOf).toHaveLength(files.length);
    for (const rule of RULES) expect(schema.definitions[`params-${rule.slug}`]).toBe(rule.params);
  });
});
