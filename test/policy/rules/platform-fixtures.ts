// SPDX-License-Identifier: Apache-2.0
/** Small model fragments for the platform rules' tests, evaluated through the engine and the built-in packs. */
import type { EgressFlow, Placement, Site } from '../../../lib/model/types';
import { evaluate } from '../../../lib/policy/engine';
import type { Finding } from '../../../lib/policy/finding';
import { emptySite } from '../../model/empty-site';
import { TODAY } from '../util';

/** The findings of one requirement for a one-site estate. */
export function findingsFor(site: Site, requirement: string): Finding[] {
  return evaluate({ version: 1, sites: [site] }, { today: TODAY }).findings.filter(
    (f) => f.requirement === requirement,
  );
}

/** `kind:severity path` of each finding: compact to assert on. */
export function summary(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.kind}:${f.severity} ${f.path}`);
}

/** A site (australiaeast unless overridden). */
export function site(overrides: Partial<Site> = {}): Site {
  return emptySite('clinic', overrides);
}

/** A placement of `address` (type taken from it). */
export function placed(address: string, location: Placement['location'], zones: Placement['zones'] = []): Placement {
  return { type: address.split('.')[0], path: `clinic/${address}`, address, location, zones };
}

/** An allowed TCP flow; `overrides` replace any field. */
export function flow(name: string, overrides: Partial<EgressFlow> = {}): EgressFlow {
  return {
    name,
    path: `clinic/rules/${name}`,
    address: 'azurerm_firewall_policy_rule_collection_group.rules',
    ruleKind: 'application',
    collection: 'vendors',
    priority: 200,
    action: 'Allow',
    fqdns: [],
    addresses: [],
    protocol: 'tcp',
    ports: ['443'],
    appProtocol: 'https',
    sources: ['10.1.1.0/24'],
    terminateTls: false,
    ...overrides,
  };
}
