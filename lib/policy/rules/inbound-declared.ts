// SPDX-License-Identifier: Apache-2.0
import type { Exposure } from '../exposure';
import { describeExposure, exposures, PROBE_PORTS, sourceScope } from '../exposure';
import { shown } from '../match';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, siteRule, violation } from '../rule';

/** No parameters: the rule reads the site's inbound forwards and, when read, its data plane. */
export type InboundDeclaredParams = NoParams;

const EXPECTED = 'inbound only through declared port forwards with a reason';

/** A data-plane path that is not a declared forward (any path but a DNAT rule the model reads as a forward). */
function undeclared(e: Exposure, forwards: ReadonlySet<string>): RuleResult | undefined {
  if (e.kind === 'dnat' && forwards.has(e.name)) return undefined;
  if (e.verdict === 'unknown') {
    const why = e.hops.find((h) => h.decision === 'unknown')?.detail ?? 'the evaluator could not decide';
    return cannotEvaluate(e.element, `internet path ${describeExposure(e)}`, why, EXPECTED, { address: e.element });
  }
  return violation(
    e.element,
    'inbound path from the internet is not a declared port forward',
    describeExposure(e),
    EXPECTED,
    {
      address: e.element,
      ...(e.name === '' ? {} : { ruleName: e.name }),
      fix: 'remove the public entry (public IP, load-balancer or NSG rule, listener), or publish the service through a declared, reasoned DNAT forward',
    },
  );
}

/** Every inbound path from the internet is a declared port forward with a reason. */
export const inboundDeclared = siteRule<InboundDeclaredParams>({
  slug: 'inbound-declared',
  description:
    'Every inbound path from the internet (DNAT, NIC public IP, public load balancer, application gateway) is a declared port forward with a stated reason.',
  params: NO_PARAMS,
  check: ({ model, site, memo }) => {
    // A forward whose sources are all private is not inbound from the internet.
    const internet = site.inbound.filter((f) => sourceScope(f.sources).kind !== 'private');
    const reasonless = internet
      .filter((f) => f.reason === undefined || f.reason.trim().length === 0)
      .map((f) =>
        violation(
          f.path,
          `port forward ${f.name} has no reason`,
          `${f.protocol} ${shown(f.externalPort)} with no reason`,
          'a reason for every inbound forward',
          { fix: 'state why the forward exists (reason), or remove it', ruleName: f.name, address: f.address },
        ),
      );
    if (site.dataplane === undefined) return reasonless;
    const forwards = new Set(site.inbound.map((f) => f.name));
    const seen = new Set<string>();
    const paths = exposures(memo, model, site, PROBE_PORTS).flatMap((e) => {
      // One finding per opening element and public IP: the first port that proves it open.
      const key = `${e.element} ${e.name} ${e.publicIp.address}`;
      if (seen.has(key)) return [];
      seen.add(key);
      const result = undeclared(e, forwards);
      return result === undefined ? [] : [result];
    });
    return [...reasonless, ...paths];
  },
});
