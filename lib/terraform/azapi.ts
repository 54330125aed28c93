// SPDX-License-Identifier: Apache-2.0
/**
 * `azapi_resource` virtual networks and subnets (the current Azure Verified Modules write VNets
 * this way) read as the azurerm resources they are: a VNet of `Microsoft.Network/virtualNetworks`
 * with its `body.properties` (address space, DNS servers, subnets), a subnet of
 * `Microsoft.Network/virtualNetworks/subnets` under its `parent_id`. A subnet's route table, NSG
 * and NAT gateway become the associations the readers follow. Each keeps its address, so
 * references to `azapi_resource.x` still find it; a body that is not known before apply (an
 * unevaluated `jsonencode`) leaves the resource as it is, reported as unmodelled.
 */
import type { TfDocument, TfResource } from './document';
import { isObject } from './document';

const VNET = /^microsoft\.network\/virtualnetworks(@|$)/i;
const SUBNET = /^microsoft\.network\/virtualnetworks\/subnets(@|$)/i;

/** The body as an object: written as one, or as JSON text (an evaluated `jsonencode`). */
function bodyOf(resource: TfResource): Record<string, unknown> | undefined {
  const body = resource.values.body;
  if (isObject(body)) return body;
  if (typeof body !== 'string' || body.includes('${')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

const propertiesOf = (body: Record<string, unknown>): Record<string, unknown> =>
  isObject(body.properties) ? body.properties : {};

const idOf = (value: unknown): unknown => (isObject(value) ? value.id : undefined);

/** A name usable in a Terraform address. */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** The subnet attributes of `properties`, and the associations its route table, NSG and NAT gateway stand for. */
function subnetParts(
  subnet: TfResource,
  properties: Record<string, unknown>,
  subnetRef: string,
): { prefixes: unknown; associations: TfResource[] } {
  const prefixes =
    properties.addressPrefixes ?? (properties.addressPrefix === undefined ? undefined : [properties.addressPrefix]);
  const links: [string, string, unknown][] = [
    ['azurerm_subnet_route_table_association', 'route_table_id', idOf(properties.routeTable)],
    [
      'azurerm_subnet_network_security_group_association',
      'network_security_group_id',
      idOf(properties.networkSecurityGroup),
    ],
    ['azurerm_subnet_nat_gateway_association', 'nat_gateway_id', idOf(properties.natGateway)],
  ];
  const associations = links
    .filter(([, , id]) => id !== undefined)
    .map(([type, attribute, id]): TfResource => {
      const name = `${subnet.name}__${attribute.replace(/_id$/, '')}`;
      return {
        ...subnet,
        type,
        name,
        address: subnet.module === '' ? `${type}.${name}` : `${subnet.module}.${type}.${name}`,
        values: { subnet_id: subnetRef, [attribute]: id },
        expressions: {},
      };
    });
  return { prefixes, associations };
}

/** An azapi VNet as an azurerm VNet, its inline subnets as azurerm subnets of it. */
function vnetOf(resource: TfResource, body: Record<string, unknown>): TfResource[] {
  const properties = propertiesOf(body);
  const space = isObject(properties.addressSpace) ? properties.addressSpace.addressPrefixes : undefined;
  const dns = isObject(properties.dhcpOptions) ? properties.dhcpOptions.dnsServers : undefined;
  const values: Record<string, unknown> = { name: resource.values.name, location: resource.values.location };
  if (space !== undefined) values.address_space = space;
  if (dns !== undefined) values.dns_servers = dns;
  if (resource.values.tags !== undefined) values.tags = resource.values.tags;
  if (typeof resource.values.id === 'string') values.id = resource.values.id;
  const vnet: TfResource = { ...resource, type: 'azurerm_virtual_network', values, expressions: {} };
  const vnetName = resource.planned ? resource.values.name : `\${${resource.address}.name}`;
  const subnets = (Array.isArray(properties.subnets) ? properties.subnets : []).filter(isObject);
  return [
    vnet,
    ...subnets.flatMap((entry, i) => {
      const subnetName = typeof entry.name === 'string' ? entry.name : String(i);
      // The address Azure's id has, the form readers know for a VNet's inline subnets.
      const address = `${resource.address}/subnets/${subnetName}`;
      const name = `${resource.name}__${safe(subnetName)}`;
      const subnet: TfResource = { ...resource, type: 'azurerm_subnet', name, address, values: {}, expressions: {} };
      const ref = resource.planned ? undefined : `\${${resource.address}.id}/subnets/${subnetName}`;
      const parts = subnetParts(
        subnet,
        propertiesOf(entry),
        ref ?? `${String(resource.values.id)}/subnets/${subnetName}`,
      );
      subnet.values.name = subnetName;
      subnet.values.virtual_network_name = vnetName;
      if (parts.prefixes !== undefined) subnet.values.address_prefixes = parts.prefixes;
      return [subnet, ...parts.associations];
    }),
  ];
}

/** An azapi subnet as an azurerm subnet of the VNet its `parent_id` names. */
function subnetOf(resource: TfResource, body: Record<string, unknown>): TfResource[] {
  const parent = resource.values.parent_id;
  const reference = typeof parent === 'string' ? /^\$\{(.+)\.id\}$/.exec(parent) : null;
  const vnetName =
    reference !== null ? `\${${reference[1]}.name}` : typeof parent === 'string' ? parent.split('/').pop() : undefined;
  const subnet: TfResource = {
    ...resource,
    type: 'azurerm_subnet',
    values: { name: resource.values.name },
    expressions: {},
  };
  if (vnetName !== undefined) subnet.values.virtual_network_name = vnetName;
  if (typeof resource.values.id === 'string') subnet.values.id = resource.values.id;
  const ref =
    resource.planned && typeof resource.values.id === 'string' ? resource.values.id : `\${${resource.address}.id}`;
  const parts = subnetParts(resource, propertiesOf(body), ref);
  if (parts.prefixes !== undefined) subnet.values.address_prefixes = parts.prefixes;
  return [subnet, ...parts.associations];
}

/** The document with azapi VNets and subnets whose body is known read as azurerm ones. */
export function withAzapiNetworks(doc: TfDocument): TfDocument {
  if (!doc.resources.some((r) => r.type === 'azapi_resource')) return doc;
  const resources = doc.resources.flatMap((r) => {
    if (r.type !== 'azapi_resource' || r.mode !== 'managed' || typeof r.values.type !== 'string') return [r];
    const body = bodyOf(r);
    if (body === undefined) return [r];
    if (SUBNET.test(r.values.type)) return subnetOf(r, body);
    if (VNET.test(r.values.type)) return vnetOf(r, body);
    return [r];
  });
  return { ...doc, resources };
}
