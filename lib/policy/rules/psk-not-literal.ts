// SPDX-License-Identifier: Apache-2.0
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads where each link's shared key comes from. */
export type PskNotLiteralParams = NoParams;

/** No VPN link's shared key is a literal; it comes from Key Vault or a sensitive variable. */
export const pskNotLiteral = siteRule<PskNotLiteralParams>({
  slug: 'psk-not-literal',
  description: "Every VPN link's shared key comes from a secret store or a sensitive variable, never a literal.",
  params: NO_PARAMS,
  check: ({ site }) => {
    const expected =
      'a Key Vault secret (data source, ephemeral, or managed with a non-literal value) or a sensitive Terraform variable without a default';
    return site.vpnLinks.flatMap((link): RuleResult[] => {
      if (link.sharedKey.source === 'literal')
        return [
          violation(
            link.path,
            `VPN link ${link.name} has a literal shared key`,
            // The reference names the source's kind and address, never the key.
            link.sharedKey.reference === undefined
              ? 'a literal in code / synthesized JSON'
              : `a key written in the input (${link.sharedKey.reference})`,
            expected,
            { fix: 'read the key from Key Vault or a sensitive variable, and rotate the exposed one' },
          ),
        ];
      if (link.sharedKey.source === 'unknown')
        return [
          cannotEvaluate(
            link.path,
            `shared key source of VPN link ${link.name}`,
            link.sharedKey.reference ?? 'unrecognised expression',
            expected,
          ),
        ];
      return [];
    });
  },
});
