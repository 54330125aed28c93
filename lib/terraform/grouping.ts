// SPDX-License-Identifier: Apache-2.0
/**
 * Which resources belong to which site. A site is anchored at a firewall policy; every
 * other resource goes to the policy it is nearest to through references (a NAT association
 * → subnet → VNet → firewall → policy), then to the policy in its resource group. A virtual
 * network no policy reaches anchors a site of its own (plain Terraform without a firewall
 * policy: a site per VNet). One policy (or none, with a `clinicnet_site` output, or none and
 * one VNet) makes the whole document one site.
 */
import { compareText } from '../core/compare';
import type { TfDocument, TfResource } from './document';
import { isObject } from './document';
import { structuralOwners } from './structural-owners';
import type { DocumentIndex } from './values';

/** Resource types the reader turns into model facts; anything else is ignored. */
export const UNDERSTOOD_TYPES: ReadonlySet<string> = new Set([
  'azurerm_resource_group',
  'azurerm_virtual_network',
  'azurerm_subnet',
  'azurerm_firewall',
  'azurerm_firewall_policy',
  'azurerm_firewall_policy_rule_collection_group',
  'azurerm_firewall_application_rule_collection',
  'azurerm_firewall_network_rule_collection',
  'azurerm_firewall_nat_rule_collection',
  'azurerm_virtual_hub_connection',
  'azurerm_vpn_gateway',
  'azurerm_vpn_site',
  'azurerm_vpn_gateway_connection',
  'azurerm_nat_gateway',
  'azurerm_subnet_nat_gateway_association',
  'azurerm_route_table',
  'azurerm_route',
  'azurerm_subnet_route_table_association',
  'azurerm_nat_gateway_public_ip_association',
  'azurerm_nat_gateway_public_ip_prefix_association',
  'azurerm_public_ip',
  'azurerm_public_ip_prefix',
  'azurerm_virtual_network_gateway',
  'azurerm_local_network_gateway',
  'azurerm_virtual_network_gateway_connection',
  'azurerm_monitor_diagnostic_setting',
  'azurerm_key_vault_secret',
  'azurerm_private_dns_zone',
  'azurerm_private_dns_zone_virtual_network_link',
]);

/**
 * Types not modelled (they stay on the network-effect list) that still join a site's resources
 * by reference: a vWAN hub links its firewall, VNet connections and VPN gateway.
 */
const CONNECTOR_TYPES: ReadonlySet<string> = new Set(['azurerm_virtual_hub']);

/** Understood types that are part of a network (not a secret, log setting or resource group alone). */
export const NETWORK_TYPES: ReadonlySet<string> = new Set(
  [...UNDERSTOOD_TYPES].filter(
    (t) => !['azurerm_resource_group', 'azurerm_key_vault_secret', 'azurerm_monitor_diagnostic_setting'].includes(t),
  ),
);

/** The resources of one site, anchored at its firewall policy, else at its virtual network. */
export interface SiteGroup {
  readonly policy?: TfResource;
  /** The virtual network the site is anchored at, when no firewall policy anchors it. */
  readonly vnet?: TfResource;
  readonly resources: TfResource[];
}

// azapi_resource too: an azapi VNet or subnet is read as the azurerm one, under its own address.
const REFERENCE = /(?:data\.)?((?:azurerm|azapi)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/** Resources that `resource` refers to: `${…}` expressions, configuration references, known ids. */
function referencesOf(index: DocumentIndex, resource: TfResource): TfResource[] {
  const found = new Set<TfResource>();
  const visit = (value: unknown, inReferences: boolean): void => {
    if (typeof value === 'string') {
      if (value.includes('${') || inReferences) {
        for (const m of value.matchAll(REFERENCE)) {
          const mode = m[0].startsWith('data.') ? 'data' : 'managed';
          const target = index.find(resource.module, mode, m[1], m[2]);
          if (target) found.add(target);
        }
      } else if (value.startsWith('/subscriptions/')) {
        const target = index.findById(value);
        if (target) found.add(target);
      }
    } else if (Array.isArray(value)) {
      value.forEach((v) => visit(v, inReferences));
    } else if (isObject(value)) {
      for (const [key, v] of Object.entries(value)) if (key !== '//') visit(v, inReferences || key === 'references');
    }
  };
  visit(resource.values, false);
  visit(resource.expressions, false);
  // An association names its ends through module outputs, module inputs or `each.value` as often as directly.
  for (const target of idTargets(index, resource)) found.add(target);
  found.delete(resource);
  return [...found];
}

/** The resources a `*_id` attribute of an association points at, however the reader resolves it. */
function idTargets(index: DocumentIndex, resource: TfResource): TfResource[] {
  if (!resource.type.endsWith('_association')) return [];
  const reader = index.reader(resource);
  const names = new Set([...Object.keys(resource.values), ...Object.keys(resource.expressions ?? {})]);
  return [...names]
    .filter((name) => name.endsWith('_id'))
    .map((name) => reader.target(name)?.resource)
    .filter((t): t is TfResource => t !== undefined);
}

function textAttribute(resource: TfResource, name: string): string | undefined {
  const value = resource.values[name];
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** True for a resource that is a virtual network (an anchor of a site when no policy claims it). */
export function isVirtualNetwork(r: TfResource): boolean {
  return r.mode === 'managed' && r.type === 'azurerm_virtual_network';
}

/** The undirected reference graph among the understood resources. */
function referenceGraph(index: DocumentIndex, understood: readonly TfResource[]): Map<TfResource, Set<TfResource>> {
  const neighbours = new Map<TfResource, Set<TfResource>>(understood.map((r) => [r, new Set()]));
  for (const r of understood) {
    for (const t of referencesOf(index, r)) {
      if (!neighbours.has(t)) continue;
      neighbours.get(r)?.add(t);
      neighbours.get(t)?.add(r);
    }
  }
  return neighbours;
}

/**
 * Breadth-first from every owned resource in `frontier` at once: each resource goes to the
 * anchor nearest to it by reference (ties to the first in address order). `skip` keeps a
 * resource from being taken (another site's anchor).
 */
function spread(
  neighbours: ReadonlyMap<TfResource, ReadonlySet<TfResource>>,
  owner: Map<TfResource, TfResource>,
  start: readonly TfResource[],
  skip: (r: TfResource) => boolean,
  leaf: (r: TfResource) => boolean = () => false,
): void {
  let frontier = [...start];
  while (frontier.length > 0) {
    const next: TfResource[] = [];
    for (const r of frontier) {
      if (leaf(r)) continue;
      const sorted = [...(neighbours.get(r) ?? [])].sort((a, b) => compareText(a.address, b.address));
      for (const n of sorted) {
        if (owner.has(n) || skip(n)) continue;
        owner.set(n, owner.get(r) as TfResource);
        next.push(n);
      }
    }
    frontier = next;
  }
}

/**
 * Splits a document's understood resources into sites; `orphans` belong to none. Firewall
 * policies anchor sites first; then every virtual network no policy reached anchors one of its
 * own, grouping what it reaches by reference — never by name or resource group alone.
 */
export function groupBySite(
  index: DocumentIndex,
  doc: TfDocument,
  hasDeclaration: boolean,
  extraTypes: ReadonlySet<string> = new Set(),
): { groups: SiteGroup[]; orphans: TfResource[] } {
  const understood = doc.resources.filter(
    (r) => UNDERSTOOD_TYPES.has(r.type) || extraTypes.has(r.type) || CONNECTOR_TYPES.has(r.type),
  );
  const policies = understood
    .filter((r) => r.mode === 'managed' && r.type === 'azurerm_firewall_policy')
    .sort((a, b) => compareText(a.address, b.address));
  if (policies.length === 0 && hasDeclaration) return { groups: [{ resources: understood }], orphans: [] };
  // A policy another one names as its base is that child's parent, not a site of its own.
  const parents = parentPolicies(index, policies);
  const anchors = policies.filter((p) => !parents.has(p));
  // Every policy a parent (a cycle): Azure refuses it; keep each a site so nothing goes unread.
  const sites = anchors.length === 0 ? policies : anchors;
  if (sites.length === 1) return { groups: [{ policy: sites[0], resources: understood }], orphans: [] };
  const vnets = understood.filter(isVirtualNetwork).sort((a, b) => compareText(a.address, b.address));
  if (sites.length === 0 && vnets.length === 1)
    return { groups: [{ vnet: vnets[0], resources: understood }], orphans: [] };

  const neighbours = referenceGraph(index, understood);
  const owner = new Map<TfResource, TfResource>(sites.map((p) => [p, p]));
  // Firewalls, their subnets and VNets go to the policy their firewall names before any search.
  const structural = structuralOwners(index, understood, new Set(sites));
  for (const [r, p] of structural) owner.set(r, p);
  const start = [...sites, ...[...structural.keys()].sort((a, b) => compareText(a.address, b.address))];
  // A parent goes with the first child that reaches it; the others find it estate-wide.
  spread(neighbours, owner, start, (n) => n.type === 'azurerm_firewall_policy' && !parents.has(n));
  for (const r of understood) {
    if (owner.has(r)) continue;
    const group = textAttribute(r, r.type === 'azurerm_resource_group' ? 'name' : 'resource_group_name');
    const sameGroup = sites.filter((p) => group !== undefined && textAttribute(p, 'resource_group_name') === group);
    if (sameGroup.length === 1) owner.set(r, sameGroup[0]);
  }
  // Virtual networks no policy reached: each a site of what it reaches among what is left. A
  // resource group joins the first that reaches it but leads nowhere: sharing one is no bond.
  const free = vnets.filter((v) => !owner.has(v));
  for (const v of free) owner.set(v, v);
  spread(
    neighbours,
    owner,
    free,
    (n) => n.type === 'azurerm_firewall_policy',
    (n) => n.type === 'azurerm_resource_group',
  );
  const groupOf = (anchor: TfResource): SiteGroup => ({
    ...(anchor.type === 'azurerm_firewall_policy' ? { policy: anchor } : { vnet: anchor }),
    resources: understood.filter((r) => owner.get(r) === anchor),
  });
  // A connector no site reached is reported as unmodelled already, not again as an orphan.
  const orphans = understood.filter((r) => !owner.has(r) && !CONNECTOR_TYPES.has(r.type));
  return { groups: [...sites, ...free].map(groupOf), orphans };
}

/** The policies that another policy of the document names as its `base_policy_id`. */
function parentPolicies(index: DocumentIndex, policies: readonly TfResource[]): Set<TfResource> {
  const parents = new Set<TfResource>();
  // A lone policy has no other to be the parent of (the usual stack: one site, one policy).
  if (policies.length < 2) return parents;
  for (const policy of policies) {
    const expression = policy.expressions?.base_policy_id;
    // Only the base_policy_id attribute: any other reference between policies makes no parent.
    const base: TfResource = {
      ...policy,
      values: { base_policy_id: policy.values.base_policy_id },
      ...(expression === undefined ? { expressions: {} } : { expressions: { base_policy_id: expression } }),
    };
    for (const target of referencesOf(index, base))
      if (target !== policy && policies.includes(target)) parents.add(target);
  }
  return parents;
}
