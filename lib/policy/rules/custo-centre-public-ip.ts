// SPDX-License-Identifier: Apache-2.0
import { isUnknown } from '../../model/types';
import { shown } from '../match';
import type { NoParams } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads the centre's VPN gateway. */
export type CustoCentrePublicIpParams = NoParams;

/** An evaluation centre reached by VPN has a VPN gateway with a static public IPv4 address. */
export const custoCentrePublicIp = siteRule<CustoCentrePublicIpParams>({
  slug: 'custo-centre-public-ip',
  description: 'An evaluation centre reached by VPN has a VPN gateway with a static public IPv4 address.',
  params: NO_PARAMS,
  check: ({ site }) => {
    const custo = site.vendor.custo;
    if (custo?.role !== 'centre' || custo.mode !== 'vpn') return [];
    const expected = 'a VPN gateway with a Static IPv4 public IP';
    const gateway = site.vpnGateway;
    if (gateway === undefined)
      return [violation(site.path, 'evaluation centre has no VPN gateway', 'no VPN gateway', expected)];
    const ips = gateway.publicIps;
    if (ips.some((ip) => ip.allocation === 'Static' && ip.ipVersion === 'IPv4')) return [];
    const doubtful = ips.find((ip) => isUnknown(ip.allocation) || isUnknown(ip.ipVersion));
    if (doubtful !== undefined)
      return [
        cannotEvaluate(gateway.path, `public IP ${doubtful.address}`, 'allocation or IP version unresolved', expected),
      ];
    const got =
      ips.length === 0
        ? 'no public IP'
        : ips.map((ip) => `${ip.address} ${shown(ip.allocation)} ${shown(ip.ipVersion)}`).join(', ');
    return [violation(gateway.path, 'evaluation centre VPN gateway has no static public IPv4', got, expected)];
  },
});
