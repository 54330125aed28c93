// SPDX-License-Identifier: Apache-2.0
/**
 * Paths in from the internet: DNAT on a firewall public IP, a NIC's public IP, a public load
 * balancer's rules and an application gateway's listeners, each to the NSGs behind it.
 */
import type { DataPlanePublicIp, LoadBalancerRule, Nic } from '../model/dataplane';
import type { Maybe } from '../model/types';
import { isUnknown } from '../model/types';
import type { SitePlane } from './estate';
import { evaluateDnat, evaluateFilterRules, policyChain } from './firewall';
import type { Endpoint } from './match';
import { cidrOf, portCovers, protocolCovers } from './match';
import type { Packet } from './nsg';
import type { Tri } from './types';
import type { End, Walk } from './walk';

/** The public IP a packet from the internet is sent to. */
export interface Entry {
  readonly site: SitePlane;
  readonly ip: DataPlanePublicIp;
}

const sameIp =
  (entry: Entry) =>
  (value: Maybe<string>): Tri => {
    if (isUnknown(value)) return { unknown: value.unknown };
    return value === entry.ip.address || (!isUnknown(entry.ip.ip) && value === entry.ip.ip);
  };

/** Which estate element holds the public IP, and what it does with the packet. */
export function enter(walk: Walk, entry: Entry, packet: Packet): End {
  const { site, ip } = entry;
  const firewall = site.plane.firewalls.find((f) => f.publicIps.some((p) => p === ip.address));
  if (firewall !== undefined) return dnat(walk, entry, firewall.address, packet);
  const nic = site.plane.nics.find((n) => n.publicIps.includes(ip.address));
  if (nic !== undefined) return toNic(walk, site, nic, ip, packet, packet.port, 'NIC public IP');
  const lbRules = site.plane.loadBalancers
    .flatMap((lb) => lb.rules.map((rule) => ({ lb, rule })))
    .filter((x) => x.rule.publicIp === ip.address);
  if (lbRules.length > 0) return balancer(walk, entry, lbRules, packet);
  const listener = site.plane.appGateways
    .flatMap((g) => g.listeners.map((l) => ({ g, l })))
    .find((x) => x.l.publicIp === ip.address && portCovers(x.l.port, packet.port) === true);
  if (listener !== undefined && packet.protocol === 'tcp')
    return walk.allowed(
      'entry',
      listener.g.address,
      listener.l.name,
      `application gateway listener on port ${packet.port} forwards to its backends`,
    );
  return walk.denied(
    'entry',
    ip.address,
    '',
    `nothing in the input forwards ${packet.protocol.toUpperCase()} ${packet.port} on ${ip.name}`,
  );
}

function dnat(walk: Walk, entry: Entry, firewallAddress: string, packet: Packet): End {
  const firewall = entry.site.plane.firewalls.find((f) => f.address === firewallAddress);
  if (firewall?.policy === undefined || isUnknown(firewall.policy))
    return walk.unknown('dnat', firewallAddress, 'firewall policy unknown');
  const chain = policyChain(walk.estate, entry.site, firewall.policy);
  if (chain.unknown !== undefined) return walk.unknown('dnat', firewallAddress, chain.unknown);
  const { outcome, rule } = evaluateDnat(chain, packet, sameIp(entry));
  const end = walk.decide('dnat', firewallAddress, outcome);
  if (end !== undefined || rule?.translated === undefined) return end ?? 'unknown';
  const { address, port } = rule.translated;
  const target = isUnknown(address) ? undefined : cidrOf(address);
  const targetPort = isUnknown(port) ? undefined : Number(port);
  if (target === undefined || targetPort === undefined || !Number.isInteger(targetPort))
    return walk.unknown(
      'dnat',
      firewallAddress,
      `translated address or port: ${isUnknown(address) ? address.unknown : isUnknown(port) ? port.unknown : `${address}:${port}`}`,
    );
  const translated: Packet = { ...packet, destination: { kind: 'range', range: target }, port: targetPort };
  // Newer Microsoft text: DNAT traffic skips network rules; older text: a network Deny still applies. Contested.
  const network = evaluateFilterRules(
    { policies: chain.policies },
    translated,
    chain.policies[chain.policies.length - 1].dnsProxy,
  );
  if (network.decision === 'deny' && network.by !== undefined)
    return walk.unknown(
      'firewall',
      network.by.address,
      `${network.by.label} denies the translated traffic; whether a network Deny applies after DNAT is contested in Microsoft's documentation`,
    );
  // The firewall also SNATs DNAT traffic to its private IP: the target's NSGs see that, not the internet source.
  const source: Endpoint =
    isUnknown(firewall.privateIp) || cidrOf(firewall.privateIp) === undefined
      ? { kind: 'internet' }
      : { kind: 'range', range: cidrOf(firewall.privateIp)! };
  return walk.deliver(entry.site, { ...translated, source });
}

/** A NIC reached on its own (or a load balancer's) public IP: its subnet's NSG, then its own. */
function toNic(
  walk: Walk,
  site: SitePlane,
  nic: Nic,
  ip: DataPlanePublicIp,
  packet: Packet,
  port: number,
  how: string,
): End {
  const subnet = isUnknown(nic.subnet) ? undefined : site.subnets.get(nic.subnet);
  if (subnet === undefined) return walk.unknown('entry', nic.address, `subnet of ${nic.name}`);
  walk.hop(
    'entry',
    ip.address,
    how,
    'pass',
    `${ip.name} (${isUnknown(ip.sku) ? 'unknown SKU' : ip.sku}) on ${nic.name}, not through the firewall`,
  );
  const privateIp = nic.privateIps.find((p) => !isUnknown(p) && cidrOf(p) !== undefined);
  const destination: Endpoint =
    privateIp === undefined || isUnknown(privateIp)
      ? { kind: 'range', range: subnetRange(subnet.prefixes) ?? cidrOf('0.0.0.0/0')! }
      : { kind: 'range', range: cidrOf(privateIp)! };
  if (subnet.nsg === undefined && nic.nsg === undefined) {
    if (isUnknown(ip.sku)) return walk.unknown('nsg-inbound', nic.address, `public IP SKU: ${ip.sku.unknown}`);
    // A Standard public IP is closed until an NSG allows; a Basic one is open unless an NSG denies.
    return ip.sku === 'Basic'
      ? walk.allowed('nsg-inbound', nic.address, '', 'Basic public IP without an NSG: open')
      : walk.denied('nsg-inbound', nic.address, '', 'Standard public IP without an NSG: closed');
  }
  const end = walk.nsgs(site, subnet, nic, 'Inbound', { ...packet, destination, port });
  return end ?? walk.allowed('deliver', nic.address, nic.name, `reached from the internet on port ${port}`);
}

function subnetRange(prefixes: readonly Maybe<string>[]) {
  const first = prefixes.find((p) => !isUnknown(p));
  return first === undefined || isUnknown(first) ? undefined : cidrOf(first);
}

function balancer(
  walk: Walk,
  entry: Entry,
  rules: { lb: { address: string; sku: Maybe<string> }; rule: LoadBalancerRule }[],
  packet: Packet,
): End {
  const matching = rules.filter(
    ({ rule }) =>
      protocolCovers(rule.protocol, packet.protocol) !== false && portCovers(rule.frontendPort, packet.port) !== false,
  );
  if (matching.length === 0)
    return walk.denied(
      'entry',
      entry.ip.address,
      '',
      `no load-balancer rule on ${packet.protocol.toUpperCase()} ${packet.port}`,
    );
  const ends: End[] = [];
  for (const { lb, rule } of matching) {
    const port = isUnknown(rule.backendPort) ? NaN : Number(rule.backendPort);
    if (!Number.isInteger(port)) {
      ends.push(walk.unknown('entry', rule.address, `backend port of ${rule.name}`));
      continue;
    }
    walk.hop(
      'entry',
      lb.address,
      rule.name,
      'pass',
      `${rule.kind === 'nat' ? 'NAT' : 'load-balancing'} rule to port ${port}`,
    );
    if (rule.backendNics.length === 0)
      ends.push(walk.denied('entry', rule.address, rule.name, 'no backend in the input'));
    for (const address of rule.backendNics) {
      const nic = entry.site.nics.get(address);
      const ip = { ...entry.ip, sku: lb.sku };
      ends.push(
        nic === undefined
          ? walk.unknown('entry', address, 'backend NIC not in the input')
          : toNic(walk, entry.site, nic, ip, packet, port, 'load balancer'),
      );
    }
  }
  return ends.includes('allowed') ? 'allowed' : ends.includes('unknown') ? 'unknown' : 'denied';
}
