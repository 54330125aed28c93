// SPDX-License-Identifier: Apache-2.0
/** A hostname flow's application protocol must be the one the vendor packs give its host and port. */
import type { AppProtocol } from '../../lib/model/types';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { ruleCollectionGroups, synth, testClinic } from './util';

const IMMTRAC = 'immtrac-ftp1.dshs.state.tx.us';

/** Declares one flow on a fresh clinic (no packs declared); returns the site. */
function declare(app: AppProtocol, ports: Port[], host = IMMTRAC) {
  const { site } = testClinic();
  const flow = () =>
    site.allowEgress({ name: 'upload', fqdns: [Fqdn.parse(host)], ports, app, purpose: 'registry upload' });
  return { site, flow };
}

/** Names of every rule the site's firewall carries. */
function ruleNames(out: string): string[] {
  return ruleCollectionGroups(out).flatMap((g) =>
    [...(g.application_rule_collection ?? []), ...(g.network_rule_collection ?? [])].flatMap((c) =>
      c.rule.map((r) => r.name),
    ),
  );
}

describe('flows: the declared application protocol agrees with the vendor packs', () => {
  test("FTPS declared app 'https' is refused with one line, and no rule is emitted", () => {
    const { site, flow } = declare('https', [Port.tcp(990)]);
    expect(flow).toThrow(
      /^\[EGRESS-PROTOCOL-MISMATCH\] flow "upload" declares the wrong application protocol — got app 'https' on TCP 990 to immtrac-ftp1\.dshs\.state\.tx\.us, expected app 'ftps-implicit' \(IMMTRAC-METHOD\); fix: declare app: 'ftps-implicit' for that port \(FTPS and SFTP are network rules\), or use site\.allowVendor$/,
    );
    expect(ruleNames(synth(site))).not.toContain('upload');
  });

  test('the same port with the protocol the pack gives it is accepted (a network rule)', () => {
    const { site, flow } = declare('ftps-implicit', [Port.tcp(990)]);
    expect(flow()).toMatchObject({ ruleKind: 'network', appProtocol: 'ftps-implicit' });
    expect(ruleNames(synth(site))).toContain('upload');
  });

  test('HTTPS 443 to the same host is what the pack says: an application rule', () => {
    expect(declare('https', [Port.tcp(443)]).flow()).toMatchObject({ ruleKind: 'application' });
  });

  test.each([
    ['one FTPS port among HTTPS ones', 'https', [Port.tcp(443), Port.tcp(990)], IMMTRAC, 'TCP 990'],
    ['a port inside the passive range', 'https', [Port.tcp(5010)], IMMTRAC, 'TCP 5010'],
    ['a range overlapping the passive range', 'ftps-explicit', [Port.tcpRange(4990, 5000)], IMMTRAC, 'TCP 4990-5000'],
    ['SFTP on the FTPS port', 'sftp', [Port.tcp(990)], IMMTRAC, 'TCP 990'],
    [
      "Lumos's FTPS port, the site not declaring the lumos pack",
      'https',
      [Port.tcp(991)],
      'csu.cherel.org.au',
      'TCP 991',
    ],
    ['a wildcard naming the vendor host', 'https', [Port.tcp(3000)], '*.cherel.org.au', 'TCP 3000'],
  ] as const)('refused: %s', (_, app, ports, host, port) => {
    expect(declare(app, [...ports], host).flow).toThrow(`got app '${app}' on ${port} to ${host}`);
  });

  test.each([
    ['the FTPS port to a host no pack names', 'https', [Port.tcp(990)], 'files.example.org'],
    ['a port just outside the passive range', 'https', [Port.tcp(5011)], IMMTRAC],
    ['UDP on a TCP vendor port', 'other', [Port.udp(990)], IMMTRAC],
  ] as const)('accepted: %s', (_, app, ports, host) => {
    expect(declare(app, [...ports], host).flow).not.toThrow();
  });
});
