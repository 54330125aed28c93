// SPDX-License-Identifier: Apache-2.0
/**
 * A request handed to Azure Firewall's explicit proxy: the client's packet to the proxy's port
 * on the firewall's private IP (its NSGs and route), then only the firewall's application rules
 * (network rules never see proxied traffic), then the firewall's own way out. Which firewall: one
 * of the client's site whose policy chain runs the proxy, else the one the client's default
 * route leads to, if that one runs it.
 */
import type { DataPlaneFirewall, DataPlaneSubnet, ExplicitProxyPorts } from '../model/dataplane';
import { isUnknown } from '../model/types';
import { Cidr } from '../net/cidr';
import type { SitePlane } from './estate';
import { policyChain } from './firewall';
import { cidrOf } from './match';
import type { Packet } from './nsg';
import { effectiveRoute, routesOf } from './routes';
import type { ProxyScheme } from './types';
import type { End, InSubnet, Walk } from './walk';

const DEFAULT_ROUTE = Cidr.parse('0.0.0.0/0');

interface ProxyFirewall {
  readonly site: SitePlane;
  readonly firewall: DataPlaneFirewall;
  readonly ports: ExplicitProxyPorts;
  /** Terraform address of the policy that enables the proxy. */
  readonly policy: string;
}

/** The request from a client in `subnet` (`packet.source` its address) through the explicit proxy. */
export function throughProxy(walk: Walk, from: InSubnet, packet: Packet, scheme: ProxyScheme): End {
  const proxy = proxyFor(walk, from.site, from.subnet);
  if (proxy === undefined)
    return walk.unknown(
      'proxy',
      from.subnet.address,
      `no explicit proxy for ${from.subnet.name}: no firewall of ${from.site.site.name}, nor the one its default route leads to, enables explicit_proxy`,
    );
  const port = scheme === 'https' ? proxy.ports.httpsPort : proxy.ports.httpPort;
  if (isUnknown(port)) return walk.unknown('proxy', proxy.policy, `explicit proxy ${scheme} port: ${port.unknown}`);
  const ip = proxy.firewall.privateIp;
  if (isUnknown(ip)) return walk.unknown('proxy', proxy.firewall.address, `firewall private IP: ${ip.unknown}`);
  const range = cidrOf(ip);
  if (range === undefined)
    return walk.unknown('proxy', proxy.firewall.address, `firewall private IP ${ip} is not an address`);
  const toProxy: Packet = { ...packet, destination: { kind: 'range', range }, protocol: 'tcp', port };
  const reached = toTheProxy(walk, from, proxy, toProxy);
  if (reached !== undefined) return reached;
  walk.hop(
    'proxy',
    proxy.policy,
    'explicit_proxy',
    'pass',
    `handed to the explicit proxy at ${ip}:${port} (${scheme})`,
  );
  return walk.throughFirewall(proxy.site, proxy.firewall, packet, true);
}

/** The client's packet to the proxy port: its outbound NSGs and route; undefined when it arrives. */
function toTheProxy(walk: Walk, from: InSubnet, proxy: ProxyFirewall, packet: Packet): End | undefined {
  const out = walk.nsgs(from.site, from.subnet, from.nic, 'Outbound', packet);
  if (out !== undefined) return out;
  const route = effectiveRoute(routesOf(from.site, from.subnet), packet.destination);
  if ('unknown' in route) return walk.unknown('route', from.subnet.address, route.unknown);
  const target = `the proxy at ${proxy.firewall.address}`;
  const detail = `to ${target}: ${route.prefix.toString()} → ${route.nextHop} (${route.source})`;
  if (route.nextHop === 'VnetLocal' || route.nextHop === 'VNetPeering') {
    walk.hop('route', route.address, route.name, 'pass', detail);
    return undefined;
  }
  if (route.nextHop === 'VirtualAppliance' && walk.firewallAt(from.site, route)?.firewall === proxy.firewall) {
    walk.hop('route', route.address, route.name, 'pass', `${detail}: the firewall itself`);
    return undefined;
  }
  if (route.nextHop === 'None') return walk.denied('route', route.address, route.name, `${detail}: Azure drops it`);
  return walk.unknown('route', route.address, `${detail}: whether it reaches the proxy is not modelled`);
}

/** The firewall whose explicit proxy serves the subnet, or undefined. */
function proxyFor(walk: Walk, site: SitePlane, subnet: DataPlaneSubnet): ProxyFirewall | undefined {
  for (const firewall of site.plane.firewalls) {
    const found = proxyOf(walk, site, firewall);
    if (found !== undefined) return found;
  }
  const route = effectiveRoute(routesOf(site, subnet), { kind: 'range', range: DEFAULT_ROUTE });
  if ('unknown' in route || route.nextHop !== 'VirtualAppliance') return undefined;
  const routed = walk.firewallAt(site, route);
  return routed === undefined ? undefined : proxyOf(walk, routed.site, routed.firewall);
}

/** The firewall's proxy: from its own policy, else the nearest parent that enables one. */
function proxyOf(walk: Walk, site: SitePlane, firewall: DataPlaneFirewall): ProxyFirewall | undefined {
  if (firewall.policy === undefined || isUnknown(firewall.policy)) return undefined;
  const { policies } = policyChain(walk.estate, site, firewall.policy);
  for (let i = policies.length - 1; i >= 0; i--) {
    const ports = policies[i].explicitProxy;
    if (ports !== undefined) return { site, firewall, ports, policy: policies[i].address };
  }
  return undefined;
}
