// SPDX-License-Identifier: Apache-2.0
/**
 * One order for every list in the model, so both sources (constructs and the terraform
 * reader) produce identical JSON for the same network, and reports are deterministic.
 */
import type { Maybe, NetworkModel, Site, VirtualNetwork } from './types';
import { isUnknown } from './types';

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

const maybeKey = (value: Maybe<unknown>): string =>
  isUnknown(value) ? `~unknown:${value.unknown}` : String(value);

/** Sorts a list of maybe-values: known values first in text order, unknowns after. */
export function sortMaybes<T>(values: readonly Maybe<T>[]): Maybe<T>[] {
  return [...values].sort(byKey(maybeKey));
}

function canonicalVnet(vnet: VirtualNetwork): VirtualNetwork {
  return {
    ...vnet,
    addressSpaces: sortMaybes(vnet.addressSpaces),
    subnets: [...vnet.subnets].sort(byKey((s) => s.name)),
  };
}

/** The same site with every list in canonical order. */
export function canonicalSite(site: Site): Site {
  return {
    ...site,
    packs: [...site.packs].sort(),
    vnets: [...site.vnets].map(canonicalVnet).sort(byKey((v) => v.name)),
    egress: [...site.egress].sort(byKey((f) => `${f.collection}\u0000${f.name}`)),
    inbound: [...site.inbound].sort(byKey((f) => f.name)),
    bypass: [...site.bypass].sort(byKey((b) => b.host)),
    natEgress: [...site.natEgress].sort(byKey((n) => n.name)),
    vpnLinks: [...site.vpnLinks].sort(byKey((l) => l.name)),
    vpnClientPools: sortMaybes(site.vpnClientPools),
    logSinks: [...site.logSinks].sort(byKey((s) => s.name)),
    dns: { firewallServers: sortMaybes(site.dns.firewallServers), privateZones: [...site.dns.privateZones].sort() },
  };
}

/** The same model with sites sorted by name and every list in canonical order. */
export function canonicalModel(model: NetworkModel): NetworkModel {
  return { version: model.version, sites: model.sites.map(canonicalSite).sort(byKey((s) => s.name)) };
}
