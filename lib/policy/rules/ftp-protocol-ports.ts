// SPDX-License-Identifier: Apache-2.0
import type { EgressFlow } from '../../model/types';
import { knownValues, parsedPortList, parsePorts, portsTouch, unknownReasons } from '../match';
import type { ParamsSchema, RuleMemo, RuleResult } from '../rule';
import { cannotEvaluate, siteRule, violation } from '../rule';

export interface FtpProtocolPortsParams {
  /** Ports that belong to SFTP (SSH). */
  readonly sftpPorts: string[];
  /** Ports that belong to FTP/FTPS (control and implicit TLS). */
  readonly ftpsPorts: string[];
}

/** Schema of {@link FtpProtocolPortsParams}: pack files are checked against it. */
const PARAMS: ParamsSchema<FtpProtocolPortsParams> = {
  description: 'Ports of the two incompatible secure FTP protocols.',
  type: 'object',
  additionalProperties: false,
  properties: {
    sftpPorts: {
      description: 'SFTP (SSH) ports.',
      type: 'array',
      items: {
        description: 'A port or range in Azure form: `443` or `3000-3010`.',
        type: 'string',
        pattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
      },
      minItems: 1,
    },
    ftpsPorts: {
      description: 'FTP/FTPS ports.',
      type: 'array',
      items: {
        description: 'A port or range in Azure form: `443` or `3000-3010`.',
        type: 'string',
        pattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
      },
      minItems: 1,
    },
  },
  required: ['sftpPorts', 'ftpsPorts'],
};

/** An SFTP flow does not open FTPS ports, and an FTPS flow does not open SFTP ports. */
export const ftpProtocolPorts = siteRule<FtpProtocolPortsParams>({
  slug: 'ftp-protocol-ports',
  description: "A flow declares SFTP or FTPS and opens only that protocol's ports; the two are incompatible.",
  params: PARAMS,
  check: ({ site, params, memo }) => {
    const results: RuleResult[] = [];
    for (const flow of site.egress) {
      const isSftp = flow.appProtocol === 'sftp';
      const isFtps = flow.appProtocol === 'ftps-implicit' || flow.appProtocol === 'ftps-explicit';
      const foreign = isSftp ? params.ftpsPorts : isFtps ? params.sftpPorts : [];
      const other = isSftp ? 'FTPS' : 'SFTP';
      if (foreign.length === 0) continue;
      if (!touches(flow, foreign, memo)) {
        // Unresolved ports may be the other protocol's.
        const why = unknownReasons(flow.ports);
        if (why !== undefined)
          results.push(
            cannotEvaluate(
              flow.path,
              `ports of ${flow.appProtocol} rule ${flow.name}`,
              why,
              `no ${other} ports (${foreign.join(', ')})`,
            ),
          );
        continue;
      }
      results.push(
        violation(
          flow.path,
          `${flow.appProtocol} rule ${flow.name} opens ${other} ports`,
          `ports ${knownValues(flow.ports).join(', ')}`,
          `only ${isSftp ? 'SFTP' : 'FTPS'} ports (${(isSftp ? params.sftpPorts : params.ftpsPorts).join(', ')} or the partner's own)`,
          { fix: `split the flow: one rule per protocol, each with its own ports` },
        ),
      );
    }
    return results;
  },
});

/** True when the flow opens one of the other protocol's ports (each list parsed once, not per rule and port). */
function touches(flow: EgressFlow, foreign: readonly string[], memo: RuleMemo): boolean {
  const ports = parsePorts(flow.ports, flow.protocol);
  return parsedPortList(foreign, memo).some((p) => portsTouch(ports, p));
}
