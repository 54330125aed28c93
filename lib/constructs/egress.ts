// SPDX-License-Identifier: Apache-2.0
/**
 * Egress rules on a site's firewall. Azure application rules carry only HTTP, HTTPS and
 * MSSQL; everything else (FTPS, SFTP, MLLP, DICOM) must be a network rule, and a network
 * rule that names an FQDN works only with the policy's DNS proxy on.
 */
import { Lazy } from 'cdktf';
import { defineError } from '../core/errors';
import { encodeAnnotations } from '../model/encoding';
import type { AppProtocol, EgressFlow, TransportProtocol } from '../model/types';
import type { Cidr } from '../net/cidr';
import type { Fqdn } from '../net/fqdn';
import type { Port } from '../net/port';
import type { ClinicSite, SiteFirewall } from './clinic-site';
import type { SiteToSiteVpn } from './site-to-site-vpn';
import { checkVendorProtocol } from './flow-protocols';

/** What every egress flow declares. */
interface EgressCommonProps {
  /** Rule name, unique within the site (`lumos-ftps-control`). */
  readonly name: string;
  /** Destination ports, all of one transport protocol. */
  readonly ports: Port[];
  /** The application protocol the flow carries. */
  readonly app: AppProtocol;
  /** Why the flow exists, in words. */
  readonly purpose: string;
  /**
   * Catalog requirement id the flow serves (`LUMOS-EGRESS-991`).
   * @default - none
   */
  readonly requirement?: string;
  /**
   * Workload subnets the flow comes from.
   * @default - every workload subnet of the site
   */
  readonly sourceSubnets?: string[];
}

/** An egress flow to hostnames. */
export interface HostnameEgressProps extends EgressCommonProps {
  /** Destination hostnames; wildcards (`*.example.org`) only for HTTP/HTTPS/MSSQL. */
  readonly fqdns: Fqdn[];
  /**
   * HTTPS only: let the firewall terminate and inspect TLS (needs the site's TLS inspection).
   * @default false
   */
  readonly inspectTls?: boolean;
  /**
   * Whether the site's clients hand this flow to the firewall's explicit proxy (the hand-over PAC
   * sends its hosts there; AZURE-EXPLICIT-PROXY). The proxy is matched by application rules only
   * and carries HTTP and HTTPS only: a proxied flow is an application rule for its hosts and ports;
   * a flow kept off the proxy keeps its rule and leaves by the firewall's NAT/SNAT path.
   * @default true for `http` and `https` flows on a site with `explicitProxy`, false otherwise
   */
  readonly viaProxy?: boolean;
}

/** An egress flow to fixed addresses (prefer hostnames; vendors' addresses change). */
export interface AddressEgressProps extends EgressCommonProps {
  /** Destination networks. */
  readonly addresses: Cidr[];
  /**
   * The site's VPN link this flow is routed over (HL7 to a hub, for example).
   * @default - over the internet
   */
  readonly viaVpn?: SiteToSiteVpn;
}

/**
 * Which method the flow came through. `arrival`: the far end of an estate VPN flow, a rule on
 * the receiving site's firewall admitting the sending site's sources.
 */
export type EgressRequest =
  | { readonly kind: 'hostname'; readonly props: HostnameEgressProps }
  | { readonly kind: 'address'; readonly props: AddressEgressProps }
  | {
      readonly kind: 'arrival';
      readonly props: AddressEgressProps;
      readonly from: ClinicSite;
      /** The receiving site's link back to `from`, asked at synth: the link may be created after the flow. */
      readonly viaLink: () => string | undefined;
    };

const APPLICATION_PROTOCOLS: Partial<Record<AppProtocol, 'Http' | 'Https' | 'Mssql'>> = {
  http: 'Http',
  https: 'Https',
  mssql: 'Mssql',
};

/** What the firewall's explicit proxy carries (Azure: HTTP and HTTPS, matched by application rules). */
const PROXY_PROTOCOLS: readonly AppProtocol[] = ['http', 'https'];

const proxyCannotCarry = defineError({
  code: 'EGRESS-PROXY-PROTOCOL',
  title: 'A flow handed to the explicit proxy carries a protocol the proxy cannot carry.',
  message: (name: string, app: string) =>
    `flow "${name}" cannot go through the explicit proxy — got viaProxy: true with app '${app}', expected app 'http' or 'https' (the explicit proxy carries only those); fix: drop viaProxy, so the flow keeps its network rule and NAT egress`,
  example: ['lumos-ftps-control', 'ftps-implicit'],
});

const egressInvalid = defineError({
  code: 'EGRESS-INVALID',
  title: 'An egress flow was declared with missing or inconsistent props.',
  message: (name: string, got: string, expected: string, fix: string) =>
    `invalid egress flow "${name}" — got ${got}, expected ${expected}; fix: ${fix}`,
  example: ['lumos-ftps', 'no ports', 'at least one port', 'list the destination ports, e.g. Port.tcp(991)'],
});

/** Emits the rule for one flow and returns the flow as the model records it. */
export function addEgress(site: ClinicSite, fw: SiteFirewall, request: EgressRequest): EgressFlow {
  const p = request.props;
  fw.rules.checkName(p.name);
  const protocol = transportOf(p);
  const sources =
    request.kind === 'arrival' ? request.from.sourcePrefixes(p.sourceSubnets) : site.sourcePrefixes(p.sourceSubnets);
  const viaVpn = request.kind === 'address' ? request.props.viaVpn?.linkName : undefined;
  const viaProxy = request.kind === 'arrival' ? undefined : proxyChoice(site, request);
  const annotations = {
    app: p.app,
    req: p.requirement,
    purpose: p.purpose,
    vpn: viaVpn,
    proxy: viaProxy === undefined ? undefined : viaProxy ? 'yes' : 'no',
  };
  const description =
    request.kind === 'arrival'
      ? Lazy.stringValue({ produce: () => encodeAnnotations({ ...annotations, vpn: request.viaLink() }) })
      : encodeAnnotations(annotations);
  const ports = p.ports.map(String);
  const common = {
    name: p.name,
    action: 'Allow' as const,
    protocol,
    ports,
    appProtocol: p.app,
    sources,
    purpose: p.purpose,
    ...(p.requirement !== undefined && { requirement: p.requirement }),
    ...(viaProxy !== undefined && { viaProxy }),
  };
  if (request.kind !== 'hostname') {
    const { addresses } = request.props;
    if (addresses.length === 0)
      throw egressInvalid(p.name, 'no addresses', 'at least one destination network', 'list the destination networks');
    if (request.kind === 'address' && request.props.viaVpn !== undefined && request.props.viaVpn.node.scope !== site) {
      throw egressInvalid(
        p.name,
        `viaVpn ${viaVpn} of another site`,
        `a VPN link of site ${site.siteName}`,
        'pass a SiteToSiteVpn created on this site',
      );
    }
    const link = request.kind === 'address' ? request.props.viaVpn : undefined;
    // The tunnel only carries the far end's prefixes: anything else would leave by the internet route.
    const outside = link === undefined ? [] : addresses.filter((a) => !link.remotePrefixes.some((r) => r.contains(a)));
    if (link !== undefined && outside.length > 0) {
      throw egressInvalid(
        p.name,
        `viaVpn ${link.linkName} to ${outside.map(String).join(', ')}`,
        `destinations inside the link's remote prefixes (${link.remotePrefixes.map(String).join(', ')})`,
        "send only the far end's networks over the link, or add the prefixes to the link",
      );
    }
    const destinations = addresses.map(String).sort();
    const placed = fw.rules.addNetworkRule(
      request.kind === 'arrival' ? 'inbound-from-vpn' : 'egress-network-by-address',
      {
        name: p.name,
        description,
        protocols: [networkProtocol(protocol)],
        sourceAddresses: sources,
        destinationAddresses: destinations,
        destinationPorts: ports,
      },
    );
    return {
      ...common,
      ...placed,
      ruleKind: 'network',
      fqdns: [],
      addresses: destinations,
      terminateTls: false,
      ...(viaVpn !== undefined && { viaVpn }),
    };
  }
  const { fqdns, inspectTls = false } = request.props;
  if (fqdns.length === 0)
    throw egressInvalid(
      p.name,
      'no hostnames',
      'at least one destination hostname',
      'list the hostnames, e.g. Fqdn.parse("csu.cherel.org.au")',
    );
  checkVendorProtocol(site, request.props);
  const hosts = [...new Set(fqdns.map(String))].sort();
  const applicationType = APPLICATION_PROTOCOLS[p.app];
  if (applicationType === undefined) {
    if (inspectTls)
      throw egressInvalid(p.name, `inspectTls with app ${p.app}`, 'inspectTls only on https flows', 'drop inspectTls');
    const wildcard = fqdns.find((f) => f.isWildcard);
    if (wildcard) {
      throw egressInvalid(
        p.name,
        `wildcard "${wildcard.toString()}" for ${p.app}`,
        'exact hostnames (network rules resolve each name through DNS)',
        'list the exact hostnames',
      );
    }
    const placed = fw.rules.addNetworkRule('egress-network-by-hostname', {
      name: p.name,
      description,
      protocols: [networkProtocol(protocol)],
      sourceAddresses: sources,
      destinationFqdns: hosts,
      destinationPorts: ports,
    });
    site.enableDnsProxy();
    return { ...common, ...placed, ruleKind: 'network', fqdns: hosts, addresses: [], terminateTls: false };
  }
  const ranged = p.ports.find((port) => port.protocol !== 'tcp' || port.from !== port.to);
  if (ranged)
    throw egressInvalid(
      p.name,
      `port ${ranged.describe()} for ${p.app}`,
      'single TCP ports for HTTP, HTTPS and MSSQL',
      'list each TCP port on its own',
    );
  if (inspectTls && (p.app !== 'https' || site.tlsInspection === undefined)) {
    throw egressInvalid(
      p.name,
      `inspectTls on ${p.app} at site ${site.siteName}`,
      'an https flow on a site with tlsInspection',
      'enable tlsInspection on the site or drop inspectTls',
    );
  }
  const placed = fw.rules.addApplicationRule('egress-application', {
    name: p.name,
    description,
    sourceAddresses: sources,
    destinationFqdns: hosts,
    protocols: p.ports.map((port) => ({ type: applicationType, port: port.from })),
    ...(fw.tier === 'Premium' && { terminateTls: inspectTls }),
  });
  return { ...common, ...placed, ruleKind: 'application', fqdns: hosts, addresses: [], terminateTls: inspectTls };
}

/**
 * Whether the clients hand the flow to the site's explicit proxy, or undefined on a site without
 * one (the rule description then says nothing). Address flows never are: clients are handed
 * hostnames for the proxy (the PAC file), and an address flow is a network rule.
 */
function proxyChoice(site: ClinicSite, request: Exclude<EgressRequest, { kind: 'arrival' }>): boolean | undefined {
  const p = request.props;
  const asked = request.kind === 'hostname' ? request.props.viaProxy : undefined;
  if (asked === true && !site.hasExplicitProxy)
    throw egressInvalid(
      p.name,
      `viaProxy on site ${site.siteName}, which has no explicit proxy`,
      "viaProxy only on a site with the firewall's explicitProxy",
      'drop viaProxy, or give the site explicitProxy',
    );
  if (asked === true && !PROXY_PROTOCOLS.includes(p.app)) throw proxyCannotCarry(p.name, p.app);
  if (!site.hasExplicitProxy) return undefined;
  return asked ?? (request.kind === 'hostname' && PROXY_PROTOCOLS.includes(p.app));
}

function transportOf(p: EgressCommonProps): TransportProtocol {
  if (p.ports.length === 0)
    throw egressInvalid(
      p.name,
      'no ports',
      'at least one destination port',
      'list the destination ports, e.g. Port.tcp(991)',
    );
  if (p.purpose.trim().length === 0)
    throw egressInvalid(p.name, 'an empty purpose', 'a purpose in words', 'say why the flow exists');
  const protocols = new Set(p.ports.map((port) => port.protocol));
  if (protocols.size > 1) {
    throw egressInvalid(
      p.name,
      `ports of several protocols (${p.ports.map((port) => port.describe()).join(', ')})`,
      'ports of one transport protocol',
      'split the flow in one per protocol',
    );
  }
  return p.ports[0].protocol;
}

/** Azure's spelling of a transport protocol in network rules. */
export function networkProtocol(protocol: TransportProtocol): 'TCP' | 'UDP' | 'Any' {
  return protocol === 'tcp' ? 'TCP' : protocol === 'udp' ? 'UDP' : 'Any';
}
