// SPDX-License-Identifier: Apache-2.0
/** Where the OnePacs gateway sits, shared by the OnePacs rules. */
import type { Site, Subnet } from '../model/types';
import { isUnknown } from '../model/types';
import { insideAny, knownValues } from './match';

/** The gateway's address and subnet, as far as the site declares them. */
export interface GatewayPlacement {
  /** The gateway's fixed address. @default undeclared */
  readonly address?: string;
  /** The subnet the gateway lives in. @default none found */
  readonly subnet?: Subnet;
}

/** The declared gateway address and the subnet named for it (or with the imaging-gateway role). */
export function gatewayPlacement(site: Site): GatewayPlacement {
  const declared = site.vendor.onepacs;
  const subnets = site.vnets.flatMap((v) => v.subnets);
  const subnet =
    subnets.find((s) => s.name === declared?.gatewaySubnet) ?? subnets.find((s) => s.role === 'imaging-gateway');
  return { address: declared?.gatewayAddress, subnet };
}

/** True when `address` is the gateway or lies in its subnet; undefined when that cannot be known. */
export function isGatewayAddress(placement: GatewayPlacement, address: string): boolean | undefined {
  if (placement.address !== undefined && (address === placement.address || address === `${placement.address}/32`))
    return true;
  if (placement.subnet === undefined) return false;
  if (insideAny(address, knownValues(placement.subnet.addressPrefixes))) return true;
  return placement.subnet.addressPrefixes.some(isUnknown) ? undefined : false;
}
