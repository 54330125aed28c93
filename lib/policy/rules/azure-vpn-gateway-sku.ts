// SPDX-License-Identifier: Apache-2.0
import { vpnGatewaySku, vpnGatewaySkuAllows } from '../../model/azure';
import type { VpnGateway, VpnLink } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the SKU/generation matrix is Azure's, kept as data in lib/model/azure. */
export type AzureVpnGatewaySkuParams = NoParams;

const EXPECTED =
  'a VPN gateway Azure creates: Basic or VpnGw1AZ (Generation1), VpnGw2AZ/3AZ, VpnGw4AZ/5AZ (Generation2)';

/** The SKU and generation of a VPN-type gateway; the type decides whether the rule applies. */
function skuResults(gateway: VpnGateway): RuleResult[] {
  const extra = { address: gateway.address };
  const at = gateway.path;
  if (isUnknown(gateway.type)) return [cannotEvaluate(at, 'gateway type', gateway.type.unknown, EXPECTED, extra)];
  // ExpressRoute gateways have SKUs of their own; this matrix is the VPN one.
  if (gateway.type.toLowerCase() !== 'vpn') return [];
  if (isUnknown(gateway.sku)) return [cannotEvaluate(at, 'gateway SKU', gateway.sku.unknown, EXPECTED, extra)];
  const generation = isUnknown(gateway.generation) ? undefined : gateway.generation;
  const verdict = vpnGatewaySkuAllows(gateway.sku, generation ?? '');
  if (verdict.ok) return [];
  if (verdict.problem === 'generation' && isUnknown(gateway.generation))
    return [
      cannotEvaluate(
        at,
        `generation of the ${gateway.sku} gateway`,
        gateway.generation.unknown,
        verdict.expected,
        extra,
      ),
    ];
  const problems = {
    'unknown-sku': 'not a VPN gateway SKU',
    'not-creatable': 'a non-AZ SKU, which can no longer be created',
    generation: 'a generation this SKU does not take',
  };
  return [
    violation(
      at,
      `gateway SKU ${problems[verdict.problem]}`,
      `${gateway.sku} ${generation ?? ''}`.trim(),
      verdict.expected,
      {
        ...extra,
        fix: `set sku and generation to ${verdict.expected}`,
      },
    ),
  ];
}

/** Policy-based gateways exist on Basic only. */
function vpnTypeResults(gateway: VpnGateway): RuleResult[] {
  const entry = isUnknown(gateway.sku) ? undefined : vpnGatewaySku(gateway.sku);
  if (entry === undefined || isUnknown(gateway.vpnType)) return [];
  if (entry.vpnTypes.some((t) => t.toLowerCase() === (gateway.vpnType as string).toLowerCase())) return [];
  return [
    violation(
      gateway.path,
      `a ${gateway.vpnType} gateway is not available on ${entry.sku}`,
      `${entry.sku} ${gateway.vpnType}`,
      `${entry.sku} with vpn_type ${entry.vpnTypes.join(' or ')}`,
      { address: gateway.address, fix: 'set vpn_type = "RouteBased"' },
    ),
  ];
}

/** A custom IPsec/IKE policy needs a gateway SKU that takes one (not Basic). */
function ipsecResults(gateway: VpnGateway, links: readonly VpnLink[]): RuleResult[] {
  const entry = isUnknown(gateway.sku) ? undefined : vpnGatewaySku(gateway.sku);
  if (entry === undefined || entry.customIpsecPolicy) return [];
  return links
    .filter((link) => link.ipsec !== undefined)
    .map((link) =>
      violation(
        link.path,
        `custom IPsec/IKE policy on a ${entry.sku} gateway, which takes none`,
        `connection ${link.name} with an ipsec_policy on ${entry.sku}`,
        'custom IPsec/IKE policies only on VpnGw1AZ-VpnGw5AZ gateways',
        { address: link.address, fix: 'use a VpnGw*AZ gateway SKU, or remove the custom policy' },
      ),
    );
}

/** The gateway's type, SKU, generation and VPN type are a combination Azure accepts for a new gateway. */
export const azureVpnGatewaySku = siteRule<AzureVpnGatewaySkuParams>({
  slug: 'azure-vpn-gateway-sku',
  description:
    "A VPN gateway's type, SKU, generation and VPN type are a combination Azure accepts for a new gateway, and custom IPsec/IKE policies sit on SKUs that take them.",
  params: NO_PARAMS,
  check: ({ site }) => {
    const gateway = site.vpnGateway;
    if (gateway === undefined) return [];
    return [...skuResults(gateway), ...vpnTypeResults(gateway), ...ipsecResults(gateway, site.vpnLinks)];
  },
});
