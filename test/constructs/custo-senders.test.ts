// SPDX-License-Identifier: Apache-2.0
/**
 * A custo centre's port forward open only to its senders' outbound IPs, taken from the
 * allocation ledger (`outboundIps`, recorded after each sender's first apply) — never from a
 * cross-stack reference.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { ClinicEstate } from '../../lib/constructs/clinic-estate';
import { AllocationLedger } from '../../lib/constructs/ledger';
import { PortForward } from '../../lib/constructs/port-forward';
import { Port } from '../../lib/net/port';
import { clinic } from '../policy/util';
import { readBack } from './read-back';

/** A ledger file in a scratch directory with the given outbound IPs. */
function ledgerWith(outboundIps: Record<string, unknown> | undefined): string {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'custo-senders-'));
  const file = path.join(dir, 'clinicnet-addresses.json');
  const data = { version: 1, estate: 'acme', allocations: {}, firewallOrder: {}, ...(outboundIps && { outboundIps }) };
  fs.writeFileSync(file, JSON.stringify(data));
  return file;
}

/** Centre `cardiology` forwarding 8443 to its senders; `gp-north` (and `gp-south` when `two`) send to it. */
function estateWith(ledger: string, two = false): ClinicEstate {
  const estate = new ClinicEstate(Testing.app(), 'estate', { name: 'acme', ledger });
  const centre = clinic(estate, 'cardiology', 5, ['custo'], {
    vendor: { custo: { role: 'centre', mode: 'port-forward' } },
  });
  new PortForward(centre, 'custo-diagnostics', {
    externalPort: Port.tcp(8443),
    internalAddress: '10.5.1.10',
    sources: 'custo-senders',
    reason: 'custo RDT transfers from the sending practices',
    requirement: 'CUSTO-INBOUND-PORT',
  });
  const sender = { custo: { role: 'sender' as const, mode: 'port-forward' as const, centre: 'cardiology' } };
  clinic(estate, 'gp-north', 6, ['custo'], { vendor: sender });
  if (two) clinic(estate, 'gp-south', 7, ['custo'], { vendor: sender });
  return estate;
}

describe("a custo centre's forward from its senders' recorded outbound IPs", () => {
  test('the DNAT rule admits exactly the senders the ledger records, declared before or after the centre', () => {
    const ledger = ledgerWith({ 'gp-south': '198.51.100.20', 'gp-north': '203.0.113.7' });
    const model = readBack(estateWith(ledger, true)).model;
    const centre = model.sites.find((s) => s.name === 'cardiology');
    expect(centre?.inbound.map((f) => [f.name, f.sources])).toEqual([
      ['custo-diagnostics', ['198.51.100.20/32', '203.0.113.7/32']],
    ]);
  });

  test('a sender whose address is not recorded fails synth with one line naming it and the ledger', () => {
    const ledger = ledgerWith({ 'gp-north': '203.0.113.7' });
    expect(() => readBack(estateWith(ledger, true))).toThrow(
      /^\[FORWARD-SENDER-IP-UNRECORDED\] no recorded outbound IP for custo senders of forward "custo-diagnostics" — got gp-south without an entry in .*clinicnet-addresses\.json "outboundIps"/,
    );
  });

  test("'custo-senders' on a site that is not a forwarding custo centre is refused at construction", () => {
    const estate = new ClinicEstate(Testing.app(), 'estate', { name: 'acme', ledger: ledgerWith(undefined) });
    const site = clinic(estate, 'cardiology', 5, ['custo'], { vendor: { custo: { role: 'centre', mode: 'vpn' } } });
    expect(
      () =>
        new PortForward(site, 'custo-diagnostics', {
          externalPort: Port.tcp(8443),
          internalAddress: '10.5.1.10',
          sources: 'custo-senders',
          reason: 'custo RDT transfers from the sending practices',
        }),
    ).toThrow(
      /^\[FORWARD-INVALID\] invalid port forward "custo-diagnostics" — got sources 'custo-senders' on a site that is not a port-forwarding custo centre/,
    );
  });

  test.each([
    [{ 'gp-north': '10.6.0.4' }, /a private address/],
    [{ 'gp-north': '203.0.113.07' }, /not an IPv4 address in dotted decimal/],
    [{ 'gp-north': '2001:db8::1' }, /not an IPv4 address in dotted decimal/],
    [{ 'GP North': '203.0.113.7' }, /outboundIps site "GP North"/],
    [[], /"outboundIps" that is not an object/],
  ])('a ledger recording %j is refused with one line', (outboundIps, problem) => {
    const file = ledgerWith(outboundIps as Record<string, unknown>);
    expect(() => new AllocationLedger(file, 'acme', true)).toThrow(problem);
    expect(() => new AllocationLedger(file, 'acme', true)).toThrow(/^\[LEDGER-INVALID\] invalid allocation ledger /);
  });

  test('recorded outbound IPs are kept, sorted, when synth rewrites the ledger', () => {
    const file = ledgerWith({ 'gp-south': '198.51.100.20', 'gp-north': '203.0.113.7' });
    const next = JSON.parse(new AllocationLedger(file, 'acme', true).next()) as { outboundIps: Record<string, string> };
    expect(Object.entries(next.outboundIps)).toEqual([
      ['gp-north', '203.0.113.7'],
      ['gp-south', '198.51.100.20'],
    ]);
  });
});
