// SPDX-License-Identifier: Apache-2.0
/** The VPN gateway SKU and generation a site gets: its props, else an AZ SKU with the generation it allows. */
import { vpnGatewaySku } from '../model/azure';
import type { VpnGatewayOptions } from './clinic-site-props';

/** The default SKU: the smallest AZ SKU (every region creates AZ SKUs since the 2025 consolidation). */
export const DEFAULT_VPN_GATEWAY_SKU = 'VpnGw1AZ';

/** SKU and generation for a gateway: the generation defaults to the newest the SKU allows. */
export function vpnGatewayChoice(options: VpnGatewayOptions = {}): { sku: string; generation: string } {
  const sku = options.sku ?? DEFAULT_VPN_GATEWAY_SKU;
  const allowed = vpnGatewaySku(sku)?.generations ?? [];
  // An unknown SKU keeps a placeholder generation: validation refuses the SKU itself first.
  const generation = options.generation ?? allowed[allowed.length - 1] ?? 'Generation1';
  return { sku: vpnGatewaySku(sku)?.sku ?? sku, generation };
}
