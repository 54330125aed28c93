// SPDX-License-Identifier: Apache-2.0
/**
 * CUSTO-DYNDNS-IP on small estates built with the constructs and read back with their data
 * planes: a port-forwarding centre must leave by the public IP its forward listens on.
 */
import { NatEgress } from '../../../lib/constructs/nat-egress';
import type { DataPlane } from '../../../lib/model/dataplane';
import type { NetworkModel, VendorSettings } from '../../../lib/model/types';
import { unknown } from '../../../lib/model/types';
import { custoDyndnsIp } from '../../../lib/policy/rules/custo-dyndns-ip';
import { readBack } from '../../constructs/read-back';
import { clinic, custoForward, newEstate } from '../util';
import { ruleTester } from './rule-tester';

const rule = ruleTester(custoDyndnsIp);

/** A centre (10.5.0.0/16) reaching the custo cloud through its firewall, with the options asked for. */
type CustoSettings = NonNullable<VendorSettings['custo']>;

function centre(options: { nat?: boolean; forward?: boolean; custo?: Partial<CustoSettings> } = {}): NetworkModel {
  const estate = newEstate();
  const site = clinic(estate, 'cardiology', 5, ['custo'], {
    vendor: { custo: { role: 'centre', mode: 'port-forward', ...options.custo } },
  });
  site.allowVendor('custo');
  if (options.forward ?? true) custoForward(site);
  if (options.nat === true) new NatEgress(site, 'internet', { idleTimeoutMinutes: 10 });
  return readBack(estate, { dataplane: true }).model;
}

/** The model with the centre's data plane edited. */
const edited = (model: NetworkModel, edit: (plane: DataPlane) => DataPlane): NetworkModel => ({
  ...model,
  sites: model.sites.map((s) => (s.dataplane === undefined ? s : { ...s, dataplane: edit(s.dataplane) })),
});

const results = (model: NetworkModel) => rule.check(...model.sites).map((r) => `${r.kind} ${r.path}: ${r.problem}`);

describe('custo-dyndns-ip', () => {
  test('compliant: the centre leaves by SNAT to the firewall public IP its forward listens on', () => {
    expect(results(centre())).toEqual([]);
  });

  test('non-compliant: a NAT gateway on AzureFirewallSubnet gives the centre another outbound address', () => {
    const [line, ...rest] = results(centre({ nat: true }));
    expect(rest).toEqual([]);
    expect(line).toMatch(
      /^violation azurerm_nat_gateway\.\S+: DynDNS would publish another address than the one the custo port forward listens on: its outbound address is NAT gateway azurerm_nat_gateway\.\S+'s, not the firewall's$/,
    );
  });

  test('non-compliant: a firewall with two public IPs SNATs to either, at random', () => {
    const two = edited(centre(), (plane) => ({
      ...plane,
      firewalls: plane.firewalls.map((f) => ({ ...f, publicIps: [...f.publicIps, 'azurerm_public_ip.second'] })),
    }));
    expect(results(two)).toEqual([
      expect.stringMatching(/the firewall SNATs to any of its 2 public IPs, at random$/) as string,
    ]);
  });

  test('non-compliant: the forward listens on another public IP than the one the centre leaves by', () => {
    const elsewhere = edited(centre(), (plane) => ({
      ...plane,
      policies: plane.policies.map((p) => ({
        ...p,
        groups: p.groups.map((g) => ({
          ...g,
          collections: g.collections.map((c) =>
            c.kind !== 'dnat'
              ? c
              : { ...c, rules: c.rules.map((r) => ({ ...r, destinations: ['azurerm_public_ip.other'] })) },
          ),
        })),
      })),
    }));
    expect(results(elsewhere)).toEqual([expect.stringMatching(/the forward listens elsewhere$/) as string]);
  });

  test('unknown: a path to the custo cloud that cannot be decided', () => {
    const vague = edited(centre(), (plane) => ({
      ...plane,
      firewalls: plane.firewalls.map((f) => ({ ...f, policy: unknown('var.policy_id') })),
    }));
    expect(results(vague)).toEqual([
      expect.stringMatching(/^unknown .*the centre's outbound address could not be evaluated$/) as string,
    ]);
  });

  test('boundary: no forward of the SSL port, a VPN centre, or a forward of another port: nothing to judge', () => {
    expect(results(centre({ nat: true, forward: false }))).toEqual([]);
    expect(results(centre({ nat: true, custo: { mode: 'vpn' } }))).toEqual([]);
    expect(results(centre({ nat: true, custo: { sslPort: 18443 } }))).toEqual([]);
  });
});
