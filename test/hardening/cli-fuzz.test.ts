// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet check` on hostile files: exit 0 or 1 with a report, or exit 2 with one line
 * on stderr, never an exception or a stack trace; and a compliant document whose
 * security-relevant values are made unreadable never comes out clean.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { runCli, type CliRun } from '../cli/run-cli';
import type { JsonReport } from '../../lib/report/json';
import { REPORT_FORMATS } from '../../lib/report/render';
import { applyMutations, fixture, hostileValue, type JsonPath, mutations, nested, pathsOf } from './mutate';

const dir = mkdtempSync(join(tmpdir(), 'cli-fuzz-'));
/** Property tests run a hundred checks or more: room for a busy machine, no timing asserted. */
const FUZZ_TIMEOUT_MS = 60_000;
let counter = 0;

/** Runs `clinicnet check` on `content` written to a fresh file. */
async function check(content: string, ...options: string[]): Promise<CliRun> {
  const file = join(dir, `input-${counter++}.json`);
  writeFileSync(file, content);
  return runCli(['check', file, ...options]);
}

/** The CLI contract for any input: a report and no stderr, or exit 2 and one clean line. */
function expectContract(result: { code: number; out: string; err: string }): void {
  expect([0, 1, 2]).toContain(result.code);
  if (result.code === 2) {
    expect(result.out).toBe('');
    expect(result.err).toMatch(/^clinicnet: \[[A-Z0-9-]+\] [^\n]+\n$/);
  } else {
    expect(result.err).toBe('');
    expect(result.out.length).toBeGreaterThan(0);
  }
}

const STACK = fixture('reports', 'lumos-clinic.cdk.tf.json');
const PLAN = fixture('reports', 'lumos-clinic.plan.json');

describe('clinicnet check: hostile files', () => {
  test(
    'arbitrary bytes and arbitrary JSON, in every format',
    async () => {
      const content = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
      );
      await fc.assert(
        fc.asyncProperty(content, fc.constantFrom(...REPORT_FORMATS), async (text, format) =>
          expectContract(await check(text, '--format', format)),
        ),
        { numRuns: 100 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test.each([
    ['stack', STACK],
    ['plan', PLAN],
  ])(
    'a mutated %s, in every format',
    async (_name, doc) => {
      await fc.assert(
        fc.asyncProperty(mutations(doc), fc.constantFrom(...REPORT_FORMATS), async (edits, format) =>
          expectContract(await check(JSON.stringify(applyMutations(doc, edits)), '--format', format)),
        ),
        { numRuns: 60 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test('truncated JSON names the file, line and column on one line', async () => {
    const text = JSON.stringify(STACK, null, 2);
    const result = await check(text.slice(0, Math.floor(text.length / 2)));
    expectContract(result);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/\[TF-INPUT-JSON\] invalid JSON in .*input-\d+\.json:\d+:\d+/);
  });

  test('nesting 100,000 levels deep is rejected or read, never a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expectContract(await check(deep));
    expectContract(
      await check(JSON.stringify({ ...(STACK as object), output: { clinicnet_site: { value: nested('x', 2_000) } } })),
    );
  });
});

/**
 * Attributes whose value decides what this Lumos clinic may reach or expose, or which checks
 * apply to it. (A NAT idle timeout, say, matters only to packs this site does not have: an
 * unknown there is recorded in the model but rightly produces no finding.)
 */
const SECURITY_KEYS = new Set([
  'source_addresses',
  'destination_fqdns',
  'destination_addresses',
  'destination_ports',
  'protocols',
  'port',
  'type',
  'action',
  'address_space',
  'address_prefixes',
  'tags',
  'clinicnet-packs',
  'value',
  'packs',
]);

const securityRelevant = (path: JsonPath): boolean =>
  (path[0] === 'resource' || path[0] === 'output') &&
  path.some((segment) => typeof segment === 'string' && SECURITY_KEYS.has(segment));

/** Values the reader cannot read: references to nothing, and the wrong shape for any attribute. */
const unreadable = fc.constantFrom<unknown>(
  '${azurerm_nothing.missing.id}',
  '${var.unset}',
  { nested: { object: true } },
  [[1]],
  nested('x', 30),
);

describe('clinicnet check: unreadable security values never pass clean', () => {
  test('the compliant stack passes clean (so any finding below comes from the mutation)', async () => {
    const result = await check(JSON.stringify(STACK), '--format', 'json', '--fail-on', 'warning');
    expect(result.code).toBe(0);
    expect((JSON.parse(result.out) as JsonReport).findings).toEqual([]);
  });

  test(
    'an unreadable source, destination, port, protocol, action, address, tag or declaration is reported',
    async () => {
      const paths = pathsOf(STACK).filter(securityRelevant);
      expect(paths.length).toBeGreaterThan(20);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), unreadable, async (path, value) => {
          const result = await check(
            JSON.stringify(applyMutations(STACK, [{ path, replacement: value }])),
            '--format',
            'json',
            '--fail-on',
            'warning',
          );
          expectContract(result);
          // Exit 2 (rejected) or 1 (a finding at warning or above): never 0.
          expect(result.code).not.toBe(0);
          if (result.code === 1) expect((JSON.parse(result.out) as JsonReport).findings.length).toBeGreaterThan(0);
        }),
        { numRuns: 150 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    'hostile values anywhere in the stack never crash the check',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...pathsOf(STACK)), hostileValue, async (path, value) =>
          expectContract(
            await check(JSON.stringify(applyMutations(STACK, [{ path, replacement: value }])), '--format', 'sarif'),
          ),
        ),
        { numRuns: 100 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
