// SPDX-License-Identifier: Apache-2.0
import { Port } from '../../net/port';
import type { EgressFlow } from '../../model/types';
import { parsePorts, portsTouch } from '../match';
import type { Rule } from '../rule';
import { violation } from '../rule';

export interface FtpProtocolPortsParams {
  /** Ports that belong to SFTP (SSH). */
  readonly sftpPorts: string[];
  /** Ports that belong to FTP/FTPS (control and implicit TLS). */
  readonly ftpsPorts: string[];
}

/** An SFTP flow does not open FTPS ports, and an FTPS flow does not open SFTP ports. */
export const ftpProtocolPorts: Rule<FtpProtocolPortsParams> = {
  slug: 'ftp-protocol-ports',
  scope: 'site',
  description: 'A flow declares SFTP or FTPS and opens only that protocol\'s ports; the two are incompatible.',
  check: ({ site, params }) => {
    if (site === undefined) return [];
    const touches = (flow: EgressFlow, ports: string[]) => ports.map((p) => Port.parse(p)).some((p) => portsTouch(parsePorts(flow.ports, flow.protocol), p));
    return site.egress.flatMap((flow) => {
      const isSftp = flow.appProtocol === 'sftp';
      const isFtps = flow.appProtocol === 'ftps-implicit' || flow.appProtocol === 'ftps-explicit';
      const foreign = isSftp ? params.ftpsPorts : isFtps ? params.sftpPorts : [];
      if (foreign.length === 0 || !touches(flow, foreign)) return [];
      const other = isSftp ? 'FTPS' : 'SFTP';
      return [violation(flow.path, `${flow.appProtocol} rule ${flow.name} opens ${other} ports`, `ports ${flow.ports.map(String).join(', ')}`, `only ${isSftp ? 'SFTP' : 'FTPS'} ports (${(isSftp ? params.sftpPorts : params.ftpsPorts).join(', ')} or the partner's own)`, { fix: `split the flow: one rule per protocol, each with its own ports` })];
    });
  },
};
