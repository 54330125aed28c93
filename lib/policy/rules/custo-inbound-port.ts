// SPDX-License-Identifier: Apache-2.0
import type { InboundForward } from '../../model/types';
import { isUnknown } from '../../model/types';
import { shown } from '../match';
import type { ParamsSchema } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface CustoInboundPortParams {
  /** The diagnostics SSL ports an installation may use. */
  readonly ports: number[];
}

/** Schema of {@link CustoInboundPortParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<CustoInboundPortParams> = {
  description: 'SSL ports of the diagnostics server.',
  type: 'object',
  additionalProperties: false,
  properties: {
    ports: {
      description: 'Ports an installation may use.',
      type: 'array',
      items: {
        description: 'A TCP port.',
        type: 'integer',
        minimum: 1,
        maximum: 65535,
      },
      minItems: 1,
    },
  },
  required: ['ports'],
};

/** A centre using port forwarding forwards its SSL port, the same number outside and inside. */
export const custoInboundPort = siteRule<CustoInboundPortParams>({
  slug: 'custo-inbound-port',
  description:
    'An evaluation centre using port forwarding has a TCP forward of its diagnostics SSL port, the same port outside and inside.',
  params: PARAMS,
  check: ({ site, params }) => {
    const custo = site.vendor.custo;
    if (custo?.role !== 'centre' || custo.mode !== 'port-forward') return [];
    const allowed = custo.sslPort !== undefined ? [custo.sslPort] : params.ports;
    const expected = `a TCP forward ${allowed.join(' or ')} → the same internal port`;
    const isSslPort = (p: InboundForward['externalPort']) => !isUnknown(p) && allowed.map(String).includes(p);
    const tcp = site.inbound.filter((f) => f.protocol === 'tcp' || f.protocol === 'any');
    if (tcp.some((f) => isSslPort(f.externalPort) && f.internalPort === f.externalPort)) return [];
    const mismatched = tcp.find(
      (f) => isSslPort(f.externalPort) || isSslPort(f.internalPort) || f.requirement === 'CUSTO-INBOUND-PORT',
    );
    if (mismatched !== undefined && (isUnknown(mismatched.externalPort) || isUnknown(mismatched.internalPort))) {
      return [
        cannotEvaluate(mismatched.path, `ports of forward ${mismatched.name}`, 'unresolved port', expected, {
          ruleName: mismatched.name,
          address: mismatched.address,
        }),
      ];
    }
    if (mismatched !== undefined) {
      return [
        violation(
          mismatched.path,
          'custo forward maps different ports',
          `${shown(mismatched.externalPort)} → ${shown(mismatched.internalPort)}`,
          expected,
          {
            fix: 'forward the SSL port to the same port number inside',
            ruleName: mismatched.name,
            address: mismatched.address,
          },
        ),
      ];
    }
    const doubtful = tcp.find((f) => isUnknown(f.externalPort));
    if (doubtful !== undefined)
      return [
        cannotEvaluate(doubtful.path, `external port of forward ${doubtful.name}`, 'unresolved port', expected, {
          ruleName: doubtful.name,
          address: doubtful.address,
        }),
      ];
    return [
      violation(
        site.path,
        'evaluation centre has no forward of the diagnostics SSL port',
        `${site.inbound.length} inbound forwards`,
        expected,
      ),
    ];
  },
});
