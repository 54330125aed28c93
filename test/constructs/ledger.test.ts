// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { App, Testing } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import { ClinicSite } from '../../lib/constructs/clinic-site';
import { isCi } from '../../lib/constructs/ledger';
import { synthOrReport } from '../../lib/constructs/synth';
import { Cidr } from '../../lib/net/cidr';
import { TODAY } from '../policy/util';

const SUPERNET = Cidr.parse('10.64.0.0/12');

/** A scratch project directory: the ledger at its root, cdktf.out beside it. */
function project(): { dir: string; ledger: string; outdir: string } {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'ledger-'));
  return { dir, ledger: path.join(dir, 'clinicnet-addresses.json'), outdir: path.join(dir, 'cdktf.out') };
}

/** A clinic laid out inside an allocated /16: firewall /26, gateway /27, one workload /24. */
function clinicIn(estate: ClinicEstate, name: string, space: Cidr, packs: 'lumos'[] = []): ClinicSite {
  const at = (offset: number, length: number) => Cidr.fromNumber(space.first + BigInt(offset), length, 4);
  return new ClinicSite(estate, name, {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [space],
    firewallSubnet: at(0, 26),
    gatewaySubnet: at(64, 27),
    workloadSubnets: [{ name: 'clinical', prefix: at(256, 24) }],
    packs,
  });
}

interface Synth {
  readonly code: number;
  readonly stderr: string;
  /** Each clinic's allocated prefix. */
  readonly prefixes: Record<string, string>;
  readonly stacks: string[];
}

/** Synthesizes, through synthOrReport and its gate, an estate of `clinics`, each allocated by key. */
function synthEstate(
  where: ReturnType<typeof project>,
  clinics: readonly string[],
  options: { ci?: string; build?: (estate: ClinicEstate) => void; packs?: 'lumos'[] } = {},
): Synth {
  const app = new App({ outdir: where.outdir });
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk) => (text += String(chunk)));
  const prefixes: Record<string, string> = {};
  const code = withCi(options.ci, () =>
    synthOrReport(
      app,
      () => {
        const estate = new ClinicEstate(app, 'estate', { name: 'acme', ledger: where.ledger });
        for (const name of clinics) {
          const space = estate.allocate(SUPERNET, 16, { key: `${name}/vnet` });
          prefixes[name] = space.toString();
          clinicIn(estate, name, space, options.packs);
        }
        options.build?.(estate);
      },
      { stderr, print: () => undefined, today: TODAY },
    ),
  );
  const stacksDir = path.join(where.outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).sort() : [];
  return { code, stderr: text, prefixes, stacks };
}

/** Runs `run` with CI set to `value` (unset when undefined), whatever the environment running the tests says. */
function withCi<T>(value: string | undefined, run: () => T): T {
  const saved = process.env.CI;
  if (value === undefined) delete process.env.CI;
  else process.env.CI = value;
  try {
    return run();
  } finally {
    if (saved === undefined) delete process.env.CI;
    else process.env.CI = saved;
  }
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const ledgerJson = (file: string) =>
  JSON.parse(read(file)) as { allocations: Record<string, { prefix: string; released?: boolean }> };

describe('the allocation ledger: stable prefixes', () => {
  test('adding and removing clinics never renumbers another; a released prefix is not reused until its entry is deleted', () => {
    const where = project();
    const first = synthEstate(where, ['geelong', 'parramatta', 'bendigo']);
    expect(first.code).toBe(0);
    expect(first.prefixes).toEqual({ geelong: '10.64.0.0/16', parramatta: '10.65.0.0/16', bendigo: '10.66.0.0/16' });

    // geelong goes; a clinic whose name sorts first arrives, and is created first.
    const second = synthEstate(where, ['albury', 'parramatta', 'bendigo']);
    expect(second.code).toBe(0);
    expect(second.prefixes).toEqual({ albury: '10.67.0.0/16', parramatta: '10.65.0.0/16', bendigo: '10.66.0.0/16' });
    expect(ledgerJson(where.ledger).allocations['geelong/vnet']).toEqual({
      supernet: '10.64.0.0/12',
      prefix: '10.64.0.0/16',
      released: true,
    });
    // geelong returns: it gets its old block back, and the entry is no longer released.
    const third = synthEstate(where, ['geelong', 'bendigo']);
    expect(third.prefixes).toEqual({ geelong: '10.64.0.0/16', bendigo: '10.66.0.0/16' });
    const allocations = ledgerJson(where.ledger).allocations;
    expect(allocations['geelong/vnet'].released).toBeUndefined();
    expect(allocations['parramatta/vnet'].released).toBe(true);

    // The user deletes the released entries: only now are their prefixes free again.
    const edited = JSON.parse(read(where.ledger)) as { allocations: Record<string, unknown> };
    delete edited.allocations['parramatta/vnet'];
    delete edited.allocations['albury/vnet'];
    fs.writeFileSync(where.ledger, JSON.stringify(edited));
    expect(synthEstate(where, ['geelong', 'bendigo', 'mildura']).prefixes.mildura).toBe('10.65.0.0/16');
  });

  test('the ledger bytes: sorted, whatever the call order, and the same on a second synth', () => {
    const where = project();
    synthEstate(where, ['zeehan', 'ararat']);
    const bytes = read(where.ledger);
    expect(bytes).toBe(
      [
        '{',
        '  "//": "clinicnet allocation ledger: written by a published synth, commit it. Delete a released entry to free its prefix.",',
        '  "version": 1,',
        '  "estate": "acme",',
        '  "allocations": {',
        '    "ararat/vnet": {',
        '      "supernet": "10.64.0.0/12",',
        '      "prefix": "10.65.0.0/16"',
        '    },',
        '    "zeehan/vnet": {',
        '      "supernet": "10.64.0.0/12",',
        '      "prefix": "10.64.0.0/16"',
        '    }',
        '  },',
        '  "firewallOrder": {}',
        '}',
        '',
      ].join('\n'),
    );
    const before = fs.statSync(where.ledger).mtimeMs;
    synthEstate(where, ['ararat', 'zeehan']);
    expect(read(where.ledger)).toBe(bytes);
    // Nothing changed, so nothing was written.
    expect(fs.statSync(where.ledger).mtimeMs).toBe(before);
  });

  test('allocate refuses a bad key, a key used twice, and a request that differs from the recorded one', () => {
    const where = project();
    synthEstate(where, ['geelong']);
    const estate = new ClinicEstate(Testing.app(), 'estate', { name: 'acme', ledger: where.ledger });
    expect(() => estate.allocate(SUPERNET, 16, { key: 'Geelong VNet' })).toThrow(/^\[ESTATE-ALLOCATION-KEY-INVALID\]/);
    expect(() => estate.allocate(SUPERNET, 20, { key: 'geelong/vnet' })).toThrow(
      /^\[ESTATE-ALLOCATION-CHANGED\] allocation changed — got a request for a \/20 in 10\.64\.0\.0\/12 under key "geelong\/vnet", expected the ledger's 10\.64\.0\.0\/16/,
    );
    expect(estate.allocate(SUPERNET, 16, { key: 'geelong/vnet' }).toString()).toBe('10.64.0.0/16');
    expect(() => estate.allocate(SUPERNET, 16, { key: 'geelong/vnet' })).toThrow(/^\[ESTATE-ALLOCATION-KEY-TAKEN\]/);
    // A keyless allocation (the old call) still works, and never takes a ledger prefix.
    const fresh = new ClinicEstate(Testing.app(), 'estate', { name: 'acme', ledger: where.ledger });
    expect(fresh.allocate(SUPERNET, 16).toString()).toBe('10.65.0.0/16');
  });
});

describe('the allocation ledger: written only when a synth is published', () => {
  test('a failing gate writes no ledger, and leaves an existing one as it was', () => {
    const where = project();
    const failed = synthEstate(where, ['geelong'], { packs: ['lumos'] });
    expect(failed.code).toBe(1);
    expect(fs.existsSync(where.ledger)).toBe(false);
    synthEstate(where, ['geelong']);
    const bytes = read(where.ledger);
    expect(synthEstate(where, ['geelong', 'bendigo'], { packs: ['lumos'] }).code).toBe(1);
    expect(read(where.ledger)).toBe(bytes);
    expect(fs.readdirSync(where.dir).sort()).toEqual(['cdktf.out', 'clinicnet-addresses.json']);
  });

  test('CI=true: a synth that would change the ledger fails with one line and publishes nothing', () => {
    const where = project();
    const refused = synthEstate(where, ['geelong'], { ci: 'true' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `[LEDGER-STALE] allocation ledger out of date — got CI=true and a synth that would change ${where.ledger} (the file does not exist yet), expected the committed ledger to match; fix: synthesize locally (without CI set) and commit ${where.ledger}\n`,
    );
    expect(refused.stacks).toEqual([]);
    expect(fs.existsSync(where.ledger)).toBe(false);

    expect(synthEstate(where, ['geelong']).code).toBe(0);
    const bytes = read(where.ledger);
    const added = synthEstate(where, ['geelong', 'bendigo'], { ci: 'true' });
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/^\[LEDGER-STALE\] .* \(new allocation bendigo\/vnet\), /);
    expect(added.stderr.split('\n')).toHaveLength(2);
    expect(added.stacks).toEqual(['geelong']);
    expect(read(where.ledger)).toBe(bytes);
  });

  test('CI=true: an unchanged ledger passes, even reformatted (only its content counts)', () => {
    const where = project();
    synthEstate(where, ['geelong', 'bendigo']);
    fs.writeFileSync(where.ledger, JSON.stringify(JSON.parse(read(where.ledger))));
    const minified = read(where.ledger);
    const run = synthEstate(where, ['bendigo', 'geelong'], { ci: 'true' });
    expect(run.code).toBe(0);
    expect(run.stacks).toEqual(['bendigo', 'geelong']);
    expect(read(where.ledger)).toBe(minified);
  });

  test('CI is on for any value but empty, 0 and false', () => {
    expect(['true', '1', 'TRUE', 'yes'].map((v) => isCi({ CI: v }))).toEqual([true, true, true, true]);
    expect(['', '0', 'false', 'False', undefined].map((v) => isCi({ CI: v }))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  test('an estate without a ledger file and without keyed allocations reads and writes none', () => {
    const where = project();
    const app = new App({ outdir: where.outdir });
    const code = withCi('true', () =>
      synthOrReport(
        app,
        () => {
          const estate = new ClinicEstate(app, 'estate', { name: 'acme' });
          clinicIn(estate, 'geelong', estate.allocate(SUPERNET, 16));
        },
        { print: () => undefined, today: TODAY },
      ),
    );
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(process.cwd(), 'clinicnet-addresses.json'))).toBe(false);
  });
});

describe('the allocation ledger is input: a malformed one is refused with one line', () => {
  const valid = {
    version: 1,
    estate: 'acme',
    allocations: { 'geelong/vnet': { supernet: '10.64.0.0/12', prefix: '10.64.0.0/16' } },
    firewallOrder: {},
  };
  const cases: [string, unknown, RegExp][] = [
    ['not JSON', '{"version": 1,', /^\[INPUT-JSON-SYNTAX\] /],
    ['another estate', { ...valid, estate: 'other' }, /got estate "other" \(this estate is "acme"\)/],
    ['another version', { ...valid, version: 2 }, /got version 2,/],
    [
      'a prefix outside its supernet',
      { ...valid, allocations: { 'geelong/vnet': { supernet: '10.64.0.0/12', prefix: '10.80.0.0/16' } } },
      /got allocation "geelong\/vnet" prefix 10\.80\.0\.0\/16 outside its supernet 10\.64\.0\.0\/12,/,
    ],
    [
      'two overlapping entries',
      {
        ...valid,
        allocations: {
          'geelong/vnet': { supernet: '10.64.0.0/12', prefix: '10.64.0.0/16' },
          'bendigo/vnet': { supernet: '10.64.0.0/12', prefix: '10.64.128.0/17', released: true },
        },
      },
      /got allocations "geelong\/vnet" 10\.64\.0\.0\/16 and "bendigo\/vnet" 10\.64\.128\.0\/17 overlapping each other,/,
    ],
    [
      'a prefix with host bits set',
      { ...valid, allocations: { 'geelong/vnet': { supernet: '10.64.0.0/12', prefix: '10.64.0.1/16' } } },
      /got allocation "geelong\/vnet" prefix "10\.64\.0\.1\/16",/,
    ],
    [
      'a prefix not written canonically',
      { ...valid, allocations: { 'geelong/vnet': { supernet: '10.64.0.0/12', prefix: ' 10.64.0.0/16' } } },
      /got allocation "geelong\/vnet" prefix " 10\.64\.0\.0\/16" \(not written canonically; expected 10\.64\.0\.0\/16\),/,
    ],
    [
      'a key with a control character',
      { ...valid, allocations: { 'a\u001b[31m': {} } },
      /got allocation key "a\\\\u001b\[31m",/,
    ],
    [
      'released not true',
      { ...valid, allocations: { 'g/v': { ...valid.allocations['geelong/vnet'], released: 'yes' } } },
      /released "yes"/,
    ],
    [
      'an unknown collection',
      { ...valid, firewallOrder: { geelong: [{ collection: 'deny-all', rules: [] }] } },
      /collection "deny-all" in firewallOrder of site geelong/,
    ],
    [
      'a repeated collection',
      {
        ...valid,
        firewallOrder: {
          geelong: [
            { collection: 'egress-application', rules: ['a'] },
            { collection: 'egress-application', rules: ['b'] },
          ],
        },
      },
      /got collection egress-application twice in firewallOrder of site geelong,/,
    ],
    [
      'a repeated rule',
      { ...valid, firewallOrder: { geelong: [{ collection: 'egress-application', rules: ['a', 'a'] }] } },
      /rule name "a" \(invalid or repeated\)/,
    ],
  ];

  test.each(cases)('%s', (_, content, expected) => {
    const where = project();
    fs.writeFileSync(where.ledger, typeof content === 'string' ? content : JSON.stringify(content));
    const bytes = read(where.ledger);
    const run = synthEstate(where, ['geelong']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^\[(LEDGER-INVALID|INPUT-JSON-SYNTAX)\] /), '']);
    expect(run.stacks).toEqual([]);
    expect(read(where.ledger)).toBe(bytes);
  });
});
