// SPDX-License-Identifier: Apache-2.0
import { Port } from '../../net/port';
import { parsePorts, portsTouch, specificAddresses } from '../match';
import type { Rule } from '../rule';
import { violation } from '../rule';

export interface EgressByHostnameParams {
  /** Vendor hostnames the rules must name. */
  readonly hosts: string[];
  /** Requirement ids whose flows must be by hostname. */
  readonly requirements: string[];
  /** Ports distinctive enough that an address rule on them is taken for a vendor flow. */
  readonly ports: string[];
}

/** Rules serving the vendor's flows name the hostname, never a fixed IP address. */
export const egressByHostname: Rule<EgressByHostnameParams> = {
  slug: 'egress-by-hostname',
  scope: 'site',
  description: "Firewall rules that serve the vendor's flows name its hostname, not a fixed IP address.",
  check: ({ site, params }) => {
    if (site === undefined) return [];
    const vendorPorts = params.ports.map((p) => Port.parse(p));
    return site.egress
      .filter((flow) => flow.action === 'Allow' && specificAddresses(flow).length > 0)
      .filter(
        (flow) =>
          (flow.requirement !== undefined && params.requirements.includes(flow.requirement)) ||
          vendorPorts.some((p) => portsTouch(parsePorts(flow.ports, flow.protocol), p)),
      )
      .map((flow) =>
        violation(
          flow.path,
          `rule ${flow.name} names IP addresses for a vendor flow`,
          specificAddresses(flow).join(', '),
          `destination hostnames ${params.hosts.join(', ')}`,
          { fix: `replace the addresses with ${params.hosts.join(' / ')} (use a network rule with FQDNs and DNS proxy for non-HTTP protocols)` },
        ),
      );
  },
};
