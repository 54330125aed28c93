// SPDX-License-Identifier: Apache-2.0
import type { Exposure } from '../exposure';
import { describeExposure, exposures } from '../exposure';
import type { ParamsSchema, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface InboundAdminParams {
  /** Administrative ports that must never be reachable from the internet. */
  readonly ports: string[];
}

/** Schema of {@link InboundAdminParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<InboundAdminParams> = {
  description: 'The administrative ports no internet path may reach.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ports: {
      description: 'Ports or ranges (RDP 3389, SSH 22, WinRM 5985-5986, …), outside or after translation.',
      type: 'array',
      items: {
        description: 'A port or range in Azure form: `3389` or `5985-5986`.',
        type: 'string',
        pattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
      },
      minItems: 1,
    },
  },
  required: ['ports'],
};

/** Every port the patterns name (ranges are short: the catalog's widest is two ports). */
function expand(patterns: readonly string[]): number[] {
  const ports = new Set<number>();
  for (const p of patterns) {
    const [from, to = from] = p.split('-').map(Number);
    for (let port = from; port <= Math.min(to, from + 1024); port++) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b);
}

/** No administrative port is reachable from the internet by any path, with or without a reason. */
export const inboundAdmin = siteRule<InboundAdminParams>({
  slug: 'inbound-admin',
  description:
    'No administrative port (RDP, SSH, WinRM, SMB, RPC, MSSQL, VNC) is reachable from the internet by any path: DNAT, a NIC public IP, a load balancer or an application gateway.',
  params: PARAMS,
  check: ({ model, site, params, memo }) => {
    if (site.dataplane === undefined) return [];
    const admin = expand(params.ports);
    const isAdmin = (e: Exposure) => admin.includes(e.internalPort ?? e.port) || admin.includes(e.port);
    const expected = `no internet path to ports ${params.ports.join(', ')}`;
    const seen = new Set<string>();
    return exposures(memo, model, site, admin).flatMap((e): RuleResult[] => {
      const key = `${e.publicIp.address} ${e.protocol} ${e.port}`;
      if (!isAdmin(e) || seen.has(key)) return [];
      seen.add(key);
      if (e.verdict === 'allowed')
        return [
          violation(
            e.element,
            `administrative port ${e.internalPort ?? e.port} reachable from the internet`,
            describeExposure(e),
            expected,
            {
              address: e.element,
              ...(e.name === '' ? {} : { ruleName: e.name }),
              fix: 'remove the path; reach administrative ports over a VPN or Azure Bastion',
            },
          ),
        ];
      const why = e.hops.find((h) => h.decision === 'unknown')?.detail ?? 'the evaluator could not decide';
      return [
        cannotEvaluate(e.element, `internet path to ${describeExposure(e)}`, why, expected, { address: e.element }),
      ];
    });
  },
});
