// SPDX-License-Identifier: Apache-2.0
/** Comment parts: `--output-dir`, `--marker`, `--changed-only`. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runReview } from '../../lib/cli/review';
import { commentMarker } from '../../lib/review/markdown';
import { splitReview } from '../../lib/review/split';
import { runCli } from '../cli/run-cli';

const MARKER = commentMarker('billing');

/** A long review-like document: a table of 3,000 rows, a fence and a details block. */
function longDocument(): string {
  const rows = Array.from({ length: 3000 }, (_, i) => `| row ${i} | ${'x'.repeat(30)} |`);
  const fence = [
    '```mermaid',
    'flowchart LR',
    ...Array.from({ length: 4000 }, (_, i) => `  n${i} --> n${i + 1}`),
    '```',
  ];
  const details = [
    '<details><summary>more</summary>',
    '',
    ...Array.from({ length: 1500 }, (_, i) => `- item ${i}`),
    '',
    '</details>',
  ];
  return [
    '**clinicnet review** — verdict',
    '',
    '| A | B |',
    '|---|---|',
    ...rows,
    '',
    ...fence,
    '',
    ...details,
    '',
  ].join('\n');
}

describe('splitReview', () => {
  const whole = longDocument();
  const parts = splitReview(whole, { maxChars: 60_000, marker: MARKER });

  test('parts reassemble to the whole, each under the budget and carrying the marker', () => {
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.map((p) => p.body).join('')).toBe(whole);
    for (const [i, p] of parts.entries()) {
      expect(p.text.length).toBeLessThanOrEqual(60_000);
      expect(p.text).toContain(p.body.trimEnd());
      expect(p.text.split('\n').filter((l) => l === MARKER)).toHaveLength(1);
      expect(p.text).toContain(`<!-- part ${i + 1} of ${parts.length} -->`);
    }
    expect(parts[0].text.startsWith('**clinicnet review** — verdict')).toBe(true);
    expect(parts[1].text.startsWith(`**clinicnet review** — part 2 of ${parts.length}`)).toBe(true);
  });

  test('a part cut inside a table starts with the table header again', () => {
    const second = parts[1].text.split('\n');
    expect(second.slice(2, 4)).toEqual(['| A | B |', '|---|---|']);
    expect(second[4]).toMatch(/^\| row \d+ \|/);
  });

  test('a part cut inside a code fence closes it and the next re-opens it with its info string', () => {
    const fencesIn = (text: string) => text.split('\n').filter((l) => l.startsWith('```')).length;
    // The part whose own lines open the fence without closing it.
    const cut = parts.findIndex((p) => fencesIn(p.body) % 2 === 1);
    expect(cut).toBeGreaterThanOrEqual(0);
    for (const p of parts) expect(fencesIn(p.text) % 2).toBe(0);
    expect(parts[cut + 1].text.split('\n')).toContain('```mermaid');
  });

  test('a part cut inside <details> closes it and the next re-opens it', () => {
    for (const p of parts) {
      const opens = (p.text.match(/<details>/g) ?? []).length;
      expect((p.text.match(/<\/details>/g) ?? []).length).toBe(opens);
    }
  });

  test('a short review is one part, without part numbers', () => {
    const one = splitReview('**clinicnet review** — ok\n', { maxChars: 60_000, marker: MARKER });
    expect(one.map((p) => p.text)).toEqual([`**clinicnet review** — ok\n\n${MARKER}\n`]);
  });
});

describe('clinicnet review comment options', () => {
  const base = path.join('test', 'fixtures', 'review2', 'blocking-deny', 'base.cdk.tf.json');
  const head = path.join('test', 'fixtures', 'review2', 'blocking-deny', 'head.cdk.tf.json');

  test('--marker names the project in the marker; an unsafe name is refused (exit 2, one line)', async () => {
    const md = runReview({ base, head, format: 'markdown', failOn: 'error', marker: 'billing' }).report;
    expect(md.trimEnd().endsWith('<!-- clinicnet-review:billing -->')).toBe(true);
    const bad = await runCli(['review', '--base', base, '--head', head, '--marker', 'x -->']);
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split('\n')).toHaveLength(1);
    expect(bad.err).toContain('[REVIEW-BAD-MARKER]');
  });

  test('--changed-only: nothing when the change touches no network, exit code kept; JSON says networkChanged', async () => {
    const same = await runCli(['review', '--base', head, '--head', head, '--changed-only']);
    expect(same.out).toBe('');
    expect(same.code).toBe(1); // head's own error finding (the blocked flow) still fails, as without the flag
    const json = JSON.parse((await runCli(['review', '--base', base, '--head', base, '--format', 'json'])).out) as {
      networkChanged: boolean;
    };
    expect(json.networkChanged).toBe(false);
    const changed = await runCli(['review', '--base', base, '--head', head, '--changed-only']);
    expect(changed.out).toContain('reachable → **blocked**');
  });

  test('--output-dir writes review-N.md and removes stale parts, leaving other files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'review-parts-'));
    fs.writeFileSync(path.join(dir, 'review-2.md'), 'stale');
    fs.writeFileSync(path.join(dir, 'review-notes.md'), 'keep');
    const run = await runCli(['review', '--base', base, '--head', head, '--output-dir', dir, '--marker', 'billing']);
    expect(run.code).toBe(1);
    expect(fs.readdirSync(dir).sort()).toEqual(['review-1.md', 'review-notes.md']);
    const part = fs.readFileSync(path.join(dir, 'review-1.md'), 'utf8');
    expect(part).toContain('<!-- clinicnet-review:billing -->');
    expect(part).toContain('reachable → **blocked**');
    await runCli(['review', '--base', base, '--head', base, '--output-dir', dir, '--changed-only']);
    expect(fs.readdirSync(dir)).toEqual(['review-notes.md']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
