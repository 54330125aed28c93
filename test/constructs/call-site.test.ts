// SPDX-License-Identifier: Apache-2.0
/**
 * The constructs record where the user's code created them (the `.ts` line, repository-relative)
 * in the synthesized JSON, and `check` places SARIF and GitLab findings on that line.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdktf';
import { callSite, originalPosition } from '../../lib/constructs/call-site';
import { NatEgress } from '../../lib/constructs';
import { synthesizeInto } from '../../lib/constructs/staging';
import { runGate } from '../../lib/constructs/policy-gate';
import { runCheck } from '../../lib/cli/check';
import { locationOf } from '../../lib/terraform';
import { buildExampleEstate } from '../../stacks/estate';
import { ClinicSite } from '../../lib/constructs';
import { clinicProps, testEstate } from './util';
import { readBack } from './read-back';

const THIS_FILE = 'test/constructs/call-site.test.ts';

/** 1-based line of the only line of `file` (repository-relative) holding `text` (ending with `// marker`). */
function lineOf(file: string, text: string, { comment = false } = {}): number {
  const lines = fs.readFileSync(path.resolve(file), 'utf8').split('\n');
  const found = lines.flatMap((line, i) =>
    (comment ? line.endsWith(`// ${text}`) : line.includes(text)) ? [i + 1] : [],
  );
  if (found.length !== 1) throw new Error(`${text} is on ${found.length} lines of ${file}`);
  return found[0];
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'clinicnet-call-site-'));
}

type Stack = Record<string, unknown> & {
  '//': { clinicnet?: { source?: unknown } };
  resource: Record<string, Record<string, { '//': { clinicnet?: { source?: unknown } } }>>;
};

/** The app's stacks as synthesized (metadata kept), by stack name, with their text. */
function synthesized(app: App): Map<string, { json: Stack; text: string }> {
  const dir = path.join(tempDir(), 'out');
  synthesizeInto(app, dir);
  const stacks = new Map<string, { json: Stack; text: string }>();
  for (const name of fs.readdirSync(path.join(dir, 'stacks'))) {
    const text = fs.readFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), 'utf8');
    stacks.set(name, { json: JSON.parse(text) as Stack, text });
  }
  return stacks;
}

describe('the call site of a construct', () => {
  test('is the caller outside lib/constructs, relative to the project root, on the calling line', () => {
    const here = callSite(); // MARKER-direct
    expect(here).toEqual({ file: THIS_FILE, line: lineOf(THIS_FILE, 'MARKER-direct', { comment: true }) });
  });

  test('is found below many library frames (a deeply nested construct)', () => {
    // 40 frames of a package between the user's line and the capture: beyond the first look.
    const dir = path.join(tempDir(), 'node_modules');
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, 'deep.js'),
      'function deep(n, f) { const r = n === 0 ? f() : deep(n - 1, f); return r; }\nmodule.exports = deep;\n',
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a package written by the test
    const deep = require(path.join(dir, 'deep.js')) as (n: number, f: () => unknown) => unknown;
    const here = deep(40, callSite); // MARKER-deep
    expect(here).toEqual({ file: THIS_FILE, line: lineOf(THIS_FILE, 'MARKER-deep', { comment: true }) });
  });

  test('is unknown when the caller is outside the project root (an absolute path is never recorded)', () => {
    expect(callSite(tempDir())).toBeUndefined();
  });

  test('the stack and every resource carry theirs; a construct added later carries its own line', () => {
    const { app, estate } = testEstate();
    const site = new ClinicSite(estate, 'clinic', clinicProps(1)); // MARKER-site
    new NatEgress(site, 'internet', { idleTimeoutMinutes: 10 }); // MARKER-nat
    const { json, text } = synthesized(app).get('clinic')!;
    const siteLine = { file: THIS_FILE, line: lineOf(THIS_FILE, 'MARKER-site', { comment: true }) };
    const natLine = { file: THIS_FILE, line: lineOf(THIS_FILE, 'MARKER-nat', { comment: true }) };
    expect(json['//'].clinicnet).toEqual({ source: siteLine });
    const sources = Object.entries(json.resource).flatMap(([type, byName]) =>
      Object.values(byName).map((body) => ({ type, source: body['//'].clinicnet?.source })),
    );
    expect(sources.length).toBeGreaterThan(5);
    expect(sources.filter((s) => s.source === undefined)).toEqual([]);
    expect(sources.filter((s) => s.type === 'azurerm_nat_gateway').map((s) => s.source)).toEqual([natLine]);
    expect(sources.filter((s) => s.type === 'azurerm_firewall').map((s) => s.source)).toEqual([siteLine]);
    // Byte-stable across machines: nothing of the machine's directory layout is written.
    expect(text).not.toContain(process.cwd());
    expect(text).not.toContain('lib/constructs');
  });

  test('the reader carries each resource’s location back, and the site’s for what no resource names', () => {
    const { estate } = testEstate();
    const site = new ClinicSite(estate, 'clinic', clinicProps(1)); // MARKER-read
    const read = readBack(site);
    const expected = { file: THIS_FILE, line: lineOf(THIS_FILE, 'MARKER-read', { comment: true }) };
    const firewall = read.model.sites[0].firewall!;
    expect(locationOf(read.locations!, { site: 'clinic', path: firewall.path })).toEqual(expected);
    expect(locationOf(read.locations!, { site: 'clinic', path: 'no/such/path' })).toEqual(expected);
    expect(locationOf(read.locations!, { site: 'other', path: firewall.path })).toBeUndefined();
  });
});

describe('source maps', () => {
  /** A compiled file `dist/app.js` whose map says its first line comes from line 7 of `src/app.ts`. */
  function compiled(inline: boolean): string {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'dist'));
    const map = JSON.stringify({ version: 3, file: 'app.js', sources: ['../src/app.ts'], names: [], mappings: 'AAMA' });
    const url = inline ? `data:application/json;base64,${Buffer.from(map).toString('base64')}` : 'app.js.map';
    if (!inline) fs.writeFileSync(path.join(root, 'dist', 'app.js.map'), map);
    fs.writeFileSync(path.join(root, 'dist', 'app.js'), `module.exports = (f) => f();\n//# sourceMappingURL=${url}\n`);
    return root;
  }

  test.each([
    ['beside the file', false],
    ['inline', true],
  ])('a compiled frame maps to its TypeScript line through a map %s', (_how, inline) => {
    const root = compiled(inline);
    expect(originalPosition({ file: path.join(root, 'dist', 'app.js'), line: 1, column: 25 })).toEqual({
      file: path.join(root, 'src', 'app.ts'),
      line: 7,
    });
  });

  test('a compiled frame without a usable map keeps its own position', () => {
    const root = tempDir();
    const plain = path.join(root, 'plain.js');
    fs.writeFileSync(plain, 'module.exports = 1;\n');
    expect(originalPosition({ file: plain, line: 1, column: 3 })).toEqual({ file: plain, line: 1, column: 3 });
    const broken = path.join(root, 'broken.js');
    fs.writeFileSync(broken, 'x;\n//# sourceMappingURL=missing.js.map\n');
    expect(originalPosition({ file: broken, line: 1, column: 1 })).toEqual({ file: broken, line: 1, column: 1 });
  });
});

describe('check places findings of the example estate on its .ts lines', () => {
  const app = Testing.app();
  buildExampleEstate(app);
  runGate(app, { print: () => undefined });
  const texasLine = lineOf('stacks/estate.ts', "new ClinicSite(estate, 'tx-paediatrics-austin'");

  test('SARIF: artifact stacks/estate.ts, region.startLine the line that created the site', () => {
    const { report } = runCheck(app.outdir, { format: 'sarif', failOn: 'never' });
    const results = (JSON.parse(report) as { runs: { results: Record<string, never>[] }[] }).runs[0].results;
    const hl7 = results.find((r) => r.ruleId === 'HL7-AGENT-SPOF');
    expect(hl7).toMatchObject({
      locations: [
        { physicalLocation: { artifactLocation: { uri: 'stacks/estate.ts' }, region: { startLine: texasLine } } },
      ],
    });
  });

  test('GitLab: the same file and line', () => {
    const { report } = runCheck(app.outdir, { format: 'gitlab', failOn: 'never' });
    const issues = JSON.parse(report) as { check_name: string; location: unknown }[];
    expect(issues.find((i) => i.check_name === 'HL7-AGENT-SPOF')?.location).toEqual({
      path: 'stacks/estate.ts',
      lines: { begin: texasLine },
    });
  });
});
