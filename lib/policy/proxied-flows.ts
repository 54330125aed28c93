// SPDX-License-Identifier: Apache-2.0
/**
 * Which flows a site's clients hand to the firewall's explicit proxy. One definition for the
 * AZURE-EXPLICIT-PROXY rule and the hand-over files (PAC, proxy override, NO_PROXY), so what
 * the clients are told and what is checked cannot drift apart.
 */
import type { ProxyScheme } from '../dataplane';
import type { AppProtocol, EgressFlow, Site } from '../model/types';
import { fqdnMatches, knownValues, parsedFqdn } from './match';

/** True when the host goes direct, not through the proxy (a bypass entry names it). */
export function bypassed(site: Pick<Site, 'bypass'>, host: string): boolean {
  return site.bypass.some((entry) => fqdnMatches(entry.host, host));
}

/**
 * Whether the clients hand the flow to the proxy: as the model says (`viaProxy`, which the
 * constructs record), else — a PAC that sends all but its exceptions to the proxy — every allowed
 * hostname flow that is not carried by a VPN and not wholly in the bypass list.
 */
export function handedToProxy(site: Pick<Site, 'bypass'>, flow: EgressFlow): boolean {
  if (flow.action !== 'Allow') return false;
  if (flow.viaProxy !== undefined) return flow.viaProxy;
  const hosts = knownValues(flow.fqdns);
  return flow.viaVpn === undefined && hosts.length > 0 && !hosts.every((host) => bypassed(site, host));
}

/** The flow's known destinations that are hostnames (an entry that is not one cannot be handed out). */
function hostnamesOf(flow: EgressFlow): string[] {
  return knownValues(flow.fqdns).filter((host) => parsedFqdn(host) !== null);
}

/**
 * The hostnames the clients of a site with the Azure Firewall explicit proxy hand to it, sorted
 * and deduplicated, bypassed ones left out (they go direct); undefined when the site has no
 * explicit proxy (a proxy appliance carries whatever it is given).
 */
export function proxiedHosts(site: Site): string[] | undefined {
  if (site.proxy?.azureExplicitProxy !== true) return undefined;
  const hosts = site.egress
    .filter((flow) => handedToProxy(site, flow))
    .flatMap((flow) => hostnamesOf(flow))
    .filter((host) => !bypassed(site, host));
  return [...new Set(hosts)].sort();
}

/**
 * Hostnames of allowed flows the clients keep off the proxy (FTPS, SFTP, anything the proxy cannot
 * carry), less those some proxied flow also names (a proxied `*.example.org` names
 * `ftp.example.org`): the exceptions a proxy override must list.
 */
export function directHosts(site: Site): string[] {
  const proxied = proxiedHosts(site) ?? [];
  const hosts = site.egress
    .filter((flow) => flow.action === 'Allow' && !handedToProxy(site, flow))
    .flatMap((flow) => hostnamesOf(flow))
    .filter((host) => !proxied.some((entry) => fqdnMatches(entry, host)));
  return [...new Set(hosts)].sort();
}

/**
 * How a vendor's required flow reaches its host on a site with the Azure Firewall explicit proxy:
 * handed to the proxy (`http` or `https`) when the clients hand it there — as the site's flows
 * naming the host say, or, with none naming it, unless the bypass list does — else undefined: a
 * direct packet. Only HTTP and HTTPS go through the proxy.
 */
export function proxySchemeFor(site: Site, host: string, app: AppProtocol): ProxyScheme | undefined {
  if (site.proxy?.azureExplicitProxy !== true || (app !== 'http' && app !== 'https')) return undefined;
  const naming = site.egress.filter(
    (flow) => flow.action === 'Allow' && hostnamesOf(flow).some((h) => fqdnMatches(h, host)),
  );
  const handed = naming.length > 0 ? naming.some((flow) => handedToProxy(site, flow)) : !bypassed(site, host);
  return handed ? app : undefined;
}
