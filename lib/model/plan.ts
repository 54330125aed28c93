// SPDX-License-Identifier: Apache-2.0
import { ClinicnetError } from '../core/errors';
import { AddressPlan, PlanRange, RangeKind } from '../net/address-plan';
import { Cidr } from '../net/cidr';
import { isUnknown, Maybe, NetworkModel, Site, VpnLink } from './types';
import { appendAll } from '../core/append';

/** A range the model mentions but whose address cannot be known or read. */
export interface UnknownRange {
  readonly site: string;
  readonly path: string;
  /** What the range is and why it is unknown. */
  readonly what: string;
}

/** The estate's address plan, plus every range that could not go into it. */
export interface ModelAddressPlan {
  readonly plan: AddressPlan;
  readonly unknowns: UnknownRange[];
}

/**
 * What a site holds by itself, whatever other sites the plan has: its VNet ranges (spaces,
 * then subnets) and client pools, the ranges that could not be read, and its VNets whose
 * spaces are unknown. Reused by every plan of the same site (the estate's, each custo group's).
 */
interface OwnRanges {
  readonly vnets: PlanRange[];
  readonly vnetUnknowns: UnknownRange[];
  readonly unresolvedVnets: string[];
  readonly pools: PlanRange[];
  readonly poolUnknowns: UnknownRange[];
}

/** Each site's own ranges, for plans built from the same sites (keep one per model, never across models). */
export class SiteRangesMemo {
  private readonly bySite = new Map<Site, OwnRanges>();

  public of(site: Site): OwnRanges {
    let own = this.bySite.get(site);
    if (own === undefined) this.bySite.set(site, (own = ownRanges(site)));
    return own;
  }
}

/**
 * Builds the estate-wide address plan of a model: VNet address spaces, subnets (parent =
 * `site/vnet`), remote prefixes of VPN links to networks outside the estate, and
 * point-to-site client pools. Unknown or unreadable CIDRs go to `unknowns`, never dropped.
 * `memo` shares each site's own ranges between plans of the same model's sites.
 */
export function addressPlanOf(model: NetworkModel, memo: SiteRangesMemo = new SiteRangesMemo()): ModelAddressPlan {
  const plan = new AddressPlan();
  const unknowns: UnknownRange[] = [];
  const estateSites = new Set(model.sites.map((s) => s.name));
  // The same remote network reached from two links (two hubs, active-active) is one network.
  const seenRemote = new Set<string>();
  for (const site of model.sites) {
    const own = memo.of(site);
    for (const range of own.vnets) plan.add(range);
    for (const name of own.unresolvedVnets) plan.markUnresolvedVnet(name);
    appendAll(unknowns, own.vnetUnknowns);
    for (const link of site.vpnLinks) {
      // A link to another estate site describes that site's own VNets: not a second range.
      if (link.remote.site !== undefined && estateSites.has(link.remote.site)) continue;
      const gateway = remoteGatewayId(site, link.remote);
      for (const prefix of link.remote.prefixes) {
        const key = isUnknown(prefix) ? undefined : `${gateway} ${prefix}`;
        if (key !== undefined && seenRemote.has(key)) continue;
        if (key !== undefined) seenRemote.add(key);
        const range = rangeOf(
          site,
          prefix,
          'remote prefix of VPN link',
          link.name,
          `${site.name}/${link.name}/${link.remote.name}`,
          'onprem',
          link.path,
          undefined,
          unknowns,
        );
        if (range !== undefined) plan.add(range);
      }
    }
    for (const range of own.pools) plan.add(range);
    appendAll(unknowns, own.poolUnknowns);
  }
  return { plan, unknowns };
}

/** A site's VNets, subnets and client pools as ranges, in the order the plan adds them. */
function ownRanges(site: Site): OwnRanges {
  const own: OwnRanges = { vnets: [], vnetUnknowns: [], unresolvedVnets: [], pools: [], poolUnknowns: [] };
  for (const vnet of site.vnets) {
    const vnetName = `${site.name}/${vnet.name}`;
    for (const space of vnet.addressSpaces) {
      const range = rangeOf(
        site,
        space,
        'address space of VNet',
        vnet.name,
        vnetName,
        'vnet',
        vnet.path,
        undefined,
        own.vnetUnknowns,
      );
      if (range !== undefined) own.vnets.push(range);
      // Its subnets may sit in the space nobody can see yet: not judged outside the VNet.
      else own.unresolvedVnets.push(vnetName);
    }
    for (const subnet of vnet.subnets) {
      for (const prefix of subnet.addressPrefixes) {
        const range = rangeOf(
          site,
          prefix,
          'address prefix of subnet',
          subnet.name,
          `${vnetName}/${subnet.name}`,
          'subnet',
          subnet.path,
          vnetName,
          own.vnetUnknowns,
        );
        if (range !== undefined) own.vnets.push(range);
      }
    }
  }
  for (const pool of site.vpnClientPools) {
    const path = site.vpnGateway?.path ?? site.path;
    const label = isUnknown(pool) ? 'unknown' : pool;
    const range = rangeOf(
      site,
      pool,
      'VPN client address pool',
      undefined,
      `${site.name}/vpn-client-pool/${label}`,
      'vpn-client-pool',
      path,
      undefined,
      own.poolUnknowns,
    );
    if (range !== undefined) own.pools.push(range);
  }
  return own;
}

/**
 * The range, or undefined after recording in `unknowns` why it cannot be (`what` and `of`
 * name it, joined only then). Built by assignment in one key order (not spread): thousands
 * of them, read by every address rule.
 */
function rangeOf(
  site: Site,
  value: Maybe<string>,
  what: string,
  of: string | undefined,
  name: string,
  kind: RangeKind,
  path: string,
  parent: string | undefined,
  unknowns: UnknownRange[],
): PlanRange | undefined {
  if (isUnknown(value)) {
    unknowns.push({ site: site.name, path, what: `${described(what, of)}: unknown (${value.unknown})` });
    return undefined;
  }
  let cidr: Cidr;
  try {
    cidr = Cidr.parse(value);
  } catch (e) {
    if (!(e instanceof ClinicnetError)) throw e;
    unknowns.push({ site: site.name, path, what: `${described(what, of)}: unreadable (${e.message})` });
    return undefined;
  }
  return parent === undefined
    ? { name, kind, path, site: site.name, cidr }
    : { name, kind, parent, path, site: site.name, cidr };
}

function described(what: string, of: string | undefined): string {
  return of === undefined ? what : `${what} ${of}`;
}

/** The remote gateway's public identity when known, else the local network gateway of this site. */
function remoteGatewayId(site: Site, remote: VpnLink['remote']): string {
  // The links of a vWAN VPN site are tunnels to one branch network, whatever each link's address.
  if (remote.address.startsWith('azurerm_vpn_site.')) return `vpn-site:${remote.name}/${remote.address}`;
  if (remote.gatewayAddress !== undefined && !isUnknown(remote.gatewayAddress)) return `ip:${remote.gatewayAddress}`;
  if (remote.gatewayFqdn !== undefined && !isUnknown(remote.gatewayFqdn)) return `fqdn:${remote.gatewayFqdn}`;
  return `lng:${site.name}/${remote.name}`;
}
