// SPDX-License-Identifier: Apache-2.0
/** A valid site with nothing in it, for tests that build model pieces by hand. */
import type { Site } from '../../lib/model/types';

/** An Australian clinic named `name` with empty lists; `overrides` replace any field. */
export function emptySite(name: string, overrides: Partial<Site> = {}): Site {
  return {
    name,
    kind: 'clinic',
    region: 'australiaeast',
    packs: [],
    path: name,
    vnets: [],
    egress: [],
    inbound: [],
    bypass: [],
    tlsInspection: { enabled: false },
    natEgress: [],
    vpnLinks: [],
    vpnClientPools: [],
    logSinks: [],
    dns: { firewallServers: [], privateZones: [] },
    vendor: {},
    ...overrides,
  };
}
