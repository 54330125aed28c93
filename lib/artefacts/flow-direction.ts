// SPDX-License-Identifier: Apache-2.0
/** Which allowed flows of a site are its own egress, and which admit traffic arriving over a VPN. */
import type { EgressFlow, Site } from '../model/types';

/**
 * The rule collection holding arrivals from another estate site over a VPN (the constructs'
 * layout, docs/constructs.md): the firewall admits them, but this site never sends them, so they
 * are inbound, and a connectivity test from this site must not probe them.
 */
const ARRIVAL_COLLECTION = 'inbound-from-vpn';

/** True for a rule admitting traffic that arrives over a VPN. */
export function isArrival(flow: EgressFlow): boolean {
  return flow.collection === ARRIVAL_COLLECTION;
}

/** The allowed flows this site itself sends, with or without a requirement id. */
export function allowedEgress(site: Site): EgressFlow[] {
  return site.egress.filter((f) => f.action === 'Allow' && !isArrival(f));
}

/** The allowed arrivals over a VPN. */
export function allowedArrivals(site: Site): EgressFlow[] {
  return site.egress.filter((f) => f.action === 'Allow' && isArrival(f));
}
