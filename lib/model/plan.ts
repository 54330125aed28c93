// SPDX-License-Identifier: Apache-2.0
import { ClinicnetError } from '../errors';
import { AddressPlan, RangeKind } from '../net/address-plan';
import { Cidr } from '../net/cidr';
import { isUnknown, Maybe, NetworkModel, Site, VpnLink } from './types';

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
 * Builds the estate-wide address plan of a model: VNet address spaces, subnets (parent =
 * `site/vnet`), remote prefixes of VPN links to networks outside the estate, and
 * point-to-site client pools. Unknown or unreadable CIDRs go to `unknowns`, never dropped.
 */
export function addressPlanOf(model: NetworkModel): ModelAddressPlan {
  const plan = new AddressPlan();
  const unknowns: UnknownRange[] = [];
  const estateSites = new Set(model.sites.map((s) => s.name));
  // The same remote network reached from two links (two hubs, active-active) is one network.
  const seenRemote = new Set<string>();

  /**
   * Adds the range, or records why it cannot be; true when added. The range is built by
   * assignment in one key order (not spread): thousands of them, read by every address rule.
   */
  const add = (site: Site, value: Maybe<string>, what: string, name: string, kind: RangeKind, path: string, parent?: string): boolean => {
    if (isUnknown(value)) {
      unknowns.push({ site: site.name, path, what: `${what}: unknown (${value.unknown})` });
      return false;
    }
    let cidr: Cidr;
    try {
      cidr = Cidr.parse(value);
    } catch (e) {
      if (!(e instanceof ClinicnetError)) throw e;
      unknowns.push({ site: site.name, path, what: `${what}: unreadable (${e.message})` });
      return false;
    }
    plan.add(parent === undefined ? { name, kind, path, site: site.name, cidr } : { name, kind, parent, path, site: site.name, cidr });
    return true;
  };

  for (const site of model.sites) {
    for (const vnet of site.vnets) {
      const vnetName = `${site.name}/${vnet.name}`;
      for (const space of vnet.addressSpaces) {
        const added = add(site, space, `address space of VNet ${vnet.name}`, vnetName, 'vnet', vnet.path);
        // Its subnets may sit in the space nobody can see yet: not judged outside the VNet.
        if (!added) plan.markUnresolvedVnet(vnetName);
      }
      for (const subnet of vnet.subnets) {
        for (const prefix of subnet.addressPrefixes) {
          add(site, prefix, `address prefix of subnet ${subnet.name}`, `${vnetName}/${subnet.name}`, 'subnet', subnet.path, vnetName);
        }
      }
    }
    for (const link of site.vpnLinks) {
      // A link to another estate site describes that site's own VNets: not a second range.
      if (link.remote.site !== undefined && estateSites.has(link.remote.site)) continue;
      const gateway = remoteGatewayId(site, link.remote);
      for (const prefix of link.remote.prefixes) {
        const key = isUnknown(prefix) ? undefined : `${gateway} ${prefix}`;
        if (key !== undefined && seenRemote.has(key)) continue;
        if (key !== undefined) seenRemote.add(key);
        add(site, prefix, `remote prefix of VPN link ${link.name}`, `${site.name}/${link.name}/${link.remote.name}`, 'onprem', link.path);
      }
    }
    for (const pool of site.vpnClientPools) {
      const path = site.vpnGateway?.path ?? site.path;
      const label = isUnknown(pool) ? 'unknown' : pool;
      add(site, pool, 'VPN client address pool', `${site.name}/vpn-client-pool/${label}`, 'vpn-client-pool', path);
    }
  }
  return { plan, unknowns };
}

/** The remote gateway's public identity when known, else the local network gateway of this site. */
function remoteGatewayId(site: Site, remote: VpnLink['remote']): string {
  if (remote.gatewayAddress !== undefined && !isUnknown(remote.gatewayAddress)) return `ip:${remote.gatewayAddress}`;
  if (remote.gatewayFqdn !== undefined && !isUnknown(remote.gatewayFqdn)) return `fqdn:${remote.gatewayFqdn}`;
  return `lng:${site.name}/${remote.name}`;
}
