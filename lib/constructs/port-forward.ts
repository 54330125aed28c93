// SPDX-License-Identifier: Apache-2.0
/** An inbound port forward: DNAT on the site firewall's public IP to an internal server. */
import { Aspects, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { defineError } from '../core/errors';
import { encodeAnnotations } from '../model/encoding';
import { Cidr, isIpAddress } from '../net/cidr';
import type { Port } from '../net/port';
import type { ClinicSite } from './clinic-site';
import { networkProtocol } from './egress';
import { isToken } from './values';
import { recordCallSite } from './call-site';
import { DEFAULT_LEDGER_FILE, ledgerOf } from './ledger';

/**
 * Who may use a forward: listed networks; `'custo-senders'`, the outbound IPs of the estate's
 * custo senders that name this centre, as recorded in the allocation ledger (`outboundIps`);
 * or anyone (recorded as `*`, which policies flag).
 */
export type ForwardSources = Cidr[] | 'custo-senders' | 'any';

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
  /** Networks allowed to connect, `'custo-senders'` (a custo centre's senders, from the ledger), or `'any'`. */
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
    if (props.sources === 'custo-senders') {
      // Checked when synth visits the site's aspects, not while tokens resolve (cdktf wraps an
      // error thrown there in its own text); senders may be declared after their centre.
      Aspects.of(site).add({ visit: (node) => void (node === this && senderSources(site, id)) });
    }
    const sources =
      props.sources === 'any'
        ? ['*']
        : props.sources === 'custo-senders'
          ? Lazy.listValue({ produce: () => senderSources(site, id, false) })
          : props.sources.map(String).sort();
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

const senderIpUnrecorded = defineError({
  code: 'FORWARD-SENDER-IP-UNRECORDED',
  title: "A custo centre's forward takes its senders' outbound IPs from the ledger, and one is not recorded there.",
  message: (forward: string, senders: string, file: string) =>
    `no recorded outbound IP for custo senders of forward "${forward}" — got ${senders} without an entry in ${file} "outboundIps", expected each sender's public IPv4 address; fix: after each sender's first apply, record the address it leaves by (its firewall's public IP or NAT gateway's) in ${file} under "outboundIps", then synthesize again`,
  example: ['custo-diagnostics', 'gp-north', 'clinicnet-addresses.json'],
});

/**
 * The ledger's outbound IPs of the estate's custo senders that name `centre`, as /32 sources;
 * with `strict`, throws when there is no sender or one has no recorded address.
 */
function senderSources(centre: ClinicSite, id: string, strict = true): string[] {
  const ledger = ledgerOf(centre);
  const senders = centre.estate.sites.filter((s) => s.custo?.role === 'sender' && s.custo.centre === centre.siteName);
  const ips = senders.map((s) => ledger?.outboundIp(s.siteName));
  const recorded = ips.filter((ip): ip is string => ip !== undefined).map((ip) => `${ip}/32`);
  if (!strict) return recorded.sort();
  if (senders.length === 0)
    throw forwardInvalid(
      id,
      "sources 'custo-senders' and no estate site that is a custo sender of this centre",
      'a site with vendor.custo { role: sender, centre: ' + centre.siteName + ' }',
      'declare the senders, or list the source networks',
    );
  const missing = senders.filter((_, i) => ips[i] === undefined);
  if (ledger === undefined || missing.length > 0)
    throw senderIpUnrecorded(
      id,
      (missing.length > 0 ? missing : senders).map((s) => s.siteName).join(', '),
      ledger?.file ?? DEFAULT_LEDGER_FILE,
    );
  return recorded.sort();
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
  if (props.sources === 'custo-senders' && (site.custo?.role !== 'centre' || site.custo.mode !== 'port-forward'))
    throw forwardInvalid(
      id,
      "sources 'custo-senders' on a site that is not a port-forwarding custo centre",
      "vendor.custo { role: 'centre', mode: 'port-forward' }",
      'list the source networks instead',
    );
  if (Array.isArray(props.sources) && props.sources.length === 0)
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
