// SPDX-License-Identifier: Apache-2.0
/**
 * Indexes over a model's data planes, built once per model and per site (WeakMaps), so one
 * query touches only the elements on its path. Terraform addresses are per document, so every
 * lookup by address is within one site.
 */
import { EMPTY_DATA_PLANE } from '../model/dataplane';
import type {
  DataPlane,
  DataPlaneFirewall,
  DataPlaneSubnet,
  DataPlaneVnet,
  FirewallPolicy,
  Nic,
  Nsg,
  RouteTable,
} from '../model/dataplane';
import type { Maybe, NetworkModel, Site } from '../model/types';
import { isUnknown } from '../model/types';
import type { Cidr } from '../net/cidr';
import { cidrOf } from './match';

/** Known CIDRs of a list, and the first unknown or unreadable one. */
export function knownRanges(values: readonly Maybe<string>[]): { ranges: Cidr[]; unknown?: string } {
  const ranges: Cidr[] = [];
  let unknown: string | undefined;
  for (const v of values) {
    const cidr = isUnknown(v) ? undefined : cidrOf(v);
    if (cidr !== undefined) ranges.push(cidr);
    else unknown ??= isUnknown(v) ? v.unknown : `unreadable prefix "${v}"`;
  }
  return unknown === undefined ? { ranges } : { ranges, unknown };
}

function byAddress<T extends { readonly address: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((i) => [i.address, i]));
}

/** One site's data plane, indexed. */
export class SitePlane {
  public readonly plane: DataPlane;
  public readonly subnets: Map<string, DataPlaneSubnet>;
  public readonly vnets: Map<string, DataPlaneVnet>;
  public readonly nsgs: Map<string, Nsg>;
  public readonly nics: Map<string, Nic>;
  public readonly tables: Map<string, RouteTable>;
  public readonly policies: Map<string, FirewallPolicy>;
  /** Memo of per-subnet and per-policy facts (routes, VirtualNetwork tag, policy chains), filled by the evaluator. */
  private readonly memo = new Map<string, Map<unknown, unknown>>();

  public constructor(public readonly site: Site) {
    this.plane = site.dataplane ?? EMPTY_DATA_PLANE;
    this.subnets = byAddress(this.plane.subnets);
    this.vnets = byAddress(this.plane.vnets);
    this.nsgs = byAddress(this.plane.nsgs);
    this.nics = byAddress(this.plane.nics);
    this.tables = byAddress(this.plane.routeTables);
    this.policies = byAddress(this.plane.policies);
  }

  /** The VNet of a subnet, by address or by name. */
  public vnetOf(subnet: DataPlaneSubnet): DataPlaneVnet | undefined {
    return this.vnets.get(subnet.vnet) ?? this.plane.vnets.find((v) => v.name === subnet.vnet);
  }

  /**
   * `compute()` the first time `kind` is asked of `key` (a subnet, or a policy address), the same
   * value after. Keys are objects or the model's own strings, never text built per call.
   */
  public memoOf<T>(kind: string, key: unknown, compute: () => T): T {
    let byKey = this.memo.get(kind);
    if (byKey === undefined) this.memo.set(kind, (byKey = new Map()));
    let value = byKey.get(key) as T | undefined;
    if (value === undefined && !byKey.has(key)) byKey.set(key, (value = compute()));
    return value as T;
  }
}

/** A subnet anywhere in the estate, with its known prefixes. */
export interface EstateSubnet {
  readonly site: SitePlane;
  readonly subnet: DataPlaneSubnet;
  readonly ranges: Cidr[];
}

/** A firewall anywhere in the estate. */
export interface EstateFirewall {
  readonly site: SitePlane;
  readonly firewall: DataPlaneFirewall;
}

/** The whole estate's data planes. */
export class Estate {
  public readonly sites = new Map<string, SitePlane>();
  public readonly subnets: EstateSubnet[] = [];
  public readonly firewallsByIp = new Map<string, EstateFirewall>();

  public constructor(public readonly model: NetworkModel) {
    for (const site of model.sites) {
      const plane = new SitePlane(site);
      this.sites.set(site.name, plane);
      for (const subnet of plane.plane.subnets) {
        this.subnets.push({ site: plane, subnet, ranges: knownRanges(subnet.prefixes).ranges });
      }
      for (const firewall of plane.plane.firewalls) {
        if (!isUnknown(firewall.privateIp)) this.firewallsByIp.set(firewall.privateIp, { site: plane, firewall });
      }
    }
  }

  /** Subnet indexes by prefix length, then by the range's network bits: built on first use. */
  private byPrefix: Map<number, Map<bigint, number[]>> | undefined;

  /** Estate subnets that hold the whole range, in estate order (sites, then subnets, as the model lists them). */
  public subnetsHolding(range: Cidr): EstateSubnet[] {
    // A lookup per prefix length the estate uses, not a scan of every subnet: a delivery over a
    // VPN asks this of an estate of 1,000s of sites, once per trace.
    this.byPrefix ??= this.indexByPrefix();
    let found: number[] = [];
    for (const [length, byNetwork] of this.byPrefix) {
      if (length > range.prefixLength) continue;
      const holding = byNetwork.get(networkKey(range, length));
      if (holding !== undefined) for (const i of holding) found.push(i);
    }
    // Mostly one subnet holds it: de-duplicated and sorted only when there are more.
    if (found.length > 1) found = [...new Set(found)].sort((a, b) => a - b);
    return found.map((i) => this.subnets[i]);
  }

  private indexByPrefix(): Map<number, Map<bigint, number[]>> {
    const index = new Map<number, Map<bigint, number[]>>();
    this.subnets.forEach((subnet, i) => {
      for (const r of subnet.ranges) {
        let byNetwork = index.get(r.prefixLength);
        if (byNetwork === undefined) index.set(r.prefixLength, (byNetwork = new Map<bigint, number[]>()));
        const key = networkKey(r, r.prefixLength);
        const list = byNetwork.get(key);
        if (list === undefined) byNetwork.set(key, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    });
    return index;
  }

  /** A firewall policy by address, in `site` first, then anywhere (a parent policy may be another site's group). */
  public policy(site: SitePlane, address: string): { site: SitePlane; policy: FirewallPolicy } | undefined {
    const own = site.policies.get(address);
    if (own !== undefined) return { site, policy: own };
    for (const other of this.sites.values()) {
      const found = other.policies.get(address);
      if (found !== undefined) return { site: other, policy: found };
    }
    return undefined;
  }
}

/** The first `length` bits of `c`'s address, tagged with its IP version: equal for every range inside one /`length` block. */
const networkKey = (c: Cidr, length: number): bigint =>
  (BigInt(c.version) << 200n) | (c.first >> BigInt((c.version === 4 ? 32 : 128) - length));

const estates = new WeakMap<NetworkModel, Estate>();

/** The estate index of a model, built on first use. */
export function estateOf(model: NetworkModel): Estate {
  let estate = estates.get(model);
  if (estate === undefined) estates.set(model, (estate = new Estate(model)));
  return estate;
}
