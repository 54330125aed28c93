// SPDX-License-Identifier: Apache-2.0
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from './run-cli';

const BASE = join(__dirname, '..', 'fixtures', 'review', 'base');

describe('clinicnet artefacts', () => {
  test('writes each site of a synthesized estate to DIR/<site>/', async () => {
    const out = mkdtempSync(join(tmpdir(), 'artefacts-cli-'));
    const { code, out: stdout } = await runCli(['artefacts', BASE, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`clinicnet artefacts: wrote 2 sites to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(['.clinicnet-artefacts', 'nsw-gp-blacktown', 'nsw-gp-parramatta']);
    const script = readFileSync(join(out, 'nsw-gp-parramatta', 'connectivity-test.ps1'), 'utf8');
    expect(script).toContain("'LUMOS-EGRESS-DATA' 'lumos-csu-3000-3010' 'csu.cherel.org.au' 3010");
    const doc = readFileSync(join(out, 'nsw-gp-parramatta', 'NETWORK.md'), 'utf8');
    expect(doc).toContain('| `authentigate.cherel.org.au` | TCP 443 \\(https\\) | internet |');
    expect(doc).toContain('leave *Proxy Server Address* empty; the clinic reaches the Lumos hosts by NAT');
    rmSync(out, { recursive: true, force: true });
  });

  test('without --out it is a usage error', async () => {
    const { code, err } = await runCli(['artefacts', BASE]);
    expect(code).toBe(2);
    expect(err).toContain("required option '--out <dir>' not specified");
  });
});

describe('clinicnet artefacts: the output directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'artefacts-out-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The CLI contract for refusals: exit 2, one line on stderr, nothing on stdout. */
  function expectOneLine(run: { code: number; out: string; err: string }, code: string): void {
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toMatch(new RegExp(`^clinicnet: \\[${code}\\] [^\\n]+\\n$`));
  }

  test('a second run replaces the first run’s set', async () => {
    const out = join(root, 'again');
    expect((await runCli(['artefacts', BASE, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'nsw-gp-blacktown', 'stale.txt'), 'stale');
    expect((await runCli(['artefacts', BASE, '--out', out])).code).toBe(0);
    expect(readdirSync(join(out, 'nsw-gp-blacktown'))).not.toContain('stale.txt');
    expect(readdirSync(root)).toEqual(['again']);
  });

  test('a non-empty directory without the marker is refused and left alone', async () => {
    const out = join(root, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    expectOneLine(await runCli(['artefacts', BASE, '--out', out]), 'OUT-DIR-NOT-OURS');
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  test('an --out that is a file, or a name too long, is one line and exit 2', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expectOneLine(await runCli(['artefacts', BASE, '--out', file]), 'OUT-DIR-NOT-DIRECTORY');
    expectOneLine(await runCli(['artefacts', BASE, '--out', join(root, 'n'.repeat(300))]), 'OUT-DIR-WRITE');
    expectOneLine(await runCli(['artefacts', BASE, '--out', join(file, 'below')]), 'OUT-DIR-WRITE');
  });

  test('--max-input-mb caps the input size', async () => {
    const big = join(root, 'big.json');
    writeFileSync(big, JSON.stringify({ resource: {}, padding: 'x'.repeat(1024 * 1024) }));
    expectOneLine(
      await runCli(['artefacts', big, '--out', join(root, 'capped'), '--max-input-mb', '1']),
      'INPUT-TOO-LARGE',
    );
    const usage = await runCli(['artefacts', big, '--out', join(root, 'capped'), '--max-input-mb', '0']);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('expected a whole number of megabytes');
  });
});
