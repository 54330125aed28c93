// SPDX-License-Identifier: Apache-2.0
/** `clinicnet trace`: arguments, output formats and exit codes. */
import * as path from 'path';
import { parseFrom, parseTarget, renderTraceText } from '../../lib/cli/trace';
import { runCli } from '../cli/run-cli';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'dataplane', name);

describe('clinicnet trace', () => {
  test('allowed: exit 0, the verdict and one line per hop', async () => {
    const run = await runCli([
      'trace',
      fixture('base.cdk.tf.json'),
      '--from',
      'clinic/practice',
      '--to',
      'csu.cherel.org.au:991',
    ]);
    expect(run.code).toBe(0);
    const lines = run.out.trimEnd().split('\n');
    expect(lines[0]).toBe('verdict: allowed');
    expect(lines).toHaveLength(7);
    expect(lines[4]).toContain(
      'firewall      allow    azurerm_firewall_policy_rule_collection_group.rcg network collection lumos-ftps',
    );
  });

  test('denied: exit 1; JSON has the verdict and the hops', async () => {
    const run = await runCli([
      'trace',
      fixture('network-deny-first.cdk.tf.json'),
      '--from',
      'clinic',
      '--to',
      'csu.cherel.org.au:3000',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.out) as { verdict: string; hops: { step: string; decision: string }[] };
    expect(result.verdict).toBe('denied');
    expect(result.hops.map((h) => `${h.step}:${h.decision}`)).toEqual([
      'source:pass',
      'route:pass',
      'threat-intel:pass',
      'firewall:deny',
    ]);
  });

  test('unknown: exit 1', async () => {
    const run = await runCli([
      'trace',
      fixture('threat-intel-deny.cdk.tf.json'),
      '--from',
      'clinic',
      '--to',
      'csu.cherel.org.au:3000',
    ]);
    expect([run.code, run.out.split('\n')[0]]).toEqual([1, 'verdict: unknown']);
  });

  test('a start that is not in the input: exit 2, one line', async () => {
    const run = await runCli(['trace', fixture('base.cdk.tf.json'), '--from', 'bondi', '--to', 'x.example.org:443']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^clinicnet: \[TRACE-FROM-UNKNOWN\] nothing to trace from — got "bondi"[^\n]*\n$/);
  });

  test.each(['x.example.org', 'x.example.org:0', 'x.example.org:65536', '[not-v6]:443', 'bad host:443'])(
    '--to %s is a usage error (exit 2)',
    async (to) => {
      expect((await runCli(['trace', fixture('base.cdk.tf.json'), '--from', 'clinic', '--to', to])).code).toBe(2);
    },
  );

  test('targets: hostname, address, CIDR, bracketed IPv6, public IP resource', () => {
    expect(parseTarget('CSU.cherel.org.au.:991')).toEqual({
      to: { kind: 'host', host: 'csu.cherel.org.au' },
      port: 991,
    });
    expect(String((parseTarget('10.1.2.3:22').to as { address: unknown }).address)).toBe('10.1.2.3/32');
    expect(String((parseTarget('10.1.2.0/24:22').to as { address: unknown }).address)).toBe('10.1.2.0/24');
    expect(String((parseTarget('[2001:db8::1]:443').to as { address: unknown }).address)).toBe('2001:db8::1/128');
    expect(parseTarget('azurerm_public_ip.fw:8443')).toEqual({
      to: { kind: 'public-ip', resource: 'azurerm_public_ip.fw' },
      port: 8443,
    });
  });

  test('starts: internet, site, site/subnet, address', () => {
    expect(parseFrom('internet')).toEqual({ kind: 'internet' });
    expect(parseFrom('clinic')).toEqual({ kind: 'site', site: 'clinic' });
    expect(parseFrom('clinic/practice')).toEqual({ kind: 'subnet', site: 'clinic', subnet: 'practice' });
    expect(parseFrom('10.20.1.10')).toMatchObject({ kind: 'address' });
  });

  test('control characters from the input are escaped in text output', () => {
    const text = renderTraceText({
      verdict: 'denied',
      hops: [
        { step: 'firewall', address: 'a\u001b[31m', rule: 'r\nforged: allowed', decision: 'deny', detail: 'd\u2028' },
      ],
    });
    expect(text).toBe('verdict: denied\n  firewall  deny     a\\u001b[31m r\\u000aforged: allowed — d\\u2028\n');
  });
});

describe('clinicnet trace --via-proxy', () => {
  test('a request handed to the proxy: exit 0 where the direct packet is denied (exit 1)', async () => {
    const args = ['trace', fixture('explicit-proxy.cdk.tf.json'), '--from', 'clinic', '--to', 'www.cherel.org.au:443'];
    expect((await runCli(args)).code).toBe(1);
    const proxied = await runCli([...args, '--via-proxy', 'https']);
    expect(proxied.code).toBe(0);
    expect(proxied.out).toContain('handed to the explicit proxy at 10.20.0.4:8443 (https)');
  });

  test('over UDP, or with a scheme other than http and https, is a usage error (exit 2)', async () => {
    const args = ['trace', fixture('explicit-proxy.cdk.tf.json'), '--from', 'clinic', '--to', 'www.cherel.org.au:443'];
    const udp = await runCli([...args, '--via-proxy', 'https', '--protocol', 'udp']);
    expect(udp.code).toBe(2);
    expect(udp.err).toContain('--via-proxy carries HTTP(S) over TCP');
    expect((await runCli([...args, '--via-proxy', 'ftp'])).code).toBe(2);
  });
});
