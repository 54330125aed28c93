// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli, type CliRun } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'cidr-cli-'));

function planFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const run = (...argv: string[]): Promise<CliRun> => runCli(argv);

const clean = {
  ranges: [
    { name: 'clinic-a/vnet', cidr: '10.1.0.0/16', kind: 'vnet', site: 'clinic-a' },
    { name: 'clinic-a/vnet/workload', cidr: '10.1.1.0/24', kind: 'subnet', site: 'clinic-a', parent: 'clinic-a/vnet' },
    { name: 'clinic-b/vnet', cidr: '10.2.0.0/16', kind: 'vnet', site: 'clinic-b' },
  ],
};

const faulty = {
  ranges: [
    { name: 'clinic-a/vnet', cidr: '10.1.0.0/16', kind: 'vnet' },
    { name: 'clinic-a/lan', cidr: '10.1.128.0/24', kind: 'onprem' },
    { name: 'clinic-b/vnet', cidr: '169.254.0.0/20', kind: 'vnet' },
    { name: 'clinic-b/vnet/stray', cidr: '10.9.0.0/24', kind: 'subnet', parent: 'clinic-b/vnet' },
  ],
};

describe('clinicnet cidr check', () => {
  test('a clean plan exits 0 and says so', async () => {
    const result = await run('cidr', 'check', planFile('clean.json', clean));
    expect(result.code).toBe(0);
    expect(result.out).toBe('3 ranges checked: 0 overlaps, 0 reserved-range hits, 0 containment errors\n');
    expect(result.err).toBe('');
  });

  test('JSON output has exactly the documented shape and exits 1 on problems', async () => {
    const result = await run('cidr', 'check', planFile('faulty.json', faulty), '--format', 'json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toEqual({
      overlaps: [
        {
          ranges: [
            { name: 'clinic-a/vnet', cidr: '10.1.0.0/16' },
            { name: 'clinic-a/lan', cidr: '10.1.128.0/24' },
          ],
          rangeCount: 2,
          pairCount: 1,
        },
      ],
      reserved: [{ name: 'clinic-b/vnet', cidr: '169.254.0.0/20', reservedRange: '169.254.0.0/16' }],
      errors: [
        {
          name: 'clinic-b/vnet/stray',
          message: expect.stringMatching(
            /^\[PLAN-SUBNET-OUTSIDE-VNET\] subnet outside its VNet — got "clinic-b\/vnet\/stray" 10\.9\.0\.0\/24/,
          ) as string,
        },
      ],
    });
  });

  test('text output lists each problem on its own line', async () => {
    const result = await run('cidr', 'check', planFile('faulty-text.json', faulty));
    expect(result.code).toBe(1);
    const lines = result.out.trimEnd().split('\n');
    expect(lines[0]).toBe('overlap   clinic-a/vnet 10.1.0.0/16 and clinic-a/lan 10.1.128.0/24');
    expect(lines[1]).toBe('reserved  clinic-b/vnet 169.254.0.0/20 touches Azure-reserved 169.254.0.0/16');
    expect(lines[2]).toMatch(/^error {5}clinic-b\/vnet\/stray: \[PLAN-SUBNET-OUTSIDE-VNET\]/);
    expect(lines[3]).toBe('4 ranges checked: 1 overlap, 1 reserved-range hit, 1 containment error');
  });

  test('3,000 equal ranges are one overlap entry: output stays linear in the plan, not quadratic', async () => {
    const equal = (n: number) => ({
      ranges: Array.from({ length: n }, (_, i) => ({ name: `r${String(i).padStart(4, '0')}`, cidr: '10.0.0.0/24' })),
    });
    const json = await run('cidr', 'check', planFile('equal.json', equal(3000)), '--format', 'json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as { overlaps: { ranges: unknown[]; rangeCount: number; pairCount: number }[] };
    expect(report.overlaps).toHaveLength(1);
    expect(report.overlaps[0]).toMatchObject({ rangeCount: 3000, pairCount: 4_498_500 });
    expect(report.overlaps[0].ranges).toHaveLength(20);
    // Listing every pair took 491 MB; the cluster entry is the same size whatever the count.
    expect(json.out.length).toBeLessThan(3000);
    const text = await run('cidr', 'check', planFile('equal-text.json', equal(3000)));
    expect(text.out).toBe(
      `overlap   3000 ranges, 4498500 overlapping pairs: ${Array.from({ length: 20 }, (_, i) => `r${String(i).padStart(4, '0')} 10.0.0.0/24`).join(', ')} and 2980 more\n` +
        '3000 ranges checked: 1 overlap, 0 reserved-range hits, 0 containment errors\n',
    );
  });

  test('a cluster of three is one line naming its ranges', async () => {
    const plan = {
      ranges: [
        { name: 'a', cidr: '10.0.0.0/8' },
        { name: 'b', cidr: '10.1.0.0/16' },
        { name: 'c', cidr: '10.1.2.0/24' },
      ],
    };
    const result = await run('cidr', 'check', planFile('three.json', plan));
    expect(result.out.split('\n')[0]).toBe(
      'overlap   3 ranges, 3 overlapping pairs: a 10.0.0.0/8, b 10.1.0.0/16, c 10.1.2.0/24',
    );
  });

  test('reads YAML plans', async () => {
    const yaml =
      'ranges:\n  - name: a\n    cidr: 10.0.0.0/8\n  - name: b\n    cidr: 10.0.0.0/24\n  - name: c\n    cidr: 2001:db8::/32\n';
    const result = await run('cidr', 'check', planFile('plan.yaml', yaml), '--format', 'json');
    expect(result.code).toBe(1);
    expect((JSON.parse(result.out) as { overlaps: unknown }).overlaps).toEqual([
      {
        ranges: [
          { name: 'a', cidr: '10.0.0.0/8' },
          { name: 'b', cidr: '10.0.0.0/24' },
        ],
        rangeCount: 2,
        pairCount: 1,
      },
    ]);
  });

  test('a bad CIDR exits 2 naming the entry and the intended network', async () => {
    const file = planFile('bad-cidr.json', {
      ranges: [clean.ranges[0], { name: 'clinic-c/lan', cidr: '10.3.2.0/16' }],
    });
    const result = await run('cidr', 'check', file);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toBe(
      `clinicnet: [CIDR-HOST-BITS] ranges[1] "clinic-c/lan" in ${file}: host bits set — got "10.3.2.0/16", expected the network address; fix: did you mean "10.3.0.0/16"?\n`,
    );
  });

  test('an unknown field exits 2 naming the entry and the field', async () => {
    const file = planFile('extra.json', { ranges: [{ name: 'x', cidr: '10.0.0.0/8', owner: 'me' }] });
    const result = await run('cidr', 'check', file);
    expect(result.code).toBe(2);
    expect(result.err).toContain('[PLAN-FILE-INVALID]');
    expect(result.err).toContain('ranges[0] "x"');
    expect(result.err).toContain('must NOT have additional properties ("owner")');
  });

  test('a kind outside the list exits 2 listing the allowed kinds', async () => {
    const file = planFile('kind.json', { ranges: [{ name: 'x', cidr: '10.0.0.0/8', kind: 'lan' }] });
    const result = await run('cidr', 'check', file);
    expect(result.code).toBe(2);
    expect(result.err).toContain('ranges[0] "x" field kind');
    expect(result.err).toContain('(vnet, subnet, onprem, vpn-client-pool, other)');
  });

  test('a missing file exits 2 with a one-line message naming it', async () => {
    const result = await run('cidr', 'check', join(dir, 'nope.json'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^clinicnet: \[DATA-FILE-MISSING\] file not found — got ".*nope\.json"/);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a JSON syntax error exits 2 with line and column', async () => {
    const file = planFile('syntax.json', '{\n  "ranges": [\n    {"name": "a" "cidr": "10.0.0.0/8"}\n  ]\n}\n');
    const result = await run('cidr', 'check', file);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`[DATA-FILE-SYNTAX] syntax error at ${file}:3:18`);
  });

  test('an unknown format is a usage error', async () => {
    const result = await run('cidr', 'check', planFile('fmt.json', clean), '--format', 'xml');
    expect(result.code).toBe(2);
    expect(result.err).toContain('Allowed choices are text, json');
  });
});

describe('clinicnet cidr allocate', () => {
  test('prints the lowest free prefix', async () => {
    const file = planFile('alloc.json', {
      ranges: [
        { name: 'a', cidr: '10.64.0.0/24', kind: 'vnet' },
        { name: 'b', cidr: '10.64.1.0/25', kind: 'vnet' },
        { name: 'c', cidr: '10.64.3.0/24', kind: 'vnet' },
      ],
    });
    const result = await run('cidr', 'allocate', file, '--supernet', '10.64.0.0/12', '--prefix', '24');
    expect(result).toEqual({ code: 0, out: '10.64.2.0/24\n', err: '' });
  });

  test('a full supernet exits 1 with the reason', async () => {
    const file = planFile('full.json', { ranges: [{ name: 'a', cidr: '10.64.0.0/23', kind: 'vnet' }] });
    const result = await run('cidr', 'allocate', file, '--supernet', '10.64.0.0/23', '--prefix', '24');
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain('[PLAN-SUPERNET-FULL] supernet full — got a request for a /24 in 10.64.0.0/23');
  });

  test('a prefix shorter than the supernet exits 2', async () => {
    const file = planFile('short.json', clean);
    const result = await run('cidr', 'allocate', file, '--supernet', '10.64.0.0/12', '--prefix', '8');
    expect(result.code).toBe(2);
    expect(result.err).toContain('[PLAN-ALLOCATE-PREFIX]');
  });

  test('a supernet with host bits exits 2 suggesting the network', async () => {
    const file = planFile('host.json', clean);
    const result = await run('cidr', 'allocate', file, '--supernet', '10.64.1.0/12', '--prefix', '24');
    expect(result.code).toBe(2);
    expect(result.err).toContain('did you mean "10.64.0.0/12"?');
  });

  test('a missing --prefix is a usage error', async () => {
    const result = await run('cidr', 'allocate', planFile('noprefix.json', clean), '--supernet', '10.64.0.0/12');
    expect(result.code).toBe(2);
    expect(result.err).toContain("required option '--prefix <length>' not specified");
  });
});

describe('clinicnet cidr check text output escapes names from the plan', () => {
  test('a name with a line break and a workflow command forms no CI command and no extra line', async () => {
    const hostile = {
      ranges: [
        { name: 'a\n::error file=x::forged\n##vso[task.complete result=Succeeded]', cidr: '10.1.0.0/16', kind: 'vnet' },
        { name: '\u001b[2Jb\u202e', cidr: '10.1.0.0/16', kind: 'vnet' },
      ],
    };
    const result = await run('cidr', 'check', planFile('hostile.json', hostile));
    expect(result.code).toBe(1);
    const lines = result.out.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('a\\n');
    for (const line of lines) expect(line.trimStart()).not.toMatch(/^(::|##)/);
    expect(result.out).not.toContain('##vso[');
    expect(result.out).not.toContain('\u001b');
    expect(result.out).not.toContain('\u202e');
  });
});
