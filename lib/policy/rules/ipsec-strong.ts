// SPDX-License-Identifier: Apache-2.0
import type { IpsecPolicy, Maybe, Site } from '../../model/types';
import { isUnknown } from '../../model/types';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface IpsecStrongParams {
  readonly ikeVersions: string[];
  readonly ikeEncryption: string[];
  readonly ikeIntegrity: string[];
  readonly dhGroups: string[];
  readonly ipsecEncryption: string[];
  readonly ipsecIntegrity: string[];
  readonly pfsGroups: string[];
}

/** One accepted-settings list of the schema: non-empty, names as azurerm spells them. */
function settingList(description: string) {
  return {
    description,
    type: 'array',
    items: { description: 'An Azure algorithm or setting name as azurerm spells it.', type: 'string', minLength: 1 },
    minItems: 1,
  } as const;
}

/** Schema of {@link IpsecStrongParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<IpsecStrongParams> = {
  description: 'Accepted IKE/IPsec settings, as azurerm names them.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ikeVersions: settingList('Accepted IKE versions.'),
    ikeEncryption: settingList('Accepted IKE encryption.'),
    ikeIntegrity: settingList('Accepted IKE integrity.'),
    dhGroups: settingList('Accepted DH groups.'),
    ipsecEncryption: settingList('Accepted IPsec encryption.'),
    ipsecIntegrity: settingList('Accepted IPsec integrity.'),
    pfsGroups: settingList('Accepted PFS groups (PFS on).'),
  },
  required: [
    'ikeVersions',
    'ikeEncryption',
    'ikeIntegrity',
    'dhGroups',
    'ipsecEncryption',
    'ipsecIntegrity',
    'pfsGroups',
  ],
};

/**
 * A policy-based gateway speaks IKEv1 only and takes no custom IPsec policy, so none of its links
 * can meet the rule; one finding on the gateway says why. Unknown when its VPN type is.
 */
function policyBased(site: Site): RuleResult | undefined {
  const gateway = site.vpnGateway;
  if (gateway === undefined || site.vpnLinks.length === 0) return undefined;
  const expected = 'a RouteBased gateway (IKEv2, custom IPsec policy)';
  if (isUnknown(gateway.vpnType))
    return cannotEvaluate(gateway.path, `VPN type of gateway ${gateway.name}`, gateway.vpnType.unknown, expected);
  if (gateway.vpnType.toLowerCase() !== 'policybased') return undefined;
  return violation(gateway.path, `VPN gateway ${gateway.name} is policy-based`, 'PolicyBased (IKEv1 only)', expected, {
    fix: 'use vpn_type = "RouteBased" on a VpnGw*AZ SKU, with IKEv2 and a custom ipsec_policy on each connection',
  });
}

/** Every site-to-site link uses IKEv2 with a custom policy of strong algorithms and PFS on. */
export const ipsecStrong = siteRule<IpsecStrongParams>({
  slug: 'ipsec-strong',
  description:
    'Every site-to-site VPN link uses IKEv2 and a custom IPsec policy with AES-256/GCM, SHA-256 or better, DH group 14 or higher and PFS.',
  params: PARAMS,
  check: ({ site, params }) => {
    const gateway = policyBased(site);
    if (gateway !== undefined) return [gateway];
    return site.vpnLinks.flatMap((link): RuleResult[] => {
      const results: RuleResult[] = [];
      const judge = (what: string, value: Maybe<string> | undefined, allowed: string[]) => {
        if (isUnknown(value))
          results.push(
            cannotEvaluate(
              link.path,
              `${what} of VPN link ${link.name}`,
              value.unknown,
              `one of ${allowed.join(', ')}`,
            ),
          );
        else if (value === undefined || !allowed.includes(value))
          results.push(
            violation(
              link.path,
              `VPN link ${link.name} has weak ${what}`,
              value ?? 'not set',
              `one of ${allowed.join(', ')}`,
            ),
          );
      };
      judge('IKE version', link.protocol, params.ikeVersions);
      if (link.ipsec === undefined) {
        results.push(
          violation(
            link.path,
            `VPN link ${link.name} uses Azure's default IPsec policy`,
            'default policy (PFS off)',
            'a custom ipsec_policy with strong algorithms and PFS',
            { fix: 'set ipsec_policy: IKE AES256/SHA256/DHGroup14, IPsec GCMAES256/PFS2048' },
          ),
        );
        return results;
      }
      const policy: IpsecPolicy = link.ipsec;
      judge('IKE encryption', policy.ikeEncryption, params.ikeEncryption);
      judge('IKE integrity', policy.ikeIntegrity, params.ikeIntegrity);
      judge('DH group', policy.dhGroup, params.dhGroups);
      judge('IPsec encryption', policy.ipsecEncryption, params.ipsecEncryption);
      judge('IPsec integrity', policy.ipsecIntegrity, params.ipsecIntegrity);
      judge('PFS group', policy.pfsGroup, params.pfsGroups);
      return results;
    });
  },
});
