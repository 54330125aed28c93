// SPDX-License-Identifier: Apache-2.0
/**
 * CUSTO-DYNDNS-IP: custo's DynDNS publishes the centre's address as the custo cloud sees it,
 * that is the centre's outbound public IP; senders then connect to that address. With port
 * forwarding, the forward must listen on that same address. The outbound address is read off
 * the path the centre takes to the custo cloud server (`trace`): SNAT to the firewall's only
 * public IP, or a NAT gateway; the forward's address off the firewall's DNAT rules.
 */
import { trace } from '../../dataplane';
import { portCovers } from '../../dataplane/match';
import type { Hop } from '../../dataplane';
import type { DataPlane } from '../../model/dataplane';
import { isUnknown } from '../../model/types';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';
import { vendorSubnets } from '../vendor-path';

/** No parameters: the rule reads the centre's data plane. */
export type CustoDyndnsIpParams = NoParams;

/** The host whose view of the centre DynDNS publishes (the custo cloud server). */
const CLOUD_HOST = 'kybe.customed.de';
const DEFAULT_SSL_PORT = 8443;
const EXPECTED = "the port forward listening on the centre's outbound public IP (the firewall's one public IP)";

/** Terraform addresses of the public IPs the DNAT rules for the SSL port listen on. */
function forwardAddresses(plane: DataPlane, port: number): string[] {
  const found = new Set<string>();
  for (const policy of plane.policies)
    for (const group of policy.groups)
      for (const collection of group.collections)
        if (collection.kind === 'dnat')
          for (const rule of collection.rules)
            if (rule.ports.some((p) => portCovers(p, port) === true))
              for (const d of rule.destinations) if (!isUnknown(d)) found.add(d);
  return [...found].sort();
}

/** What the centre's outbound address is, from the hop that took the packet out. */
function outbound(exit: Hop, plane: DataPlane): { address?: string; problem?: string } {
  if (exit.step === 'nat-gateway')
    return { problem: `its outbound address is NAT gateway ${exit.address}'s, not the firewall's` };
  if (exit.step !== 'snat') return { problem: `it leaves by ${exit.step} ${exit.address}, not by the firewall's SNAT` };
  const firewall = plane.firewalls.find((f) => f.address === exit.address);
  // Azure picks one of several public IPs at random for each SNAT flow: no one address to publish.
  if (firewall !== undefined && firewall.publicIps.length > 1)
    return { problem: `the firewall SNATs to any of its ${firewall.publicIps.length} public IPs, at random` };
  return { address: exit.rule };
}

function judge(plane: DataPlane, exit: Hop, listening: readonly string[]): RuleResult[] {
  const out = outbound(exit, plane);
  const got = `outbound ${out.address ?? exit.address}, forward on ${listening.join(', ')}`;
  if (out.problem === undefined && out.address !== undefined && listening.every((l) => l === out.address)) return [];
  return [
    violation(
      exit.address,
      `DynDNS would publish another address than the one the custo port forward listens on: ${out.problem ?? 'the forward listens elsewhere'}`,
      got,
      EXPECTED,
      {
        fix: 'send the centre out through the firewall with a single public IP (no NAT gateway on AzureFirewallSubnet), and forward the SSL port on that IP',
        address: exit.address,
      },
    ),
  ];
}

/** A port-forwarding evaluation centre is published by DynDNS at the address its forward listens on. */
export const custoDyndnsIp = siteRule<CustoDyndnsIpParams>({
  slug: 'custo-dyndns-ip',
  description:
    'A port-forwarding custo evaluation centre leaves for the internet by the same public IP its port forward listens on, since DynDNS publishes the address the custo cloud sees.',
  params: NO_PARAMS,
  check: ({ model, site, memo }) => {
    const custo = site.vendor.custo;
    const plane = site.dataplane;
    if (custo?.role !== 'centre' || custo.mode !== 'port-forward' || plane === undefined) return [];
    const listening = forwardAddresses(plane, custo.sslPort ?? DEFAULT_SSL_PORT);
    // No forward of the SSL port: CUSTO-INBOUND-PORT's finding, not this rule's.
    const subnet = vendorSubnets(site, memo)[0];
    if (listening.length === 0 || subnet === undefined) return [];
    const result = trace(model, {
      from: { kind: 'subnet', site: site.name, subnet: subnet.address },
      to: { kind: 'host', host: CLOUD_HOST },
      protocol: 'tcp',
      port: 443,
    });
    const exit = result.hops[result.hops.length - 1];
    if (result.verdict === 'denied') return []; // CUSTO-CLOUD-EGRESS reports the blocked path
    if (result.verdict === 'unknown' || exit === undefined)
      return [cannotEvaluate(site.path, "the centre's outbound address", exit?.detail ?? 'no path', EXPECTED)];
    return judge(plane, exit, listening);
  },
});
