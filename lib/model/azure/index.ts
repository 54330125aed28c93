// SPDX-License-Identifier: Apache-2.0
/**
 * Azure's platform facts as data: the region table and the VPN gateway SKU matrix. They live in
 * lib/model so that both the policy rules (which check any input) and the constructs (which
 * choose valid values) read the same table. Each file names its source document and the date
 * it was read; update the data there, never here.
 */
import regionData from './regions.json';
import skuData from './vpn-gateway-skus.json';

/** Where a data table comes from. */
export interface DataSource {
  readonly document: string;
  readonly url: string;
  /** YYYY-MM-DD the document was read. */
  readonly read: string;
}

/** One Azure region. */
export interface AzureRegion {
  /** Normalised (programmatic) name: `australiaeast`. */
  readonly name: string;
  /** Display name: `Australia East`. */
  readonly displayName: string;
  /** Whether the region has availability zones (resources may be pinned to zones). */
  readonly availabilityZones: boolean;
}

/** One VPN gateway SKU and what Azure accepts with it. */
export interface VpnGatewaySku {
  readonly sku: string;
  /** False for the non-AZ VpnGw1–5, which can no longer be created. */
  readonly creatable: boolean;
  readonly generations: readonly string[];
  readonly vpnTypes: readonly string[];
  /** Whether connections of a gateway with this SKU take a custom IPsec/IKE policy. */
  readonly customIpsecPolicy: boolean;
}

export const REGION_SOURCE: DataSource = regionData.source;
export const VPN_GATEWAY_SKU_SOURCE: DataSource = skuData.source;

const REGIONS: readonly AzureRegion[] = regionData.regions;
const SKUS: readonly VpnGatewaySku[] = skuData.skus;

/**
 * Azure's own normalisation of a location (as azurerm applies it): lower case, no spaces. So the
 * display name `Australia East` and the normalised name `australiaeast` are the same region.
 */
function normaliseLocation(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}

const BY_NAME = new Map(REGIONS.map((region) => [region.name, region]));

/** The region a location names, by normalised or display name; undefined when there is none. */
export function azureRegion(nameOrDisplay: string): AzureRegion | undefined {
  return BY_NAME.get(normaliseLocation(nameOrDisplay));
}

/** Every region in the table, sorted by normalised name. */
export function azureRegions(): readonly AzureRegion[] {
  return REGIONS;
}

const SKU_BY_NAME = new Map(SKUS.map((entry) => [entry.sku.toLowerCase(), entry]));

/** The SKU entry, matched without regard to case (Azure compares SKU names that way). */
export function vpnGatewaySku(sku: string): VpnGatewaySku | undefined {
  return SKU_BY_NAME.get(sku.toLowerCase());
}

/** The SKUs a new gateway may use, in table order (Basic, then the AZ SKUs). */
export function creatableVpnGatewaySkus(): readonly VpnGatewaySku[] {
  return SKUS.filter((entry) => entry.creatable);
}

/** Why a new gateway with a SKU and generation would be refused, or `ok`. */
export type VpnGatewaySkuVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly problem: 'unknown-sku' | 'not-creatable' | 'generation'; readonly expected: string };

/** Whether Azure creates a new VPN gateway with this SKU and generation (AZURE-SEMANTICS facts 21, 25). */
export function vpnGatewaySkuAllows(sku: string, generation: string): VpnGatewaySkuVerdict {
  const entry = vpnGatewaySku(sku);
  const creatable = creatableVpnGatewaySkus()
    .map((e) => e.sku)
    .join(', ');
  if (entry === undefined) return { ok: false, problem: 'unknown-sku', expected: `one of ${creatable}` };
  if (!entry.creatable) return { ok: false, problem: 'not-creatable', expected: `an AZ SKU or Basic (${creatable})` };
  if (!entry.generations.some((g) => g.toLowerCase() === generation.toLowerCase()))
    return { ok: false, problem: 'generation', expected: `${entry.sku} with ${entry.generations.join(' or ')}` };
  return { ok: true };
}

/**
 * The zones a zone-redundant resource may be pinned to in a region: all three where the region
 * has availability zones, none elsewhere (or for a location the table does not know).
 */
export function availabilityZonesOf(location: string): string[] {
  return azureRegion(location)?.availabilityZones === true ? ['1', '2', '3'] : [];
}
