// SPDX-License-Identifier: Apache-2.0
/**
 * Ownership that structure decides before any nearness by reference: a firewall belongs to the
 * policy it names (`firewall_policy_id`), the subnets it sits in to that policy, and their VNet
 * too. A second policy that merely mentions the VNet (a rule's `source_addresses` reading its
 * address space, say) or shares the resource group can then never take the VNet over.
 */
import type { TfResource } from './document';
import type { DocumentIndex } from './values';

/** Firewalls, their subnets and those subnets' VNets, by the policy their firewall names. */
export function structuralOwners(
  index: DocumentIndex,
  understood: readonly TfResource[],
  policies: ReadonlySet<TfResource>,
): Map<TfResource, TfResource> {
  const owners = new Map<TfResource, TfResource>();
  const claim = (resource: TfResource | undefined, policy: TfResource): void => {
    // Two policies claiming one resource: leave it to the search by reference.
    if (resource === undefined || policies.has(resource)) return;
    const other = owners.get(resource);
    if (other === undefined) owners.set(resource, policy);
    else if (other !== policy) owners.set(resource, resource);
  };
  for (const firewall of understood) {
    if (firewall.type !== 'azurerm_firewall' || firewall.mode !== 'managed') continue;
    const reader = index.reader(firewall);
    const policy = reader.target('firewall_policy_id')?.resource;
    if (policy === undefined || !policies.has(policy)) continue;
    claim(firewall, policy);
    for (const ip of reader.blocks('ip_configuration')) {
      const subnet = ip.target('subnet_id')?.resource;
      if (subnet?.type !== 'azurerm_subnet') continue;
      claim(subnet, policy);
      claim(index.reader(subnet).referencedResource('virtual_network_name'), policy);
    }
  }
  // A resource two policies claimed maps to itself: drop it.
  for (const [resource, owner] of owners) if (owner === resource) owners.delete(resource);
  return owners;
}
