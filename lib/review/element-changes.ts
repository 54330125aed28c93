// SPDX-License-Identifier: Apache-2.0
/**
 * How one element of a site (egress flow, inbound forward, bypass entry, NAT, VPN link,
 * TLS inspection, proxy) changed, and whether the change is security-relevant.
 */
import {
  isRef,
  isUnknown,
  publicIpText,
  type BypassEntry,
  type EgressFlow,
  type InboundForward,
  type NatEgress,
  type ProxySettings,
  type TlsInspection,
  type VpnLink,
} from '../model/types';
import { show, showList, widerAddresses, widerFqdns, widerPorts } from './coverage';
import type { Change, ChangeKind } from './diff';

/** A forward's listening address: the public IP by name when it is known by identity. */
const showListen = (v: InboundForward['destination']): string => (isRef(v) ? publicIpText(v) : show(v));

/** Names the vendor behind a requirement id. */
export type VendorOf = (requirement: string) => string | undefined;

/** `field before → after` for each field whose text differs. */
function fieldChanges(fields: readonly [string, string, string][]): string[] {
  return fields.filter(([, b, a]) => b !== a).map(([name, b, a]) => `${name} ${b} → ${a}`);
}

function describeFlow(f: EgressFlow): string {
  const destinations = [...f.fqdns, ...f.addresses];
  const extras = [
    f.action === 'Deny' ? 'DENY' : undefined,
    f.appProtocol,
    f.viaVpn !== undefined ? `via VPN ${f.viaVpn}` : undefined,
    f.terminateTls ? 'TLS inspected' : undefined,
  ].filter((e) => e !== undefined);
  return `${f.protocol.toUpperCase()} ${showList(f.ports)} → ${showList(destinations)} (${extras.join(', ')})`;
}

function flowLabel(f: EgressFlow, vendorOf: VendorOf): string {
  const vendor = f.requirement === undefined ? undefined : vendorOf(f.requirement);
  return vendor === undefined ? 'flow' : `${vendor} flow`;
}

/** The change to an egress flow between base and head, if any. */
export function egressChange(
  site: string,
  b: EgressFlow | undefined,
  a: EgressFlow | undefined,
  vendorOf: VendorOf,
): Change | undefined {
  const common = { site, area: 'egress' as const };
  if (b === undefined && a !== undefined) {
    const concern = a.action === 'Allow' ? ('wider-egress' as const) : undefined;
    const summary = `new egress ${flowLabel(a, vendorOf)} \`${a.name}\` ${describeFlow(a)}`;
    return {
      ...common,
      kind: 'added',
      subject: a.name,
      summary,
      after: describeFlow(a),
      requirement: a.requirement,
      concern,
      path: a.path,
    };
  }
  if (a === undefined && b !== undefined) {
    const concern = b.requirement !== undefined && b.action === 'Allow' ? ('removed-obligation' as const) : undefined;
    const summary = `${flowLabel(b, vendorOf)} REMOVED: \`${b.name}\` ${describeFlow(b)}${b.requirement ? ` (${b.requirement})` : ''}`;
    return {
      ...common,
      kind: 'removed',
      subject: b.name,
      summary,
      before: describeFlow(b),
      requirement: b.requirement,
      concern,
      path: b.path,
    };
  }
  if (a === undefined || b === undefined) return undefined;
  const differences = fieldChanges([
    ['action', b.action, a.action],
    ['protocol', b.protocol, a.protocol],
    ['ports', showList(b.ports), showList(a.ports)],
    ['hostnames', showList(b.fqdns), showList(a.fqdns)],
    ['addresses', showList(b.addresses), showList(a.addresses)],
    ['sources', showList(b.sources), showList(a.sources)],
    ['application protocol', b.appProtocol, a.appProtocol],
    ['rule kind', b.ruleKind, a.ruleKind],
    ['TLS inspection', String(b.terminateTls), String(a.terminateTls)],
    ['VPN link', b.viaVpn ?? 'none (internet)', a.viaVpn ?? 'none (internet)'],
    ['requirement', b.requirement ?? '—', a.requirement ?? '—'],
  ]);
  if (differences.length === 0) return undefined;
  const widened = a.action === 'Allow' && (b.action === 'Deny' || flowWidened(b, a));
  const narrowedObligation =
    b.requirement !== undefined && b.action === 'Allow' && (a.action === 'Deny' || flowWidened(a, b));
  const concern = widened ? 'wider-egress' : narrowedObligation ? 'removed-obligation' : undefined;
  const verb = widened ? 'widened' : narrowedObligation ? 'narrowed' : 'changed';
  const summary = `egress ${flowLabel(a, vendorOf)} \`${a.name}\` ${verb}: ${differences.join('; ')}`;
  return {
    ...common,
    kind: 'changed',
    subject: a.name,
    summary,
    before: describeFlow(b),
    after: describeFlow(a),
    requirement: a.requirement ?? b.requirement,
    concern,
    path: a.path,
  };
}

/** True when `wide` allows something `narrow` does not (destinations, ports, sources, internet path). */
function flowWidened(narrow: EgressFlow, wide: EgressFlow): boolean {
  const protocolWider = narrow.protocol !== wide.protocol && wide.protocol === 'any';
  return (
    protocolWider ||
    widerFqdns(narrow.fqdns, wide.fqdns).length > 0 ||
    widerAddresses(narrow.addresses, wide.addresses).length > 0 ||
    widerPorts(narrow.ports, wide.ports, wide.protocol).length > 0 ||
    widerAddresses(narrow.sources, wide.sources).length > 0 ||
    (narrow.viaVpn !== undefined && wide.viaVpn === undefined)
  );
}

function describeForward(f: InboundForward): string {
  // The listening address is the firewall's public IP, usually known only after apply; its port is what matters here.
  const on = isRef(f.destination) || isUnknown(f.destination) ? "the firewall's public IP" : f.destination;
  const from = f.sources.length === 1 && f.sources[0] === '*' ? 'any source' : showList(f.sources);
  return `${f.protocol.toUpperCase()} ${show(f.externalPort)} on ${on} from ${from} → ${show(f.internalAddress)}:${show(f.internalPort)}`;
}

/** The change to an inbound forward between base and head, if any. */
export function inboundChange(
  site: string,
  b: InboundForward | undefined,
  a: InboundForward | undefined,
  vendorOf: VendorOf,
): Change | undefined {
  const common = { site, area: 'inbound' as const };
  const vendor = (f: InboundForward) =>
    f.requirement === undefined ? '' : `${vendorOf(f.requirement) ?? f.requirement} `;
  if (b === undefined && a !== undefined) {
    const summary = `new inbound ${vendor(a)}port forward \`${a.name}\` ${describeForward(a)}`;
    return {
      ...common,
      kind: 'added',
      subject: a.name,
      summary,
      after: describeForward(a),
      requirement: a.requirement,
      concern: 'new-inbound',
      path: a.path,
    };
  }
  if (a === undefined && b !== undefined) {
    const summary = `inbound ${vendor(b)}port forward REMOVED: \`${b.name}\` ${describeForward(b)}`;
    const concern = b.requirement !== undefined ? ('removed-obligation' as const) : undefined;
    return {
      ...common,
      kind: 'removed',
      subject: b.name,
      summary,
      before: describeForward(b),
      requirement: b.requirement,
      concern,
      path: b.path,
    };
  }
  if (a === undefined || b === undefined) return undefined;
  const differences = fieldChanges([
    ['protocol', b.protocol, a.protocol],
    ['external port', show(b.externalPort), show(a.externalPort)],
    ['public address', showListen(b.destination), showListen(a.destination)],
    ['sources', showList(b.sources), showList(a.sources)],
    [
      'internal target',
      `${show(b.internalAddress)}:${show(b.internalPort)}`,
      `${show(a.internalAddress)}:${show(a.internalPort)}`,
    ],
    ['requirement', b.requirement ?? '—', a.requirement ?? '—'],
  ]);
  if (differences.length === 0) return undefined;
  // A forward that listens on another port or address, or accepts more sources, exposes something new.
  const exposed =
    widerAddresses(b.sources, a.sources).length > 0 ||
    show(b.externalPort) !== show(a.externalPort) ||
    showListen(b.destination) !== showListen(a.destination) ||
    (b.protocol !== a.protocol && a.protocol === 'any');
  const summary = `inbound port forward \`${a.name}\` ${exposed ? 'widened' : 'changed'}: ${differences.join('; ')}`;
  return {
    ...common,
    kind: 'changed',
    subject: a.name,
    summary,
    before: describeForward(b),
    after: describeForward(a),
    requirement: a.requirement,
    concern: exposed ? 'wider-inbound' : undefined,
    path: a.path,
  };
}

/** The change to a bypass entry between base and head, if any. */
export function bypassChange(site: string, b: BypassEntry | undefined, a: BypassEntry | undefined): Change | undefined {
  const common = { site, area: 'bypass' as const };
  const describe = (e: BypassEntry) => `${e.host} — ${e.reason}${e.requirement ? ` (${e.requirement})` : ''}`;
  if (b === undefined && a !== undefined) {
    return {
      ...common,
      kind: 'added',
      subject: a.host,
      summary: `bypass entry added: ${describe(a)}`,
      after: describe(a),
      requirement: a.requirement,
      path: a.path,
    };
  }
  if (a === undefined && b !== undefined) {
    const summary = `bypass entry REMOVED: ${describe(b)} (the host is now proxied / TLS-inspected)`;
    return {
      ...common,
      kind: 'removed',
      subject: b.host,
      summary,
      before: describe(b),
      requirement: b.requirement,
      concern: 'removed-bypass',
      path: b.path,
    };
  }
  if (a === undefined || b === undefined || describe(a) === describe(b)) return undefined;
  return {
    ...common,
    kind: 'changed',
    subject: a.host,
    summary: `bypass entry changed: ${describe(b)} → ${describe(a)}`,
    before: describe(b),
    after: describe(a),
    requirement: a.requirement,
    path: a.path,
  };
}

/** The change to a NAT egress between base and head, if any. */
export function natChange(site: string, b: NatEgress | undefined, a: NatEgress | undefined): Change | undefined {
  const common = { site, area: 'nat' as const };
  const describe = (n: NatEgress) =>
    `public IPs ${showList([...n.publicIps, ...n.publicIpPrefixes])}; subnets ${showList(n.subnets)}; idle ${show(n.idleTimeoutMinutes)} min`;
  if (b === undefined && a !== undefined) {
    return {
      ...common,
      kind: 'added',
      subject: a.name,
      summary: `new NAT egress \`${a.name}\` ${describe(a)}`,
      after: describe(a),
      path: a.path,
    };
  }
  if (a === undefined && b !== undefined) {
    return {
      ...common,
      kind: 'removed',
      subject: b.name,
      summary: `NAT egress REMOVED: \`${b.name}\` ${describe(b)}`,
      before: describe(b),
      path: b.path,
    };
  }
  if (a === undefined || b === undefined) return undefined;
  const differences = fieldChanges([
    ['public IPs', showList(b.publicIps), showList(a.publicIps)],
    ['public IP prefixes', showList(b.publicIpPrefixes), showList(a.publicIpPrefixes)],
    ['subnets', showList(b.subnets), showList(a.subnets)],
    ['SKU', show(b.sku), show(a.sku)],
    ['idle timeout (min)', show(b.idleTimeoutMinutes), show(a.idleTimeoutMinutes)],
  ]);
  if (differences.length === 0) return undefined;
  const ipNote = differences.some((d) => d.startsWith('public IP'))
    ? ' (tell vendors that allow-list the clinic by address)'
    : '';
  return {
    ...common,
    kind: 'changed',
    subject: a.name,
    summary: `NAT egress \`${a.name}\` changed: ${differences.join('; ')}${ipNote}`,
    before: describe(b),
    after: describe(a),
    path: a.path,
  };
}

function describeLink(l: VpnLink): string {
  const peer = show(l.remote.gatewayAddress ?? l.remote.gatewayFqdn);
  return `${show(l.protocol)} to ${l.remote.site ?? l.remote.name} (${peer}); remote ${showList(l.remote.prefixes)}; local ${showList(l.localPrefixes)}; key ${l.sharedKey.source}`;
}

/** The change to a VPN link between base and head, if any. */
export function vpnChange(site: string, b: VpnLink | undefined, a: VpnLink | undefined): Change | undefined {
  const common = { site, area: 'vpn' as const };
  if (b === undefined && a !== undefined) {
    return {
      ...common,
      kind: 'added',
      subject: a.name,
      summary: `new VPN link \`${a.name}\` ${describeLink(a)}`,
      after: describeLink(a),
      concern: 'wider-vpn',
      path: a.path,
    };
  }
  if (a === undefined && b !== undefined) {
    return {
      ...common,
      kind: 'removed',
      subject: b.name,
      summary: `VPN link REMOVED: \`${b.name}\` ${describeLink(b)}`,
      before: describeLink(b),
      path: b.path,
    };
  }
  if (a === undefined || b === undefined) return undefined;
  const ipsec = (l: VpnLink) => (l.ipsec === undefined ? 'Azure default' : Object.values(l.ipsec).map(show).join('/'));
  const differences = fieldChanges([
    ['protocol', show(b.protocol), show(a.protocol)],
    ['remote prefixes', showList(b.remote.prefixes), showList(a.remote.prefixes)],
    ['local prefixes', showList(b.localPrefixes), showList(a.localPrefixes)],
    [
      'peer',
      show(b.remote.gatewayAddress ?? b.remote.gatewayFqdn),
      show(a.remote.gatewayAddress ?? a.remote.gatewayFqdn),
    ],
    ['IPsec policy', ipsec(b), ipsec(a)],
    ['shared key', b.sharedKey.source, a.sharedKey.source],
  ]);
  if (differences.length === 0) return undefined;
  const wider =
    widerAddresses(b.remote.prefixes, a.remote.prefixes).length > 0 ||
    widerAddresses(b.localPrefixes, a.localPrefixes).length > 0;
  const weaker = ipsec(b) !== ipsec(a) || (a.sharedKey.source === 'literal' && b.sharedKey.source !== 'literal');
  const concern = wider ? ('wider-vpn' as const) : weaker ? ('weaker-vpn' as const) : undefined;
  return {
    ...common,
    kind: 'changed',
    subject: a.name,
    summary: `VPN link \`${a.name}\` changed: ${differences.join('; ')}`,
    before: describeLink(b),
    after: describeLink(a),
    concern,
    path: a.path,
  };
}

/** The change to TLS inspection between base and head, if any. */
export function tlsInspectionChanges(site: string, b: TlsInspection, a: TlsInspection, sitePath: string): Change[] {
  const describe = (t: TlsInspection) =>
    t.enabled ? `on (CA ${show(t.caCertificate)}, minimum TLS ${t.minTlsVersion ?? 'not declared'})` : 'off';
  if (describe(b) === describe(a)) return [];
  const kind: ChangeKind = b.enabled === a.enabled ? 'changed' : a.enabled ? 'added' : 'removed';
  // Newly decrypting a site's traffic puts patient data in clear on the firewall and breaks vendors' pinned certificates.
  const concern = tlsWeakened(b.minTlsVersion, a.minTlsVersion)
    ? ('weaker-tls' as const)
    : kind === 'added'
      ? ('new-tls-inspection' as const)
      : undefined;
  const summary = `TLS inspection ${describe(b)} → ${describe(a)}`;
  return [
    {
      site,
      area: 'tls-inspection',
      kind,
      subject: 'TLS inspection',
      summary,
      before: describe(b),
      after: describe(a),
      concern,
      path: a.path ?? b.path ?? sitePath,
    },
  ];
}

/** The change to the proxy between base and head, if any. */
export function proxyChanges(
  site: string,
  b: ProxySettings | undefined,
  a: ProxySettings | undefined,
  sitePath: string,
): Change[] {
  const describe = (p: ProxySettings | undefined) =>
    p === undefined
      ? 'none'
      : `${p.kind} ${p.endpoint}${p.azureExplicitProxy ? ' (Azure Firewall explicit proxy)' : ''}, minimum TLS ${p.minTlsVersion ?? 'not declared'}`;
  if (describe(b) === describe(a)) return [];
  const kind: ChangeKind = b === undefined ? 'added' : a === undefined ? 'removed' : 'changed';
  const concern = tlsWeakened(b?.minTlsVersion, a?.minTlsVersion) ? ('weaker-tls' as const) : undefined;
  const summary = `proxy ${kind === 'removed' ? 'REMOVED: ' : ''}${describe(b)} → ${describe(a)}`;
  return [
    {
      site,
      area: 'proxy',
      kind,
      subject: 'proxy',
      summary,
      before: describe(b),
      after: describe(a),
      concern,
      path: a?.path ?? b?.path ?? sitePath,
    },
  ];
}

/**
 * True when a declared TLS minimum went down ("1.0" < "1.2" holds as text) or is no longer
 * declared (dropped, or its proxy removed): either way head no longer promises what base did.
 */
function tlsWeakened(before: string | undefined, after: string | undefined): boolean {
  return before !== undefined && (after === undefined || after < before);
}
