// SPDX-License-Identifier: Apache-2.0
/** An inbound port forward: DNAT on the site firewall's public IP to an internal server. */
import { Construct } from 'constructs';
import { defineError } from '../core/errors';
import { encodeAnnotations } from '../model/encoding';
import { Cidr, isIpAddress } from '../net/cidr';
import type { Port } from '../net/port';
import type { ClinicSite } from './clinic-site';
import { networkProtocol } from './egress';
import { isToken } from './values';
import { recordCallSite } from './call-site';

/** Who may use a forward: listed networks, or anyone (recorded as `*`, which policies flag). */
export type ForwardSources = Cidr[] | 'any';

/** A DNAT rule. */
export interface PortForwardProps {
  /** Port on the firewall's public IP (`Port.tcp(8443)`); one port, TCP or UDP. */
  readonly externalPort: Port;
  /** Private address of the server inside the site. */
  readonly internalAddress: string;
  /**
   * Port on the server.
   * @default - the external port
   */
  readonly internalPort?: Port;
  /** Networks allowed to connect, or `'any'`. */
  readonly sources: ForwardSources;
  /** Why the forward exists (at least 10 characters); reviewers and BASE-NO-INTERNET-INBOUND read it. */
  readonly reason: string;
  /**
   * Catalog requirement id the forward serves (`CUSTO-INBOUND-PORT`).
   * @default - none
   */
  readonly requirement?: string;
}

const forwardInvalid = defineError({
  code: 'FORWARD-INVALID',
  title: 'A port forward was declared with missing or inconsistent props.',
  message: (name: string, got: string, expected: string, fix: string) =>
    `invalid port forward "${name}" — got ${got}, expected ${expected}; fix: ${fix}`,
  example: ['custo-diagnostics', 'reason "custo"', 'a reason of at least 10 characters', 'say who connects and why'],
});

/** A DNAT rule in the site's `inbound-dnat` collection, recorded as an inbound forward. */
export class PortForward extends Construct {
  public constructor(site: ClinicSite, id: string, props: PortForwardProps) {
    const fw = site.requireFirewall(`port forward "${id}"`);
    validate(site, id, props);
    super(site, id);
    recordCallSite(this);
    const internalPort = props.internalPort ?? props.externalPort;
    const sources = props.sources === 'any' ? ['*'] : props.sources.map(String).sort();
    const destination = fw.publicIp.ipAddress;
    fw.rules.addNatRule({
      name: id,
      description: encodeAnnotations({ req: props.requirement, reason: props.reason }),
      protocols: [networkProtocol(props.externalPort.protocol)],
      sourceAddresses: sources,
      destinationAddress: destination,
      destinationPorts: [props.externalPort.toString()],
      translatedAddress: props.internalAddress,
      translatedPort: internalPort.from,
    });
  }
}

function validate(site: ClinicSite, id: string, props: PortForwardProps): void {
  const single = (port: Port) => !port.isAny && port.from === port.to && port.protocol !== 'any';
  if (!single(props.externalPort))
    throw forwardInvalid(
      id,
      `externalPort ${props.externalPort.describe()}`,
      'one TCP or UDP port',
      'forward each port on its own',
    );
  const internal = props.internalPort;
  if (internal !== undefined && (!single(internal) || internal.protocol !== props.externalPort.protocol)) {
    throw forwardInvalid(
      id,
      `internalPort ${internal.describe()}`,
      `one ${props.externalPort.protocol.toUpperCase()} port`,
      'give a single port of the same protocol',
    );
  }
  if (!isToken(props.internalAddress)) {
    if (!isIpAddress(props.internalAddress))
      throw forwardInvalid(
        id,
        `internalAddress "${props.internalAddress}"`,
        'a private IP address',
        "give the server's fixed address",
      );
    const host = Cidr.parse(`${props.internalAddress}/${props.internalAddress.includes(':') ? 128 : 32}`);
    const inside = [...site.subnets.values()].some(
      (s) => s.role !== 'firewall' && s.role !== 'gateway' && s.prefix.contains(host),
    );
    if (!inside) {
      throw forwardInvalid(
        id,
        `internalAddress ${props.internalAddress}`,
        `an address in a workload subnet of site ${site.siteName}`,
        'forward to a server inside the site',
      );
    }
  }
  if (props.sources !== 'any' && props.sources.length === 0)
    throw forwardInvalid(
      id,
      'an empty source list',
      "source networks, or 'any'",
      "list the senders' networks (or 'any', which policies flag)",
    );
  if (props.reason.trim().length < 10)
    throw forwardInvalid(
      id,
      `reason "${props.reason}"`,
      'a reason of at least 10 characters',
      'say who connects and why',
    );
}
