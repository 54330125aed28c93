// SPDX-License-Identifier: Apache-2.0
/** The VPN gateway, its point-to-site pools and its site-to-site links. */
import { TAG_SITE } from '../model/encoding';
import type { IpsecPolicy, Maybe, VirtualNetwork, VpnGateway, VpnLink } from '../model/types';
import { isUnknown, unknown } from '../model/types';
import type { Draft, SiteContext } from './context';
import type { TfResource } from './document';
import { isObject } from './document';
import { readPublicIp } from './network';
import { keySourceOf } from './shared-key';
import type { AttributeReader } from './values';

/** The site's VPN gateway (the first; more are reported) and the VNet it sits in. */
export function readVpnGateway(
  ctx: SiteContext,
  vnets: VirtualNetwork[],
): { gateway?: VpnGateway; resource?: TfResource; vnet?: VirtualNetwork; clientPools: Maybe<string>[] } {
  const [resource, ...others] = ctx.ofType('azurerm_virtual_network_gateway');
  for (const other of others) ctx.problem(other, 'a second VPN gateway in the site is not in the model');
  if (resource === undefined) return { clientPools: [] };
  return ctx.read(resource, (r) => {
    const ipConfigurations = r.blocks('ip_configuration');
    const subnet = ipConfigurations[0]?.target('subnet_id');
    const vnetName = subnet?.resource ? ctx.index.reader(subnet.resource).str('virtual_network_name') : undefined;
    const vnet =
      vnets.find((v) => v.name === vnetName) ??
      vnets.find((v) => v.subnets.some((s) => s.address === subnet?.resource?.address));
    const bgp = r.blocks('bgp_settings')[0];
    const gateway: Draft<VpnGateway> = {
      name: r.text('name') ?? resource.address,
      path: resource.path,
      address: resource.address,
      type: r.str('type') ?? unknown(`${resource.address}.type`),
      vpnType: r.str('vpn_type') ?? 'RouteBased',
      sku: r.str('sku') ?? unknown(`${resource.address}.sku`),
      generation: r.str('generation') ?? unknown(`${resource.address}.generation`),
      publicIps: ipConfigurations.map((ip) => readPublicIp(ctx, ip.target('public_ip_address_id'))),
    };
    if (bgp !== undefined && bgp.has('asn')) gateway.bgpAsn = bgp.num('asn');
    const clientPools = r.blocks('vpn_client_configuration').flatMap((c) => c.strings('address_space'));
    return { gateway: gateway as VpnGateway, resource, vnet, clientPools };
  });
}

function readIpsec(r: AttributeReader): IpsecPolicy | undefined {
  const block = r.blocks('ipsec_policy')[0];
  if (block === undefined) return undefined;
  const field = (name: string) => block.str(name) ?? unknown(`${r.resource.address}.ipsec_policy.${name}`);
  const policy: Draft<IpsecPolicy> = {
    ikeEncryption: field('ike_encryption'),
    ikeIntegrity: field('ike_integrity'),
    dhGroup: field('dh_group'),
    ipsecEncryption: field('ipsec_encryption'),
    ipsecIntegrity: field('ipsec_integrity'),
    pfsGroup: field('pfs_group'),
  };
  if (block.has('sa_lifetime')) policy.saLifetimeSeconds = block.num('sa_lifetime');
  return policy as IpsecPolicy;
}

/** The local network gateway of a connection, as the link's remote end. */
function readRemote(ctx: SiteContext, r: AttributeReader): { remote: VpnLink['remote']; peerAsn?: Maybe<number> } {
  const target = r.target('local_network_gateway_id');
  if (target?.resource === undefined) {
    r.problem('its local network gateway is not in this document', 'local_network_gateway_id');
    const name = target === undefined ? 'none' : isUnknown(target.name) ? target.name.unknown : target.name;
    return { remote: { name, address: name, prefixes: [unknown(`remote prefixes of ${name}`)] } };
  }
  const lng = target.resource;
  return ctx.read(lng, (l) => {
    const tags = l.resolve('tags');
    const site =
      tags.kind === 'value' && isObject(tags.value) && typeof tags.value[TAG_SITE] === 'string'
        ? tags.value[TAG_SITE]
        : undefined;
    const bgp = l.blocks('bgp_settings')[0];
    // Built by assignment in the model's key order: every VPN rule reads links.
    const remote: Draft<VpnLink['remote']> = { name: l.text('name') ?? lng.address, address: lng.address };
    if (l.has('gateway_address')) remote.gatewayAddress = l.str('gateway_address');
    if (l.has('gateway_fqdn')) remote.gatewayFqdn = l.str('gateway_fqdn');
    remote.prefixes = l.strings('address_space');
    if (site !== undefined) remote.site = site;
    const read: { remote: VpnLink['remote']; peerAsn?: Maybe<number> } = { remote: remote as VpnLink['remote'] };
    if (bgp !== undefined) read.peerAsn = bgp.num('asn') ?? unknown(`${lng.address}.bgp_settings.asn`);
    return read;
  });
}

/** Site-to-site connections (type IPsec); other connection types are reported. */
export function readVpnLinks(ctx: SiteContext, gatewayVnet: VirtualNetwork | undefined): VpnLink[] {
  const links: VpnLink[] = [];
  for (const resource of ctx.ofType('azurerm_virtual_network_gateway_connection')) {
    ctx.read(resource, (r) => {
      const type = r.str('type');
      if (type !== 'IPsec') {
        r.problem(
          `connection type ${isUnknown(type) ? type.unknown : type} is not read, only IPsec site-to-site links`,
          'type',
        );
        return;
      }
      const { remote, peerAsn } = readRemote(ctx, r);
      const selectors = r.blocks('traffic_selector_policy').flatMap((t) => t.strings('local_address_cidrs'));
      const ipsec = readIpsec(r);
      const bgp = r.bool('enable_bgp');
      const link: Draft<VpnLink> = {
        name: r.text('name') ?? resource.address,
        path: resource.path,
        address: resource.address,
        protocol: r.str('connection_protocol') ?? 'IKEv2',
        remote,
        localPrefixes:
          selectors.length > 0
            ? selectors
            : (gatewayVnet?.addressSpaces ?? [unknown(`local prefixes of ${resource.address}`)]),
      };
      if (ipsec !== undefined) link.ipsec = ipsec;
      link.sharedKey = keySourceOf(ctx.index, resource, 'shared_key');
      if (bgp === true) link.bgp = peerAsn !== undefined ? { enabled: true, peerAsn } : { enabled: true };
      links.push(link as VpnLink);
    });
  }
  return links;
}
