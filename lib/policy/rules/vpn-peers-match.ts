// SPDX-License-Identifier: Apache-2.0
/**
 * BASE-VPN-PEERS-MATCH. A tunnel between two sites of the estate comes up only when both ends
 * exist and agree: Azure needs a connection (with its local network gateway) on each side, the
 * same custom IPsec/IKE policy on both connection resources, and each end's local network gateway
 * describing the other side's address space — a prefix missing there is never routed into the
 * tunnel, an extra one is routed into a tunnel whose far end drops it. SA lifetimes are not
 * compared: Azure treats them as local settings that need not match ("Configure custom IPsec/IKE
 * connection policies"). The model says where each end's key comes from, not which secret: the
 * rule reports an end without a key facing one with a key; that both ends read the same secret
 * is checked where it is knowable, at construction (SiteToSiteVpn).
 */
import type { IpsecPolicy, Maybe, Site, VpnLink } from '../../model/types';
import { isUnknown } from '../../model/types';
import { isAnyAddress, knownValues, toCidr, unknownReasons } from '../match';
import type { NoParams, RuleResult } from '../rule';
import { NO_PARAMS, cannotEvaluate, estateRule, violation } from '../rule';

/** No parameters: the rule compares the two ends of each estate link with each other. */
export type VpnPeersMatchParams = NoParams;

/** One end of a link: the site it belongs to and the link as that site records it. */
interface End {
  readonly site: Site;
  readonly link: VpnLink;
}

const IPSEC_FIELDS: readonly (keyof Omit<IpsecPolicy, 'saLifetimeSeconds'>)[] = [
  'ikeEncryption',
  'ikeIntegrity',
  'dhGroup',
  'ipsecEncryption',
  'ipsecIntegrity',
  'pfsGroup',
];

/** Where a result about `end` points. */
function at(end: End, field?: string): Partial<RuleResult> {
  return { site: end.site.name, address: end.link.address, ...(field !== undefined && { field }) };
}

/** `text` in canonical CIDR form when it is one (so `10.1.0.0/16` equals `10.1.0.0/16 ` and `10.1.0.5` its /32). */
function canonical(text: string): string {
  return toCidr(text.trim())?.toString() ?? text.trim();
}

/** The links at `far` that lead back to `near`'s site. */
function linksBack(far: Site, near: Site): VpnLink[] {
  return far.vpnLinks.filter((l) => l.remote.site === near.name);
}

/** What a link's remote prefixes should be: written only for a result (most links mirror). */
const mirrorExpected = (back: End): string =>
  `${back.site.name}'s prefixes on the link, as its end ${back.link.name} offers them`;

/** Each end's remote prefixes are the other end's local prefixes, as sets; unknown when either list is. */
function prefixesMirrored(end: End, back: End): RuleResult[] {
  const reasons = unknownReasons([...end.link.remote.prefixes, ...back.link.localPrefixes]);
  if (reasons !== undefined)
    return [
      cannotEvaluate(
        end.link.path,
        `remote prefixes of VPN link ${end.link.name}`,
        reasons,
        mirrorExpected(back),
        at(end, 'VpnLink.prefixes'),
      ),
    ];
  const remote = new Set(knownValues(end.link.remote.prefixes).map(canonical));
  const offered = new Set(knownValues(back.link.localPrefixes).map(canonical));
  const missing = [...offered].filter((p) => !remote.has(p)).sort();
  const extra = [...remote].filter((p) => !offered.has(p)).sort();
  if (missing.length === 0 && extra.length === 0) return [];
  const got = [
    `${[...remote].sort().join(', ') || 'none'}`,
    ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
    ...(extra.length > 0 ? [`not at ${back.site.name}: ${extra.join(', ')}`] : []),
  ].join('; ');
  return [
    violation(
      end.link.path,
      `VPN link ${end.link.name} does not mirror ${back.site.name}'s prefixes`,
      got,
      `${[...offered].sort().join(', ')} (${mirrorExpected(back)})`,
      {
        ...at(end),
        fix: `make the local network gateway of ${end.link.name} list exactly ${back.site.name}'s address space`,
      },
    ),
  ];
}

/** One setting compared across the ends: unknown on either side is unknown, a difference a violation. */
function compare(
  what: string,
  field: string,
  a: End,
  b: End,
  left: Maybe<string>,
  right: Maybe<string>,
): RuleResult | undefined {
  // Most settings agree: the texts are written only for a result.
  if (!isUnknown(left) && !isUnknown(right) && left === right) return undefined;
  const expected = `the same ${what} at both ends`;
  const pair = `${a.site.name}/${a.link.name} and ${b.site.name}/${b.link.name}`;
  if (isUnknown(left) || isUnknown(right)) {
    const reason = [left, right].filter(isUnknown).map((u) => u.unknown);
    return cannotEvaluate(a.link.path, `${what} of VPN link ${pair}`, reason.join(', '), expected, at(a, field));
  }
  return violation(
    a.link.path,
    `the two ends of VPN link ${pair} differ in ${what}`,
    `${left} and ${right}`,
    expected,
    {
      ...at(a),
      fix: `give both ends the same ${what} (declare the link once with SiteToSiteVpn.between)`,
    },
  );
}

/** IKE version, IPsec policy, BGP and the presence of a key: what both ends must agree on. */
function settingsAgree(a: End, b: End): RuleResult[] {
  const results: (RuleResult | undefined)[] = [
    compare('IKE version', 'VpnLink.protocol', a, b, a.link.protocol, b.link.protocol),
    compare(
      'BGP setting',
      'VpnLink.bgp',
      a,
      b,
      a.link.bgp?.enabled ? 'BGP' : 'static routing',
      b.link.bgp?.enabled ? 'BGP' : 'static routing',
    ),
  ];
  const [left, right] = [a.link.ipsec, b.link.ipsec];
  if (left === undefined || right === undefined) {
    const policy = (p: IpsecPolicy | undefined) => (p === undefined ? "Azure's default policy" : 'a custom policy');
    results.push(compare('IPsec/IKE policy', 'VpnLink.ipsec', a, b, policy(left), policy(right)));
  } else {
    for (const field of IPSEC_FIELDS)
      results.push(compare(field, 'VpnLink.ipsec', a, b, left[field] ?? 'not set', right[field] ?? 'not set'));
  }
  const keyed = (end: End) => (end.link.sharedKey.source === 'none' ? 'no shared key' : 'a shared key');
  results.push(compare('shared key presence', 'VpnLink.sharedKey', a, b, keyed(a), keyed(b)));
  return results.filter((r): r is RuleResult => r !== undefined);
}

/** The link's far end in the estate: unknown when the far site is not in the input, a violation when it has no link back. */
function peerResults(byName: ReadonlyMap<string, Site>, end: End): RuleResult[] {
  const farName = end.link.remote.site;
  if (farName === undefined) return [];
  const far = byName.get(farName);
  const expected = `a link back from ${farName} to ${end.site.name}`;
  if (far === undefined)
    return [
      cannotEvaluate(
        end.link.path,
        `the far end of VPN link ${end.link.name}`,
        `site ${farName} is not in this input`,
        expected,
        at(end),
      ),
    ];
  const backs = linksBack(far, end.site);
  if (backs.length === 0)
    return [
      violation(
        end.link.path,
        `VPN link ${end.link.name} is declared on one side only`,
        `no link at ${farName}`,
        expected,
        {
          ...at(end),
          fix: `declare the link once with SiteToSiteVpn.between(${end.site.name}, ${farName}, …), which builds both ends`,
        },
      ),
    ];
  return backs.flatMap((link) => {
    const back: End = { site: far, link };
    // Settings are a property of the pair: reported once, at the end whose site sorts first.
    const first = end.site.name < far.name || (end.site.name === far.name && end.link.name < link.name);
    return [...prefixesMirrored(end, back), ...(first ? settingsAgree(end, back) : [])];
  });
}

/** Flows of `site` sent over a link: their destinations inside its remote prefixes (arrivals: their sources). */
function flowResults(site: Site): RuleResult[] {
  return site.egress.flatMap((flow): RuleResult[] => {
    if (flow.viaVpn === undefined || flow.action !== 'Allow') return [];
    const where = { site: site.name, address: flow.address, ruleName: flow.name };
    const link = site.vpnLinks.find((l) => l.name === flow.viaVpn);
    if (link === undefined)
      return [
        violation(
          flow.path,
          `flow ${flow.name} is sent over a VPN link the site does not have`,
          `link ${flow.viaVpn}`,
          `one of the site's links (${site.vpnLinks.map((l) => l.name).join(', ') || 'none'})`,
          where,
        ),
      ];
    const expected = `destinations inside the remote prefixes of ${link.name}`;
    const reasons = unknownReasons([...link.remote.prefixes, ...flow.addresses, ...flow.sources]);
    if (reasons !== undefined || knownValues(flow.fqdns).length > 0)
      return [
        cannotEvaluate(
          flow.path,
          `destinations of flow ${flow.name} over ${link.name}`,
          reasons ?? 'hostnames: where they resolve is known only at run time',
          expected,
          where,
        ),
      ];
    const outside = outsideLink(flow.addresses as string[], flow.sources as string[], link);
    if (outside.length === 0) return [];
    return [
      violation(
        flow.path,
        `flow ${flow.name} over ${link.name} leaves the link's prefixes`,
        outside.join(', '),
        `${expected} (${(link.remote.prefixes as string[]).join(', ')})`,
        { ...where, fix: "send only the far end's networks over the link, or correct the link's prefixes" },
      ),
    ];
  });
}

/**
 * The addresses of a flow over `link` that the tunnel does not carry. A flow whose destinations
 * are all this end's own prefixes arrives over the link (an estate arrival rule): its sources
 * must then be the far end's.
 */
function outsideLink(addresses: readonly string[], sources: readonly string[], link: VpnLink): string[] {
  const remote = (link.remote.prefixes as string[]).map(toCidr).filter((c) => c !== undefined);
  const local = knownValues(link.localPrefixes)
    .map(toCidr)
    .filter((c) => c !== undefined);
  const inside = (text: string, networks: typeof remote) => {
    const cidr = isAnyAddress(text) ? undefined : toCidr(text);
    return cidr !== undefined && networks.some((n) => n.contains(cidr));
  };
  const arrival = addresses.length > 0 && addresses.every((a) => inside(a, local));
  const checked = arrival
    ? sources.map((s) => ({ text: s, label: `source ${s}` }))
    : addresses.map((a) => ({ text: a, label: a }));
  return checked.filter(({ text }) => !inside(text, remote)).map(({ label }) => label);
}

/** Both ends of every link between estate sites exist and agree, and flows over a link stay inside it. */
export const vpnPeersMatch = estateRule<VpnPeersMatchParams>({
  slug: 'vpn-peers-match',
  description:
    "A VPN link between two estate sites exists at both ends, each end lists the other side's prefixes, both ends use the same IKE version, IPsec/IKE policy and routing, and flows sent over a link stay inside its remote prefixes.",
  params: NO_PARAMS,
  check: ({ model, sites }) => {
    // Sites by name once per evaluation: an estate of 1,000 clinics has as many links.
    const byName = new Map(model.sites.map((s) => [s.name, s]));
    return sites.flatMap((site) => [
      ...site.vpnLinks.flatMap((link) => peerResults(byName, { site, link })),
      ...flowResults(site),
    ]);
  },
});
