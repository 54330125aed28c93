// SPDX-License-Identifier: Apache-2.0
/**
 * The OnePacs gateway of plain Terraform: a site that declares the OnePacs pack but no gateway
 * address has its gateway in a network interface with a static private IP — in the declared
 * gateway subnet, or, with none declared, the one such interface in a workload subnet. Several
 * candidates are never guessed among: the site is told which, and the address stays undeclared.
 */
import type { Maybe, VendorPackId, VendorSettings } from '../model/types';
import { isUnknown, unknown } from '../model/types';
import { compareText } from '../core/compare';
import type { SiteContext } from './context';
import type { TfResource } from './document';
import { isIpAddress } from '../net/cidr';
import type { AttributeReader, DocumentIndex } from './values';

/** A network interface configuration with a static private IP, in one of the site's subnets. */
interface StaticNic {
  readonly nic: TfResource;
  readonly subnet: string;
  readonly ip: Maybe<string>;
}

/** Subnets Azure reserves for its own services: no workload (and no gateway server) lives there. */
function isPlatformSubnet(name: string): boolean {
  return name === 'GatewaySubnet' || name === 'RouteServerSubnet' || name.startsWith('Azure');
}

/**
 * The site subnet a NIC configuration's `subnet_id` names: a subnet resource of the site, or
 * `${vnet.id}/subnets/NAME` of one of the site's VNets (an inline subnet); undefined otherwise.
 */
function siteSubnetOf(ctx: SiteContext, config: AttributeReader, own: ReadonlySet<TfResource>): string | undefined {
  const target = config.target('subnet_id');
  if (target === undefined || isUnknown(target.name) || isUnknown(target.address)) return undefined;
  const { name, address } = target;
  if (target.resource !== undefined) return own.has(target.resource) ? name : undefined;
  return ctx.ofType('azurerm_virtual_network').some((v) => address === `${v.address}/subnets/${name}`)
    ? name
    : undefined;
}

/** The document's NICs, found once per document however many of its sites look for a gateway. */
const NICS = new WeakMap<DocumentIndex, readonly TfResource[]>();

function nicsOf(index: DocumentIndex): readonly TfResource[] {
  let nics = NICS.get(index);
  if (nics === undefined) {
    nics = index.doc.resources.filter((r) => r.mode === 'managed' && r.type === 'azurerm_network_interface');
    NICS.set(index, nics);
  }
  return nics;
}

/** A static configuration's address: an IP address, else unknown (the input may hold any text there). */
function addressOf(config: AttributeReader): Maybe<string> {
  const ip = config.str('private_ip_address');
  if (ip === undefined) return unknown('private_ip_address not set');
  if (isUnknown(ip) || isIpAddress(ip)) return ip;
  return unknown(`private_ip_address ${JSON.stringify(ip.slice(0, 60))} is not an IP address`);
}

/**
 * Every NIC configuration of the document with a static private IP in one of the site's subnets.
 * The whole document is searched (not only the site's resources), so the gateway is found when the
 * data plane (which groups NICs into sites) is not read; a NIC counts by its primary configuration.
 */
function staticNics(ctx: SiteContext): StaticNic[] {
  const own = new Set(ctx.resources);
  const found: StaticNic[] = [];
  for (const nic of nicsOf(ctx.index)) {
    // A fresh reader: problems of NICs outside the site are not this site's (the data plane reports its own).
    const configs = ctx.index.reader(nic).blocks('ip_configuration');
    const config = configs.find((c) => c.bool('primary') === true) ?? configs[0];
    if (config === undefined) continue;
    const subnet = siteSubnetOf(ctx, config, own);
    const allocation = config.str('private_ip_address_allocation');
    if (subnet === undefined || allocation === undefined) continue;
    // An allocation that cannot be read may be Static: the NIC stays a candidate, its address unknown.
    if (isUnknown(allocation)) found.push({ nic, subnet, ip: unknown(`allocation ${allocation.unknown}`) });
    else if (allocation.toLowerCase() === 'static') found.push({ nic, subnet, ip: addressOf(config) });
  }
  return found.sort((a, b) => compareText(a.nic.address, b.nic.address));
}

const candidateText = (c: StaticNic) => `${c.nic.address} (${isUnknown(c.ip) ? c.ip.unknown : c.ip} in ${c.subnet})`;

/** The first few candidates and how many more: an estate-wide document may hold hundreds. */
function candidatesText(candidates: readonly StaticNic[]): string {
  const shown = candidates.slice(0, 5).map(candidateText);
  return candidates.length > 5 ? `${shown.join(', ')} and ${candidates.length - 5} more` : shown.join(', ');
}

/**
 * Vendor settings with the OnePacs gateway read off the site's NICs, when the site declares the
 * OnePacs pack and no gateway address. One static NIC in the declared gateway subnet (or, with no
 * subnet declared, in any workload subnet) is the gateway; several, or one whose address cannot
 * be read, is one problem naming them and leaves the gateway undeclared; none changes nothing.
 */
export function withOnepacsGateway(
  ctx: SiteContext,
  packs: readonly VendorPackId[],
  vendor: VendorSettings,
): VendorSettings {
  const declared = vendor.onepacs;
  if (!packs.includes('onepacs') || declared?.gatewayAddress !== undefined) return vendor;
  const subnet = declared?.gatewaySubnet;
  const candidates = staticNics(ctx).filter((c) =>
    subnet === undefined ? !isPlatformSubnet(c.subnet) : c.subnet === subnet,
  );
  if (candidates.length === 0) return vendor;
  const [only] = candidates;
  if (candidates.length === 1 && !isUnknown(only.ip))
    return { ...vendor, onepacs: { ...declared, gatewayAddress: only.ip, gatewaySubnet: only.subnet } };
  const where = subnet === undefined ? 'the workload subnets' : `gateway subnet ${subnet}`;
  const what =
    candidates.length === 1
      ? `the only NIC with a static private IP in ${where} has an address that cannot be read: ${candidateText(only)}`
      : `${candidates.length} NICs have a static private IP in ${where}: ${candidatesText(candidates)}`;
  ctx.problem(
    only.nic,
    `the OnePacs gateway is not read from the NICs: ${what}; declare vendor.onepacs.gatewayAddress (clinicnet_site output or --sites file)`,
  );
  return vendor;
}
