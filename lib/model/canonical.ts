// SPDX-License-Identifier: Apache-2.0
/**
 * One order for every list in the model, so both sources (constructs and the terraform
 * reader) produce identical JSON for the same network, and reports are deterministic.
 */
import { type Compare, compareText as text, inOrder } from '../core/compare';
import type { Maybe, NetworkModel, Site, VirtualNetwork } from './types';
import { isUnknown } from './types';

const byKey =
  <T>(key: (item: T) => string): Compare<T> =>
  (a, b) =>
    text(key(a), key(b));

/**
 * A sorted copy. Lists usually arrive in order already, so the copy is checked first and
 * sorted only when needed (the sort is stable, so the result is the same either way).
 */
function sorted<T>(values: readonly T[], compare: Compare<T>): T[] {
  const copy = values.slice();
  return inOrder(copy, compare) ? copy : copy.sort(compare);
}

const maybeKey = (value: Maybe<unknown>): string => (isUnknown(value) ? `~unknown:${value.unknown}` : String(value));

const byMaybe = byKey(maybeKey);
const byName: Compare<{ readonly name: string }> = (a, b) => text(a.name, b.name);
const byHost: Compare<{ readonly host: string }> = (a, b) => text(a.host, b.host);
// Collection, then rule name (the order of the text `collection\0name`, without building it per comparison).
const byCollectionAndName: Compare<{ readonly collection: string; readonly name: string }> = (a, b) =>
  a.collection !== b.collection ? text(a.collection, b.collection) : text(a.name, b.name);

/** Sorts a list of maybe-values: known values first in text order, unknowns after. */
export function sortMaybes<T>(values: readonly Maybe<T>[]): Maybe<T>[] {
  return sorted(values, byMaybe);
}

function canonicalVnet(vnet: VirtualNetwork): VirtualNetwork {
  return {
    ...vnet,
    addressSpaces: sortMaybes(vnet.addressSpaces),
    subnets: sorted(vnet.subnets, byName),
  };
}

/** The same site with every list in canonical order. */
export function canonicalSite(site: Site): Site {
  return {
    ...site,
    packs: sorted(site.packs, text),
    vnets: sorted(site.vnets.map(canonicalVnet), byName),
    egress: sorted(site.egress, byCollectionAndName),
    inbound: sorted(site.inbound, byName),
    bypass: sorted(site.bypass, byHost),
    natEgress: sorted(site.natEgress, byName),
    vpnLinks: sorted(site.vpnLinks, byName),
    vpnClientPools: sortMaybes(site.vpnClientPools),
    logSinks: sorted(site.logSinks, byName),
    dns: { firewallServers: sortMaybes(site.dns.firewallServers), privateZones: sorted(site.dns.privateZones, text) },
  };
}

/** The same model with sites sorted by name and every list in canonical order. */
export function canonicalModel(model: NetworkModel): NetworkModel {
  return { version: model.version, sites: sorted(model.sites.map(canonicalSite), byName) };
}
