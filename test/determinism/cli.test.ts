// SPDX-License-Identifier: Apache-2.0
/**
 * Every `clinicnet check` format is byte-identical across runs and does not depend on the
 * order of object keys in the input: each fixture is checked as it is and with the keys of
 * every object shuffled (recursively, seeded), and the reports must match byte for byte.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import fc from 'fast-check';
import { seededRandom } from '../../bench/harness';
import { runCli } from '../cli/run-cli';
import { REPORT_FORMATS } from '../../lib/report/render';
import { anyNumber } from '../matchers';

const fixtures = join(__dirname, '..', 'fixtures');

async function check(input: string, format: string): Promise<string> {
  const { code, out, err } = await runCli(['check', input, '--format', format]);
  expect({ code, err }).toEqual({ code: anyNumber(), err: '' });
  return `exit ${code}\n${out}`;
}

/** `value` with the keys of every object in a seeded random order (arrays keep theirs: order is data there). */
function shuffleKeys(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, random));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, shuffleKeys(v, random)]));
}

/** JSON files under `dir`, recursively. */
function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
  });
}

/**
 * Inputs copied to one temporary place, so a report's file names are the same on every run;
 * `shuffle` rewrites them there with shuffled keys.
 */
function workspace(source: string): { input: string; shuffle: (seed: number) => void; restore: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'determinism-'));
  const isDir = statSync(source).isDirectory();
  const input = join(dir, isDir ? 'cdktf.out' : 'input.json');
  const restore = () => cpSync(source, input, { recursive: true });
  restore();
  const shuffle = (seed: number) => {
    const random = seededRandom(seed);
    for (const file of isDir ? jsonFiles(input) : [input]) {
      writeFileSync(file, JSON.stringify(shuffleKeys(JSON.parse(readFileSync(file, 'utf8')), random), null, 2));
    }
  };
  return { input, shuffle, restore };
}

/** Inputs, and whether their report has findings (so the order of findings is exercised too). */
const INPUTS: [string, string, boolean][] = [
  ['a cdk.tf.json with unreadable values', join(fixtures, 'tf', 'partly-unreadable.cdk.tf.json'), true],
  ['a compliant plan', join(fixtures, 'reports', 'lumos-clinic.plan.json'), false],
  ['a two-site plan', join(fixtures, 'plans', 'two-sites.json'), true],
  ['a plan with violations', join(fixtures, 'plans', 'hl7-mllp-clear.json'), true],
  ['a cdktf.out directory of two stacks', join(fixtures, 'review', 'head'), true],
];

describe('shuffleKeys', () => {
  test('keeps the value and changes the key order', () => {
    const value = { a: 1, b: { c: [{ d: 1, e: 2, f: 3 }], g: 2 }, h: 3, i: 4, j: 5 };
    const shuffled = shuffleKeys(value, seededRandom(3));
    expect(shuffled).toEqual(value);
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(value));
  });
});

describe.each(INPUTS)('clinicnet check on %s', (_name, source, hasFindings) => {
  const space = workspace(source);

  test(hasFindings ? 'reports findings' : 'reports none', async () => {
    space.restore();
    const report = JSON.parse((await check(space.input, 'json')).replace(/^exit \d+\n/, '')) as { findings: unknown[] };
    expect(report.findings.length > 0).toBe(hasFindings);
  });

  test.each(REPORT_FORMATS.map((f) => [f]))(
    '%s is byte-identical across runs and key orders',
    async (format) => {
      space.restore();
      const reference = await check(space.input, format);
      expect(await check(space.input, format)).toBe(reference);
      await fc.assert(
        fc.asyncProperty(fc.integer(), async (seed) => {
          space.shuffle(seed);
          expect(await check(space.input, format)).toBe(reference);
        }),
        { numRuns: 5 },
      );
    },
    60_000,
  );
});
