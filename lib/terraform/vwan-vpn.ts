// SPDX-License-Identifier: Apache-2.0
/**
 * Site-to-site VPN through a Virtual WAN hub: each `vpn_link` of an `azurerm_vpn_gateway_connection`
 * is a VPN link of the model (IPsec, the VPN site's prefixes as the remote end, the link's shared
 * key and IPsec policy), so the estate's VPN, shared-key and IPsec rules run on it as on a
 * VNet gateway's connection. The hub advertises every network connected to it, so the link
 * offers the site's VNets unless a traffic selector narrows it.
 */
import type { IpsecPolicy, Maybe, VirtualNetwork, VpnLink } from '../model/types';
import { isUnknown, unknown } from '../model/types';
import type { Draft, SiteContext } from './context';
import type { TfResource } from './document';
import { isObject } from './document';
import { keySourceOf } from './shared-key';
import type { AttributeReader } from './values';

/** The IPsec policy of a vWAN link (its own attribute names). */
function readIpsec(link: AttributeReader, where: string): IpsecPolicy | undefined {
  const block = link.blocks('ipsec_policy')[0];
  if (block === undefined) return undefined;
  const field = (name: string) => block.str(name) ?? unknown(`${where}.ipsec_policy.${name}`);
  const policy: Draft<IpsecPolicy> = {
    ikeEncryption: field('ike_encryption_algorithm'),
    ikeIntegrity: field('ike_integrity_algorithm'),
    dhGroup: field('dh_group'),
    ipsecEncryption: field('encryption_algorithm'),
    ipsecIntegrity: field('integrity_algorithm'),
    pfsGroup: field('pfs_group'),
  };
  if (block.has('sa_lifetime_sec')) policy.saLifetimeSeconds = block.num('sa_lifetime_sec');
  return policy as IpsecPolicy;
}

/** The text a `vpn_site_link_id` is written as: the value, or the plan configuration's first reference. */
function siteLinkText(connection: TfResource, index: number): string | undefined {
  const links = connection.values.vpn_link;
  const raw = Array.isArray(links) && isObject(links[index]) ? links[index].vpn_site_link_id : undefined;
  if (typeof raw === 'string') return raw;
  const configured = connection.expressions?.vpn_link;
  const expression =
    Array.isArray(configured) && isObject(configured[index]) ? configured[index].vpn_site_link_id : undefined;
  const references = isObject(expression) && Array.isArray(expression.references) ? expression.references : [];
  // A plan's references are strings; anything else from the input is no reference.
  return typeof references[0] === 'string' ? references[0] : undefined;
}

/** Which `link` block of the VPN site a connection's link uses: by `link[N]`, by the id's last segment, or the only one. */
function siteLinkOf(site: AttributeReader, text: string | undefined): AttributeReader | undefined {
  const links = site.blocks('link');
  const position = text === undefined ? null : /\.link\[(\d+)\]/.exec(text);
  if (position !== null) return links[Number(position[1])];
  const last = text?.startsWith('/subscriptions/') ? text.split('/').pop() : undefined;
  const named = last === undefined ? undefined : links.find((l) => l.text('name') === last);
  return named ?? (links.length === 1 ? links[0] : undefined);
}

/** The remote end: the VPN site's address ranges and the chosen link's address. */
function readRemote(
  ctx: SiteContext,
  connection: AttributeReader,
  siteLink: string | undefined,
): { remote: VpnLink['remote']; peerAsn?: Maybe<number> } {
  const target = connection.target('remote_vpn_site_id');
  if (target?.resource === undefined) {
    connection.problem('its VPN site is not in this document', 'remote_vpn_site_id');
    const name = target === undefined ? 'none' : isUnknown(target.name) ? target.name.unknown : target.name;
    return { remote: { name, address: name, prefixes: [unknown(`remote prefixes of ${name}`)] } };
  }
  const site = target.resource;
  return ctx.read(site, (s) => {
    const link = siteLinkOf(s, siteLink);
    const remote: Draft<VpnLink['remote']> = { name: s.text('name') ?? site.address, address: site.address };
    if (link?.has('ip_address') === true) remote.gatewayAddress = link.str('ip_address');
    if (link?.has('fqdn') === true) remote.gatewayFqdn = link.str('fqdn');
    // Without address_cidrs the branch's prefixes are learned over BGP: not known before apply.
    remote.prefixes = s.has('address_cidrs')
      ? s.strings('address_cidrs')
      : [unknown(`${site.address}: no address_cidrs (prefixes learned over BGP)`)];
    const bgp = link?.blocks('bgp')[0];
    const read: { remote: VpnLink['remote']; peerAsn?: Maybe<number> } = { remote: remote as VpnLink['remote'] };
    if (bgp !== undefined) read.peerAsn = bgp.num('asn') ?? unknown(`${site.address}.link.bgp.asn`);
    return read;
  });
}

/** The key of one `vpn_link`, through the same reader as a VNet gateway connection's `shared_key`. */
function linkKey(ctx: SiteContext, connection: TfResource, index: number): VpnLink['sharedKey'] {
  const block = (value: unknown) => (Array.isArray(value) && isObject(value[index]) ? value[index] : {});
  const expressions = block(connection.expressions?.vpn_link);
  const link: TfResource = {
    ...connection,
    values: { shared_key: block(connection.values.vpn_link).shared_key },
    expressions: 'shared_key' in expressions ? { shared_key: expressions.shared_key } : {},
  };
  return keySourceOf(ctx.index, link, 'shared_key');
}

/** Every link of the site's vWAN VPN gateway connections. */
export function readVwanVpnLinks(ctx: SiteContext, vnets: readonly VirtualNetwork[]): VpnLink[] {
  const links: VpnLink[] = [];
  const connections = ctx.ofType('azurerm_vpn_gateway_connection');
  // Most sites have no vWAN connection: gather the offered prefixes only for one that has.
  if (connections.length === 0) return links;
  const offered = vnets.flatMap((v) => v.addressSpaces);
  for (const resource of connections) {
    ctx.read(resource, (r) => {
      const selectors = r.blocks('traffic_selector_policy').flatMap((t) => t.strings('local_address_ranges'));
      const blocks = r.blocks('vpn_link');
      if (blocks.length === 0) r.problem('it has no vpn_link, so no tunnel of it is checked', 'vpn_link');
      blocks.forEach((link, i) => {
        const name = link.text('name') ?? String(i);
        const { remote, peerAsn } = readRemote(ctx, r, siteLinkText(resource, i));
        const model: Draft<VpnLink> = {
          name: `${r.text('name') ?? resource.address}/${name}`,
          path: resource.path,
          address: resource.address,
          protocol: link.str('protocol') ?? 'IKEv2',
          remote,
          localPrefixes:
            selectors.length > 0
              ? selectors
              : offered.length > 0
                ? offered
                : [unknown(`local prefixes of ${resource.address} (the hub's connected networks)`)],
        };
        const ipsec = readIpsec(link, `${resource.address}.vpn_link[${i}]`);
        if (ipsec !== undefined) model.ipsec = ipsec;
        model.sharedKey = linkKey(ctx, resource, i);
        if (link.bool('bgp_enabled') === true)
          model.bgp = peerAsn !== undefined ? { enabled: true, peerAsn } : { enabled: true };
        links.push(model as VpnLink);
      });
    });
  }
  return links;
}
