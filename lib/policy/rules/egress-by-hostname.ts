// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import { Port } from '../../net/port';
import { parsePorts, portsTouch, specificAddresses, unknownReasons } from '../match';
import type { Rule, RuleResult } from '../rule';
import { cannotEvaluate, violation } from '../rule';

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
    const expected = `destination hostnames ${params.hosts.join(', ')}`;
    return site.egress
      .filter((flow) => flow.action === 'Allow')
      .flatMap((flow): RuleResult[] => {
        const tagged = flow.requirement !== undefined && params.requirements.includes(flow.requirement);
        const ports = parsePorts(flow.ports, flow.protocol);
        const onVendorPort = vendorPorts.some((p) => portsTouch(ports, p));
        const addresses = specificAddresses(flow);
        if (addresses.length > 0 && (tagged || onVendorPort)) {
          return [
            violation(flow.path, `rule ${flow.name} names IP addresses for a vendor flow`, addresses.join(', '), expected, {
              fix: `replace the addresses with ${params.hosts.join(' / ')} (use a network rule with FQDNs and DNS proxy for non-HTTP protocols)`,
            }),
          ];
        }
        // An unresolved address may be the vendor's IP; unresolved ports on an address rule may be the vendor's ports.
        const addressesUnknown = flow.addresses.some(isUnknown) && (tagged || onVendorPort || flow.ports.some(isUnknown));
        const portsUnknown = addresses.length > 0 && flow.ports.some(isUnknown);
        if (!addressesUnknown && !portsUnknown) return [];
        const why = unknownReasons([...flow.addresses, ...flow.ports]) ?? 'unresolved';
        return [cannotEvaluate(flow.path, `whether rule ${flow.name} names a vendor IP address`, why, expected)];
      });
  },
};
