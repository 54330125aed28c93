// SPDX-License-Identifier: Apache-2.0
import { custoSenderPath } from '../custo-path';
import type { NoParams } from '../rule';
import { NO_PARAMS, siteRule, violation } from '../rule';

/** No parameters: the rule reads the site's custo settings and VPN links. */
export type CustoModeParams = NoParams;

/**
 * A custo site declares its role and one transfer mode, and a VPN mode has a VPN link (to its
 * centre); with the data plane read, a sender's path to its centre's SSL port is proven by trace.
 */
export const custoMode = siteRule<CustoModeParams>({
  slug: 'custo-mode',
  description:
    "A custo site declares its role and one transfer mode; with VPN mode it has a VPN link to the evaluation centre; a sender reaches the centre's SSL port through that tunnel or the centre's port forward.",
  params: NO_PARAMS,
  check: ({ model, site, memo }) => {
    const custo = site.vendor.custo;
    const expected = "mode 'vpn' (with a VPN link) or 'port-forward'";
    if (custo === undefined)
      return [
        violation(
          site.path,
          'custo declared without role or mode',
          'no custo settings',
          `role sender|centre and ${expected}`,
        ),
      ];
    if (custo.mode === undefined)
      return [violation(site.path, 'custo transfer mode not declared', `role ${custo.role}, no mode`, expected)];
    if (custo.mode !== 'vpn') return custoSenderPath(model, site, memo);
    const links =
      custo.role === 'sender' && custo.centre !== undefined
        ? site.vpnLinks.filter((l) => l.remote.site === custo.centre)
        : site.vpnLinks;
    if (links.length > 0) return custoSenderPath(model, site, memo);
    const toWhom = custo.role === 'sender' && custo.centre !== undefined ? ` to ${custo.centre}` : '';
    return [
      violation(
        site.path,
        `custo mode vpn but no VPN link${toWhom}`,
        `${site.vpnLinks.length} VPN links`,
        `a site-to-site VPN link${toWhom}`,
        { fix: `add a VPN link${toWhom}, or use mode 'port-forward'` },
      ),
    ];
  },
});
