// SPDX-License-Identifier: Apache-2.0
/**
 * One packet's walk through the estate, hop by hop: NSGs, the effective route, the firewall,
 * SNAT or a NAT gateway to the internet, VPN tunnels, and delivery to a subnet's NSGs.
 */
import { appendAll } from '../core/append';
import type { DataPlaneFirewall, DataPlaneSubnet, Nic, NsgDirection } from '../model/dataplane';
import { isUnknown } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { Estate, SitePlane } from './estate';
import { knownRanges } from './estate';
import type { Outcome } from './first-match';
import { evaluateFilterRules, policyChain, threatIntelMode } from './firewall';
import type { Endpoint } from './match';
import { cidrOf, describeEndpoint, isPrivate, PRIVATE_RANGES, rangeIn } from './match';
import type { Packet } from './nsg';
import { evaluateNsg } from './nsg';
import type { RouteEntry } from './routes';
import { effectiveRoute, routeDetail, routesOf } from './routes';
import { SegmentCache, SourceLog } from './shared-segments';
import type { Hop, HopDecision, Tri, Verdict } from './types';

/** A packet's destination as text, one per kind (a host name and a range never read alike). */
const describePacket = (packet: Packet): string => {
  const d = packet.destination;
  return d.kind === 'range' ? `range ${d.range.toString()}` : d.kind === 'host' ? `host ${d.host}` : 'internet';
};

/** Where a walk ended. */
export type End = Verdict;

/** A packet's start in a subnet of a site (at a NIC, when the start is the NIC's address). */
export interface InSubnet {
  readonly site: SitePlane;
  readonly subnet: DataPlaneSubnet;
  readonly nic?: Nic;
}

export class Walk {
  public readonly hops: Hop[] = [];
  /** NSG evaluations so far: they read the packet's source, so a firewall segment holding one is not shared. */
  private nsgReads = 0;

  public constructor(public readonly estate: Estate) {}

  public hop(step: string, address: string, rule: string, decision: HopDecision, detail: string): void {
    this.hops.push({ step, address, rule, decision, detail });
  }

  /** Records an outcome as a hop; the walk goes on only when it allowed. */
  public decide(step: string, fallbackAddress: string, outcome: Outcome): End | undefined {
    const decision: HopDecision = outcome.decision;
    this.hop(step, outcome.by?.address ?? fallbackAddress, outcome.by?.label ?? '', decision, outcome.detail);
    if (outcome.decision === 'allow') return undefined;
    return outcome.decision === 'deny' ? 'denied' : 'unknown';
  }

  public unknown(step: string, address: string, detail: string): End {
    this.hop(step, address, '', 'unknown', detail);
    return 'unknown';
  }

  public denied(step: string, address: string, rule: string, detail: string): End {
    this.hop(step, address, rule, 'deny', detail);
    return 'denied';
  }

  public allowed(step: string, address: string, rule: string, detail: string): End {
    this.hop(step, address, rule, 'allow', detail);
    return 'allowed';
  }

  /** What `VirtualNetwork` means for a subnet: its VNet, peered VNets, VPN prefixes and its user-route prefixes. */
  public virtualNetwork(site: SitePlane, subnet: DataPlaneSubnet): Cidr[] {
    return site.memoOf('vnet-tag', subnet, () => {
      const vnet = site.vnetOf(subnet);
      const peered = (vnet?.peerings ?? []).flatMap((p) =>
        isUnknown(p.remote) ? [] : knownRanges(site.vnets.get(p.remote)?.spaces ?? []).ranges,
      );
      const vpn = site.site.vpnLinks.flatMap((l) => knownRanges(l.remote.prefixes).ranges);
      const user = routesOf(site, subnet)
        .entries.filter((e) => e.source === 'user')
        .map((e) => e.prefix);
      return [...knownRanges(vnet?.spaces ?? []).ranges, ...peered, ...vpn, ...user];
    });
  }

  /** The subnet's NSG and then the NIC's (inbound), or the NIC's and then the subnet's (outbound). */
  public nsgs(
    site: SitePlane,
    subnet: DataPlaneSubnet,
    nic: Nic | undefined,
    direction: NsgDirection,
    packet: Packet,
  ): End | undefined {
    const layers = direction === 'Inbound' ? [subnet.nsg, nic?.nsg] : [nic?.nsg, subnet.nsg];
    const step = direction === 'Inbound' ? 'nsg-inbound' : 'nsg-outbound';
    for (const reference of layers) {
      if (reference === undefined) continue;
      if (isUnknown(reference)) return this.unknown(step, subnet.address, `NSG: ${reference.unknown}`);
      const nsg = site.nsgs.get(reference);
      if (nsg === undefined) return this.unknown(step, reference, `NSG ${reference} is not in the input`);
      this.nsgReads++;
      // What VirtualNetwork means here is worked out only for a subnet that has an NSG.
      const end = this.decide(
        step,
        nsg.address,
        evaluateNsg(nsg, direction, packet, this.virtualNetwork(site, subnet)),
      );
      if (end !== undefined) return end;
    }
    return undefined;
  }

  /** From a subnet (and NIC) in `site`: outbound NSGs, then the effective route. */
  public fromSubnet(site: SitePlane, subnet: DataPlaneSubnet, nic: Nic | undefined, packet: Packet): End {
    const out = this.nsgs(site, subnet, nic, 'Outbound', packet);
    if (out !== undefined) return out;
    const routes = routesOf(site, subnet);
    const route = effectiveRoute(routes, packet.destination);
    if ('unknown' in route) return this.unknown('route', subnet.address, route.unknown);
    this.hop('route', route.address, route.name, 'pass', routeDetail(routes, route));
    return this.follow(site, route, packet, { subnet, nic });
  }

  /** Where a route's next hop takes the packet. */
  private follow(
    site: SitePlane,
    route: RouteEntry,
    packet: Packet,
    from: { subnet: DataPlaneSubnet; nic?: Nic; firewall?: DataPlaneFirewall },
  ): End {
    switch (route.nextHop) {
      case 'None':
        return this.denied(
          'route',
          route.address,
          route.name,
          `next hop None: Azure drops ${describeEndpoint(packet.destination)}`,
        );
      case 'VnetLocal':
      case 'VNetPeering':
        return this.deliver(site, packet);
      case 'VirtualNetworkGateway':
        return this.tunnel(site, packet);
      case 'Internet':
        return from.firewall !== undefined
          ? this.firewallExit(from.firewall, from.subnet)
          : this.internetExit(site, from.subnet, from.nic, packet);
      case 'VirtualAppliance': {
        const firewall = this.firewallAt(site, route);
        if (firewall === undefined)
          return this.unknown(
            'route',
            route.address,
            `next hop ${route.nextHopIp ?? '(unknown IP)'} is not the private IP of a firewall clinicnet knows: the traffic goes to whatever holds it`,
          );
        if (from.firewall !== undefined)
          return this.unknown('route', route.address, 'the firewall routes onward to an appliance (forced tunnelling)');
        return this.throughFirewall(firewall.site, firewall.firewall, packet);
      }
    }
  }

  /** The estate firewall a VirtualAppliance route leads to: by reference (this site's), else by private IP. */
  public firewallAt(site: SitePlane, route: RouteEntry): { site: SitePlane; firewall: DataPlaneFirewall } | undefined {
    if (route.nextHopFirewall !== undefined) {
      const own = site.plane.firewalls.find((f) => f.address === route.nextHopFirewall);
      if (own !== undefined) return { site, firewall: own };
    }
    return route.nextHopIp === undefined ? undefined : this.estate.firewallsByIp.get(route.nextHopIp);
  }

  /**
   * The firewall's rules (parent policy first), threat intelligence, then the firewall subnet's
   * own route; `proxied` for a request its explicit proxy took, which only application rules see.
   * The subnets of a site mostly send the same packets through one firewall: a segment recorded
   * for one source serves each source its rules answer alike (lib/dataplane/shared-segments.ts).
   */
  public throughFirewall(site: SitePlane, firewall: DataPlaneFirewall, packet: Packet, proxied = false): End {
    const segments = site.memoOf('firewall-segments', firewall, () => new SegmentCache());
    const key = `${proxied ? 'proxied ' : ''}${describePacket(packet)} ${packet.protocol} ${packet.port}`;
    const shared = segments.find(key, packet.source);
    if (shared !== undefined) {
      appendAll(this.hops, shared.hops);
      return shared.end;
    }
    const start = this.hops.length;
    const nsgReads = this.nsgReads;
    const sources = new SourceLog();
    const end = this.firewallSegment(site, firewall, packet, sources, proxied);
    if (this.nsgReads === nsgReads) segments.add(key, { queries: sources.queries, hops: this.hops.slice(start), end });
    return end;
  }

  private firewallSegment(
    site: SitePlane,
    firewall: DataPlaneFirewall,
    packet: Packet,
    sources: SourceLog,
    proxied: boolean,
  ): End {
    if (firewall.policy === undefined)
      return this.unknown('firewall', firewall.address, 'firewall without a policy (classic rules are not modelled)');
    if (isUnknown(firewall.policy))
      return this.unknown('firewall', firewall.address, `firewall policy: ${firewall.policy.unknown}`);
    const chain = policyChain(this.estate, site, firewall.policy);
    if (chain.unknown !== undefined) return this.unknown('firewall', firewall.address, chain.unknown);
    const own = chain.policies[chain.policies.length - 1];
    const mode = threatIntelMode(chain);
    const publicDestination = packet.destination.kind !== 'range' || !isPrivate(packet.destination.range);
    const intel: HopDecision = mode === 'Deny' && publicDestination ? 'unknown' : 'pass';
    this.hop(
      'threat-intel',
      own.address,
      isUnknown(mode) ? 'unknown' : mode,
      intel,
      intel === 'unknown'
        ? `threat intelligence in Deny mode: whether ${describeEndpoint(packet.destination)} is on Microsoft's feed is unknown`
        : isUnknown(mode)
          ? `mode: ${mode.unknown}`
          : `${mode} mode blocks nothing here`,
    );
    const outcome = evaluateFilterRules(chain, packet, own.dnsProxy, sources, proxied);
    const end = this.decide('firewall', own.address, outcome);
    if (end !== undefined) return end;
    if (isUnknown(mode)) return 'unknown';
    if (firewall.hub !== undefined && firewall.subnet === undefined) {
      const exit = this.hubExit(firewall, own.privateRanges, outcome.kind, packet);
      return exit === 'allowed' && intel === 'unknown' ? 'unknown' : exit;
    }
    const subnet =
      firewall.subnet === undefined || isUnknown(firewall.subnet) ? undefined : site.subnets.get(firewall.subnet);
    if (subnet === undefined) return this.unknown('route', firewall.address, 'the firewall subnet is not in the input');
    const route = effectiveRoute(routesOf(site, subnet), packet.destination);
    if ('unknown' in route) return this.unknown('route', subnet.address, route.unknown);
    this.hop(
      'route',
      route.address,
      route.name,
      'pass',
      `from the firewall: ${route.prefix.toString()} → ${route.nextHop} (${route.source})`,
    );
    if (route.nextHop === 'Internet' && outcome.kind === 'network') {
      const snat = this.snatCheck(own.privateRanges, packet);
      if (snat !== 'allowed') return snat;
    }
    const next = this.follow(site, route, packet, { subnet, firewall });
    return next === 'allowed' && intel === 'unknown' ? 'unknown' : next;
  }

  /**
   * Out of a secured-hub firewall (`AZFW_Hub`): to the internet by SNAT to the hub's public IPs;
   * where the hub routes a private destination after the firewall is not modelled.
   */
  private hubExit(
    firewall: DataPlaneFirewall,
    ranges: readonly (string | { unknown: string })[] | undefined,
    kind: string | undefined,
    packet: Packet,
  ): End {
    const hub = firewall.hub === undefined || isUnknown(firewall.hub) ? 'its vWAN hub' : firewall.hub;
    const d = packet.destination;
    if (d.kind === 'range' && isPrivate(d.range))
      return this.unknown('route', hub, `where ${hub} sends ${d.range.toString()} after the firewall is not modelled`);
    if (kind === 'network') {
      const snat = this.snatCheck(ranges, packet);
      if (snat !== 'allowed') return snat;
    }
    return this.allowed('snat', firewall.address, hub, "SNAT to the secured hub's public IPs");
  }

  /** Network rules do not SNAT destinations inside the SNAT private ranges: such traffic cannot come back from the internet. */
  private snatCheck(ranges: readonly (string | { unknown: string })[] | undefined, packet: Packet): End {
    const within = ranges === undefined ? PRIVATE_RANGES : knownRanges(ranges).ranges;
    const d = packet.destination;
    const covered =
      d.kind === 'range'
        ? rangeIn(d.range, within, 'the SNAT private ranges')
        : within.some((r) => r.prefixLength === 0);
    if (covered === false) return 'allowed';
    return this.unknown(
      'snat',
      'private_ip_ranges',
      `the firewall does not SNAT ${describeEndpoint(d)} (inside private_ip_ranges): its replies do not come back`,
    );
  }

  private firewallExit(firewall: DataPlaneFirewall, subnet: DataPlaneSubnet): End {
    if (subnet.natGateway !== undefined && !isUnknown(subnet.natGateway))
      return this.allowed(
        'nat-gateway',
        subnet.natGateway,
        '',
        'the NAT gateway on AzureFirewallSubnet gives the outbound address',
      );
    if (firewall.publicIps.length > 0) {
      const ip = firewall.publicIps[0];
      return this.allowed('snat', firewall.address, isUnknown(ip) ? ip.unknown : ip, 'SNAT to the firewall public IP');
    }
    return this.unknown(
      'snat',
      firewall.address,
      'the firewall has no public IP (forced tunnelling): where it sends internet traffic is not modelled',
    );
  }

  /**
   * A workload going straight out: NAT gateway, its own public IP, or Azure's default outbound
   * access. Over IPv6 only an IPv6 public IP carries it (on a StandardV2 NAT gateway, or the NIC):
   * default outbound access is IPv4 only.
   */
  private internetExit(site: SitePlane, subnet: DataPlaneSubnet, nic: Nic | undefined, packet: Packet): End {
    const ipv6 = packet.destination.kind === 'range' && packet.destination.range.version === 6;
    const over = ipv6 ? ' over IPv6' : '';
    if (subnet.natGateway !== undefined) {
      if (isUnknown(subnet.natGateway)) return this.unknown('nat-gateway', subnet.address, subnet.natGateway.unknown);
      const carries = ipv6 ? natCarriesIpv6(site, subnet.natGateway) : true;
      if (carries === true)
        return this.allowed(
          'nat-gateway',
          subnet.natGateway,
          '',
          `outbound${over} through the NAT gateway of ${subnet.name}, without a firewall`,
        );
      if (carries !== false) return this.unknown('nat-gateway', subnet.natGateway, carries.unknown);
    }
    const ip = nicPublicIp(site, nic, ipv6 ? 'IPv6' : 'IPv4');
    if (ip !== undefined && 'unknown' in ip) return this.unknown('public-ip', ip.address, ip.unknown);
    if (ip !== undefined)
      return this.allowed('public-ip', ip.address, '', `outbound${over} from the NIC public IP, without a firewall`);
    if (ipv6)
      return this.denied(
        'internet',
        subnet.address,
        '',
        `no IPv6 path to the internet: Azure's default outbound access is IPv4 only, and no NAT gateway or NIC of ${subnet.name} has an IPv6 public IP`,
      );
    const access = subnet.defaultOutboundAccess;
    if (access === false)
      return this.denied(
        'internet',
        subnet.address,
        'default_outbound_access_enabled',
        'private subnet: no outbound path to the internet',
      );
    if (access === true)
      return this.allowed(
        'internet',
        subnet.address,
        'default_outbound_access_enabled',
        "Azure's default outbound access, without a firewall (being retired)",
      );
    return this.unknown(
      'internet',
      subnet.address,
      `default_outbound_access_enabled: ${access === undefined ? "not set; Azure's default outbound access is being retired" : access.unknown}`,
    );
  }

  /** Over a VPN tunnel to the remote prefix, then into the estate site there, if it is one. */
  private tunnel(site: SitePlane, packet: Packet): End {
    const d = packet.destination;
    const link =
      d.kind === 'range'
        ? site.site.vpnLinks.find((l) => knownRanges(l.remote.prefixes).ranges.some((r) => r.contains(d.range)))
        : undefined;
    if (link === undefined)
      return this.unknown('vpn', site.site.vpnGateway?.address ?? '', `which tunnel carries ${describeEndpoint(d)}`);
    this.hop('vpn', link.address, link.name, 'pass', `tunnel to ${link.remote.name}`);
    const holders = d.kind === 'range' ? this.estate.subnetsHolding(d.range) : [];
    if (holders.length === 0)
      return this.allowed('vpn', link.address, link.name, `beyond the tunnel: ${link.remote.name} (not modelled)`);
    return this.deliver(holders[0].site, packet);
  }

  /** Into the estate subnet that holds the destination: its NSG, then the NIC's. */
  public deliver(site: SitePlane, packet: Packet): End {
    const d = packet.destination;
    if (d.kind !== 'range') return this.unknown('deliver', '', `${describeEndpoint(d)} is not an estate address`);
    const holders = this.estate.subnetsHolding(d.range);
    const target = holders.find((h) => h.site === site) ?? holders[0];
    if (target === undefined)
      return this.denied('deliver', '', '', `no subnet in the estate holds ${d.range.toString()}`);
    if (
      holders.length > 1 &&
      !holders.every((h) => h.site === target.site && h.subnet === target.subnet) &&
      holders[0].site !== site
    )
      return this.unknown('deliver', target.subnet.address, `${d.range.toString()} is in more than one estate subnet`);
    const nic = d.range.size === 1n ? this.nicAt(target.site, d.range) : undefined;
    const end = this.nsgs(target.site, target.subnet, nic, 'Inbound', packet);
    if (end !== undefined) return end;
    return this.allowed(
      'deliver',
      nic?.address ?? target.subnet.address,
      target.subnet.name,
      `delivered in ${target.site.site.name}/${target.subnet.name}`,
    );
  }

  public nicAt(site: SitePlane, address: Cidr): Nic | undefined {
    return site.plane.nics.find((n) =>
      n.privateIps.some((ip) => !isUnknown(ip) && cidrOf(ip)?.equals(address) === true),
    );
  }
}

/** Whether the NAT gateway has an IPv6 public IP or prefix (a Tri: unknown names why). */
function natCarriesIpv6(site: SitePlane, address: string): Tri {
  const gateway = site.site.natEgress.find((n) => n.address === address);
  if (gateway === undefined) return { unknown: `NAT gateway ${address} is not in the input` };
  if (gateway.ipv6 === undefined) return { unknown: `the IP versions of the public IPs of ${address}` };
  return isUnknown(gateway.ipv6) ? { unknown: gateway.ipv6.unknown } : gateway.ipv6;
}

/**
 * The NIC's first public IP of the version (one not in the input counts as IPv4, Azure's
 * default), or one whose version is not known.
 */
function nicPublicIp(
  site: SitePlane,
  nic: Nic | undefined,
  version: 'IPv4' | 'IPv6',
): { readonly address: string } | { readonly address: string; readonly unknown: string } | undefined {
  const holder = nic?.address ?? '';
  for (const reference of nic?.publicIps ?? []) {
    // The IPv4 path has always counted a public IP whose reference is not known.
    if (isUnknown(reference))
      return version === 'IPv4' ? { address: holder } : { address: holder, unknown: `public IP: ${reference.unknown}` };
    const ip = site.plane.publicIps.find((p) => p.address === reference);
    const stated = ip?.ipVersion ?? 'IPv4';
    if (isUnknown(stated)) return { address: reference, unknown: `the IP version of ${reference}: ${stated.unknown}` };
    if (stated === version) return { address: reference };
  }
  return undefined;
}

export type { Endpoint };
