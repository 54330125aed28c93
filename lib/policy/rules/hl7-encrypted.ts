// SPDX-License-Identifier: Apache-2.0
import type { EgressFlow, Maybe, NetworkModel } from '../../model/types';
import { HL7_PORT, MLLP_EXPECTED, mllpPath } from '../hl7-path';
import type { Cidr } from '../../net/cidr';
import { isUnknown } from '../../model/types';
import { insideAnyNetwork, isAnyAddress, knownValues, toCidr, unknownReasons } from '../match';
import type { NoParams, RuleResult } from '../rule';
import { memoSlot, NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: clear-text HL7 is recognised by the flow's application protocol. */
export type Hl7EncryptedParams = NoParams;

/**
 * A flow carries clear-text MLLP when it says so, or when it goes to TCP 2575 and declares no
 * application protocol at all (a flow declared as anything else, TLS included, is taken at its word).
 */
function isMllp(f: EgressFlow): boolean {
  if (f.appProtocol === 'mllp') return true;
  if (f.appProtocol !== 'other' || f.protocol === 'udp') return false;
  return knownValues(f.ports).some((p) => {
    const [from, to = from] = p.trim().split('-').map(Number);
    return p.trim() === '*' || (from <= HL7_PORT && HL7_PORT <= to);
  });
}

/** Clear-text MLLP flows stay inside the estate or go over a VPN link (proven by path when the data plane is read). */
export const hl7Encrypted = siteRule<Hl7EncryptedParams>({
  slug: 'hl7-encrypted',
  description:
    'HL7 over plain MLLP reaches only addresses inside the estate or travels over a VPN link; elsewhere it uses TLS, SFTP/FTPS or HTTPS.',
  params: NO_PARAMS,
  check: ({ model, site, memo }) => {
    const expected = MLLP_EXPECTED;
    // With a data plane to trace from, the path decides (a declared VPN link included); without
    // one (a plan or document holding the policy but no workload subnet), the rule texts.
    if (site.dataplane?.subnets.some((s) => s.role === 'workload') === true)
      return site.egress.filter((f) => f.action === 'Allow' && isMllp(f)).flatMap((f) => mllpPath(model, site, f));
    return site.egress
      .filter((f) => f.action === 'Allow' && isMllp(f) && f.viaVpn === undefined)
      .flatMap((f): RuleResult[] => {
        const outside = [
          ...knownValues(f.fqdns),
          ...knownValues(f.addresses).filter(
            (a) => isAnyAddress(a) || !insideAnyNetwork(a, memo.get(NETWORKS, model, estateNetworks)),
          ),
        ];
        if (outside.length > 0) {
          return [
            violation(
              f.path,
              `rule ${f.name} sends clear-text HL7 (MLLP) over the internet`,
              `MLLP to ${outside.join(', ')}`,
              expected,
              { fix: 'route the flow over a VPN link, or switch the partner to LLP over TLS' },
            ),
          ];
        }
        const why = unknownReasons([...f.fqdns, ...f.addresses]);
        return why === undefined ? [] : [cannotEvaluate(f.path, `destination of MLLP rule ${f.name}`, why, expected)];
      });
  },
});

/**
 * The estate's networks, once per evaluation: the rule runs once per site, and rebuilding them
 * each time is quadratic in estate size; parsed once, not once per address checked against them.
 */
const NETWORKS = memoSlot<Cidr[]>('hl7-encrypted: estate networks');

/** Every known address range of the estate, and of the networks reached over its VPN links, that parses. */
function estateNetworks(model: NetworkModel): Cidr[] {
  const networks: Cidr[] = [];
  const add = (prefix: Maybe<string>) => {
    const network = isUnknown(prefix) ? undefined : toCidr(prefix);
    if (network !== undefined) networks.push(network);
  };
  for (const site of model.sites) {
    for (const vnet of site.vnets) vnet.addressSpaces.forEach(add);
    for (const link of site.vpnLinks) link.remote.prefixes.forEach(add);
  }
  return networks;
}
