// SPDX-License-Identifier: Apache-2.0
/** Shared builders for the construct tests: a small estate and synth helpers. */
import { App, Testing } from 'cdktf';
import { ClinicEstate, ClinicSite, type ClinicSiteProps } from '../../lib/constructs';
import { Cidr } from '../../lib/net/cidr';

/** A test app and an empty estate in it (these tests are about what the constructs emit; the gate's tests are elsewhere). */
export function testEstate(): { app: App; estate: ClinicEstate } {
  const app = Testing.app();
  const estate = new ClinicEstate(app, 'estate', { name: 'test' });
  return { app, estate };
}

/** Props of a clinic in `10.<octet>.0.0/16`: firewall /26, gateway /27, one workload subnet. */
export function clinicProps(octet: number, overrides: Partial<ClinicSiteProps> = {}): ClinicSiteProps {
  return {
    kind: 'clinic',
    region: 'australiaeast',
    addressSpace: [Cidr.parse(`10.${octet}.0.0/16`)],
    firewallSubnet: Cidr.parse(`10.${octet}.0.0/26`),
    gatewaySubnet: Cidr.parse(`10.${octet}.0.64/27`),
    workloadSubnets: [{ name: 'clinical', prefix: Cidr.parse(`10.${octet}.1.0/24`) }],
    ...overrides,
  };
}

/** A clinic site in a fresh estate. */
export function testClinic(overrides: Partial<ClinicSiteProps> = {}): {
  app: App;
  estate: ClinicEstate;
  site: ClinicSite;
} {
  const { app, estate } = testEstate();
  return { app, estate, site: new ClinicSite(estate, 'clinic', clinicProps(1, overrides)) };
}

/** The synthesized stack as a string, for the cdktf matchers. */
export function synth(site: ClinicSite): string {
  return Testing.synth(site);
}

/** Resources of one Terraform type in a synthesized stack, by logical id. */
export function resourcesOf(synthesized: string, type: string): Record<string, Record<string, unknown>> {
  const parsed = JSON.parse(synthesized) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  return parsed.resource?.[type] ?? {};
}

/** The only resource of a type, failing loudly when there is not exactly one. */
export function onlyResource(synthesized: string, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(synthesized, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** A synthesized stack's JSON, as far as the construct tests read it. */
export interface StackJson {
  readonly provider: Record<string, unknown>;
  readonly terraform: { readonly backend: Record<string, Record<string, unknown>> };
  readonly output: Record<string, { readonly value: Record<string, unknown> }>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data: Record<string, Record<string, Record<string, unknown>>>;
}

/** Parses a synthesized stack (cdktf wrote it, so its shape is known). */
export function stackJson(synthesized: string): StackJson {
  return JSON.parse(synthesized) as StackJson;
}

/** One rule of a firewall policy rule collection, in Terraform JSON. */
export interface FirewallRuleJson {
  readonly name: string;
  readonly description?: string;
  readonly protocols?: unknown[];
  readonly destination_fqdns?: string[];
  readonly destination_addresses?: string[];
  readonly destination_ports?: string[];
}

/** A rule collection (network, application or NAT) of a rule collection group. */
export interface RuleCollectionJson {
  readonly name: string;
  readonly priority: number;
  readonly action: string;
  readonly rule: FirewallRuleJson[];
}

/** A firewall policy rule collection group; absent collection kinds are undefined. */
export interface RuleCollectionGroupJson {
  readonly name: string;
  readonly priority: number;
  readonly network_rule_collection?: RuleCollectionJson[];
  readonly application_rule_collection?: RuleCollectionJson[];
  readonly nat_rule_collection?: RuleCollectionJson[];
}

/** Every firewall policy rule collection group of a synthesized stack. */
export function ruleCollectionGroups(synthesized: string): RuleCollectionGroupJson[] {
  return Object.values(resourcesOf(synthesized, 'azurerm_firewall_policy_rule_collection_group')).map(
    (group) => group as unknown as RuleCollectionGroupJson,
  );
}

/** The only firewall policy rule collection group of a synthesized stack. */
export function onlyRuleCollectionGroup(synthesized: string): RuleCollectionGroupJson {
  return onlyResource(
    synthesized,
    'azurerm_firewall_policy_rule_collection_group',
  ) as unknown as RuleCollectionGroupJson;
}

/** The `index`th collection of one kind in a group, failing loudly when there is none. */
export function collectionOf(
  group: RuleCollectionGroupJson,
  kind: 'network' | 'application' | 'nat',
  index = 0,
): RuleCollectionJson {
  const collection = group[`${kind}_rule_collection`]?.[index];
  if (collection === undefined) throw new Error(`no ${kind} rule collection #${index} in ${group.name}`);
  return collection;
}
