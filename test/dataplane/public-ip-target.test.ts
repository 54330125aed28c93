// SPDX-License-Identifier: Apache-2.0
/**
 * A public-IP target is looked up in one site: Terraform addresses repeat across stacks (both
 * review head stacks have `azurerm_public_ip.firewall-ip`; only Parramatta forwards RDP).
 */
import * as path from 'path';
import { parseTarget } from '../../lib/cli/trace';
import { trace } from '../../lib/dataplane';
import type { TraceQuery } from '../../lib/dataplane';
import type { NetworkModel } from '../../lib/model/types';
import { readTerraformInput } from '../../lib/terraform';
import { runCli } from '../cli/run-cli';

const HEAD = path.join(__dirname, '..', 'fixtures', 'review', 'head');
const model = readTerraformInput(HEAD, { dataplane: true }).model;
const FW = 'azurerm_public_ip.firewall-ip';
const PARRAMATTA = 'nsw-gp-parramatta';
const BLACKTOWN = 'nsw-gp-blacktown';
const run = (q: Omit<TraceQuery, 'protocol' | 'port'>, m: NetworkModel = model) =>
  trace(m, { ...q, protocol: 'tcp', port: 3389 });
const internet = { kind: 'internet' } as const;

describe('public-IP targets', () => {
  test('the named site decides: Parramatta forwards RDP, Blacktown does not', () => {
    const parramatta = run({ from: internet, to: { kind: 'public-ip', site: PARRAMATTA, resource: FW } });
    const blacktown = run({ from: internet, to: { kind: 'public-ip', site: BLACKTOWN, resource: FW } });
    expect(parramatta.verdict).toBe('allowed');
    expect(parramatta.hops[1].rule).toContain('policy fwp-nsw-gp-parramatta');
    expect(blacktown.verdict).toBe('denied');
    expect(blacktown.hops[1].detail).toBe('no DNAT rule for this address and port');
  });

  test('an address several sites hold, with no site to prefer, is refused naming the sites', () => {
    expect(() => run({ from: internet, to: { kind: 'public-ip', resource: FW } })).toThrow(
      `[TRACE-TO-AMBIGUOUS] which site's ${FW}? — got it in ${BLACKTOWN}, ${PARRAMATTA}, expected one`,
    );
  });

  test('without a site, the start site is preferred; the only holder is taken', () => {
    const from = { kind: 'subnet', site: BLACKTOWN, subnet: 'clinical' } as const;
    const implicit = run({ from, to: { kind: 'public-ip', resource: FW } });
    expect(implicit).toEqual(run({ from, to: { kind: 'public-ip', site: BLACKTOWN, resource: FW } }));
    const alone = { ...model, sites: model.sites.filter((s) => s.name === PARRAMATTA) };
    expect(run({ from: internet, to: { kind: 'public-ip', resource: FW } }, alone).verdict).toBe('allowed');
  });

  test('a site that is not in the input is refused', () => {
    expect(() => run({ from: internet, to: { kind: 'public-ip', site: 'bondi', resource: FW } })).toThrow(
      /^\[TRACE-TO-SITE-UNKNOWN\] no site holds the public IP — got "bondi"/,
    );
  });

  test('an internet source range is kept on the packet', () => {
    const source = parseTarget('203.0.113.0/24:1').to;
    if (source.kind !== 'address') throw new Error('address expected');
    const result = run({
      from: { kind: 'internet', source: source.address },
      to: { kind: 'public-ip', site: PARRAMATTA, resource: FW },
    });
    expect(result.hops[0].detail).toBe('203.0.113.0/24');
  });

  test('CLI: SITE/azurerm_public_ip.NAME:PORT; ambiguity is one usage line (exit 2)', async () => {
    expect(parseTarget(`${PARRAMATTA}/${FW}:3389`)).toEqual({
      to: { kind: 'public-ip', site: PARRAMATTA, resource: FW },
      port: 3389,
    });
    const named = await runCli(['trace', HEAD, '--from', 'internet', '--to', `${PARRAMATTA}/${FW}:3389`]);
    expect([named.code, named.out.split('\n')[0]]).toEqual([0, 'verdict: allowed']);
    const ambiguous = await runCli(['trace', HEAD, '--from', 'internet', '--to', `${FW}:3389`]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.out).toBe('');
    expect(ambiguous.err).toMatch(/^clinicnet: \[TRACE-TO-AMBIGUOUS\] [^\n]*fix: name the site: SITE\/[^\n]*\n$/);
  });
});
