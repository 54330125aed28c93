// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import type { ClinicSite } from '../../lib/constructs/clinic-site';
import { NatEgress } from '../../lib/constructs/nat-egress';
import { PortForward } from '../../lib/constructs/port-forward';
import { Cidr } from '../../lib/net/cidr';
import { Port } from '../../lib/net/port';
import { REPORT_FILE, runGate, type PolicyGateOptions } from '../../lib/constructs/policy-gate';
import { Suppressions } from '../../lib/constructs/suppressions';
import type { VendorPackId, VendorSettings } from '../../lib/model/types';
import { clinic, TODAY } from '../policy/util';
import { parseJsonReport } from '../cli/json-output';

/** An app whose estate gate prints into `out`; `build` adds the sites. */
function gated(build: (estate: ClinicEstate) => void) {
  const app = Testing.app();
  const estate = new ClinicEstate(app, 'estate', { name: 'acme' });
  const out: string[] = [];
  build(estate);
  return { app, synth: () => runGate(app, { today: TODAY, print: (text) => out.push(text) }), out };
}

/**
 * NAT egress, plus what the pack needs besides flows (the centre's SSL forward). A forwarding
 * custo centre leaves by its firewall's SNAT instead: with a NAT gateway, DynDNS would publish
 * the NAT gateway's address while the forward listens on the firewall's (CUSTO-DYNDNS-IP).
 */
function practice(estate: ClinicEstate, vendor: VendorPackId, settings: VendorSettings): ClinicSite {
  const site = clinic(estate, 'practice', 1, [vendor], { vendor: settings });
  if (vendor !== 'custo') new NatEgress(site, 'nat', {});
  if (vendor === 'custo') {
    new PortForward(site, 'custo-diagnostics', {
      externalPort: Port.tcp(8443),
      internalAddress: '10.1.1.10',
      sources: [Cidr.parse('198.51.100.7/32')],
      reason: 'custo RDT from the sending practices',
    });
  }
  return site;
}

const vendorCases: [VendorPackId, VendorSettings, string[]][] = [
  ['lumos', {}, ['LUMOS-EGRESS-443', 'LUMOS-EGRESS-991', 'LUMOS-EGRESS-DATA']],
  ['immtrac', {}, ['IMMTRAC-METHOD']],
  ['custo', { custo: { role: 'centre', mode: 'port-forward', sslPort: 8443 } }, ['CUSTO-CLOUD-EGRESS']],
];

describe.each(vendorCases)('vendor pack %s at the gate', (vendor, settings, ids) => {
  test('a site that declares the pack but not its flows fails synth with the ids', () => {
    const { synth, out } = gated((estate) => practice(estate, vendor, settings));
    let message = '';
    try {
      synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^\[GATE-FAILED\] policy gate failed/);
    for (const id of ids) expect(message).toMatch(new RegExp(`\\[estate/practice[^\\]]*\\] \\[${id}\\] `));
    // The errors come after the summary, in the thrown message, so the summary points down to them.
    expect(out.join('')).toContain('Result: FAILED — fix the errors listed below');
  });

  test('the same site with allowVendor passes', () => {
    const { synth, out } = gated((estate) => practice(estate, vendor, settings).allowVendor(vendor));
    synth();
    expect(out.join('')).toContain('Result: passed');
  });
});

describe('the gate', () => {
  test('writes the JSON report next to the stacks and prints warnings once', () => {
    const { app, synth, out } = gated((estate) => {
      clinic(estate, 'practice-a', 1, [], { dnsServers: ['10.1.1.4'] });
      clinic(estate, 'practice-b', 2, ['hl7'], { vendor: { hl7: { agents: 1 } } });
    });
    synth();
    const report = parseJsonReport(fs.readFileSync(path.join(app.outdir, REPORT_FILE), 'utf8'));
    expect(report.version).toBe(1);
    expect(report.findings.map((f) => f.requirement)).toEqual(['HL7-AGENT-SPOF']);
    const text = out.join('');
    expect(text.match(/\[HL7-AGENT-SPOF\]/g)).toHaveLength(1);
    expect(text).toContain('clinicnet policy gate: 2 sites');
    expect(text).toMatch(/practice-b\s+clinic\s+0 errors, 0 warnings, 1 info\s+packs: azure, baseline, hl7/);
  });

  test('construct suppressions: an expired one fails synth, an unused one warns, and the report lists both', () => {
    const { app, synth, out } = gated((estate) => {
      const site = clinic(estate, 'practice-a', 1);
      Suppressions.of(site).add({
        id: 'BASE-NO-ANY-EGRESS',
        reason: 'migration rule, removed after cut-over',
        owner: 'netops',
        expires: '2030-06-14',
      });
      Suppressions.of(estate).add({
        id: 'LUMOS-TLS12',
        reason: 'proxy upgrade scheduled for next quarter',
        owner: 'netops',
        expires: '2031-01-01',
      });
    });
    expect(synth).toThrow(
      /\[estate\/practice-a\] \[SUPPRESSION-EXPIRED\] suppression of BASE-NO-ANY-EGRESS expired on 2030-06-14/,
    );
    expect(out.join('')).toMatch(
      /WARNING \[estate\] \[SUPPRESSION-UNUSED\] suppression of LUMOS-TLS12 matches no finding/,
    );
    const report = parseJsonReport(fs.readFileSync(path.join(app.outdir, REPORT_FILE), 'utf8'));
    expect(report.suppressions.map((s) => [s.id, s.state, s.declaredAt])).toEqual([
      ['BASE-NO-ANY-EGRESS', 'expired', 'estate/practice-a'],
      ['LUMOS-TLS12', 'unused', 'estate'],
    ]);
  });

  test('lists errors of every site, not just the stack being synthesized', () => {
    const { synth } = gated((estate) => {
      clinic(estate, 'practice-a', 1, ['lumos']);
      clinic(estate, 'practice-b', 2, ['immtrac']);
    });
    expect(synth).toThrow(
      /\[LUMOS-EGRESS-443\][\s\S]*\[IMMTRAC-METHOD\]|\[IMMTRAC-METHOD\][\s\S]*\[LUMOS-EGRESS-443\]/,
    );
  });
});

describe('report-only gate', () => {
  function lumosWithoutFlows(options: Pick<PolicyGateOptions, 'mode'>) {
    const app = Testing.app();
    const estate = new ClinicEstate(app, 'estate', { name: 'acme' });
    const out: string[] = [];
    new NatEgress(clinic(estate, 'practice', 1, ['lumos']), 'nat', {});
    return { app, out, synth: () => runGate(app, { today: TODAY, print: (text) => out.push(text), ...options }) };
  }

  test('mode report: synth goes on, the errors are printed and in the report', () => {
    const { app, out, synth } = lumosWithoutFlows({ mode: 'report' });
    synth();
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 'practice', 'cdk.tf.json'))).toBe(true);
    expect(out.join('')).toMatch(
      /\[GATE-FAILED\][\s\S]*\[LUMOS-EGRESS-DATA\][\s\S]*Report-only gate \(CLINICNET_GATE=report\): synthesized despite the errors above/,
    );
    const report = parseJsonReport(fs.readFileSync(path.join(app.outdir, REPORT_FILE), 'utf8'));
    expect(report.summary.error).toBe(3);
  });

  test('CLINICNET_GATE=report has the same effect; an unknown value is refused', () => {
    const saved = process.env.CLINICNET_GATE;
    try {
      process.env.CLINICNET_GATE = 'report';
      const reported = lumosWithoutFlows({});
      expect(() => reported.synth()).not.toThrow();
      expect(reported.out.join('')).toContain('Report-only gate');
      process.env.CLINICNET_GATE = 'warn';
      expect(() => lumosWithoutFlows({}).synth()).toThrow(
        '[GATE-MODE-INVALID] unknown policy gate mode — got CLINICNET_GATE="warn"',
      );
    } finally {
      if (saved === undefined) delete process.env.CLINICNET_GATE;
      else process.env.CLINICNET_GATE = saved;
    }
  });

  test('the default is enforce', () => {
    expect(() => lumosWithoutFlows({}).synth()).toThrow(/\[GATE-FAILED\]/);
  });
});
