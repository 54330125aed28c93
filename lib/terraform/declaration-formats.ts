// SPDX-License-Identifier: Apache-2.0
/**
 * The formats of a `clinicnet_site` declaration's text, beyond its JSON shape. The
 * declaration comes from pull-request content and its text reaches PAC files, PowerShell
 * scripts, directory names and PR comments: whatever clinicnet would never write is refused
 * here, so the site's declaration is unreadable rather than used.
 */
import { ClinicnetError } from '../core/errors';
import { memoByText } from '../core/memo';
import { proxyEndpointProblem, siteNameProblem } from '../model/encoding';
import { Cidr, isIpAddress } from '../net/cidr';
import { Fqdn } from '../net/fqdn';
import { builtinPacks } from '../policy/pack';
import { isObject } from './document';

/** Longest text of any one declared value (a reason, a host). */
const MAX_TEXT_LENGTH = 1024;

// C0 and C1 controls, DEL, bidirectional overrides and isolates, line and paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

/** Azure's subnet names: what the constructs accept for a workload subnet. */
const SUBNET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

let builtinRequirements: ReadonlySet<string> | undefined;

/** Requirement ids of the built-in packs. */
export function builtinRequirementIds(): ReadonlySet<string> {
  builtinRequirements ??= new Set(builtinPacks().flatMap((p) => p.requirements.map((r) => r.requirement)));
  return builtinRequirements;
}

/** Why one text is refused (too long, or a control character), after where it is; undefined when it is fine. */
function textProblem(value: string): string | undefined {
  if (value.length > MAX_TEXT_LENGTH) return ` has ${value.length} characters, more than ${MAX_TEXT_LENGTH}`;
  return CONTROL.test(value) ? ' holds a control or bidirectional-override character' : undefined;
}

/** Where the first refused text is: the keys and indexes down to it, whether it is a key, and why. */
interface BadText {
  readonly segments: (string | number)[];
  readonly isKey: boolean;
  readonly why: string;
}

/**
 * The first text (key or value) that is too long or holds a control character. Its place is
 * described only once one is found: building the text of every place on the way cost every site.
 */
function firstBadText(value: unknown): BadText | undefined {
  if (typeof value === 'string') {
    const why = textProblem(value);
    return why === undefined ? undefined : { segments: [], isKey: false, why };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstBadText(value[i]);
      if (found !== undefined) return { ...found, segments: [i, ...found.segments] };
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const key of Object.keys(value)) {
    const why = textProblem(key);
    if (why !== undefined) return { segments: [], isKey: true, why };
    const found = firstBadText(value[key]);
    if (found !== undefined) return { ...found, segments: [key, ...found.segments] };
  }
  return undefined;
}

/** The first text (key or value) that is too long or holds a control character, described by where it is. */
function badText(value: unknown, where: string): string | undefined {
  const found = firstBadText(value);
  if (found === undefined) return undefined;
  // A key is described by the object that holds it: the segments lead to that object.
  const path = found.segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
  return `${found.isKey ? 'a key of ' : ''}${where}${path}${found.why}`;
}

/** True when the parser accepts the text (value objects throw a ClinicnetError otherwise). */
function parses(parse: () => unknown): boolean {
  try {
    parse();
    return true;
  } catch (e) {
    if (!(e instanceof ClinicnetError)) throw e;
    return false;
  }
}

/** True for a hostname or `*.` wildcard; every site's declaration repeats its vendors' few hosts. */
const isHostPattern = memoByText((host) => parses(() => Fqdn.parse(host)));

/** Why the bypass list is refused: a host that is not a hostname, a requirement no loaded pack has. */
function bypassProblem(bypass: unknown[], requirements: ReadonlySet<string>): string | undefined {
  for (const [i, entry] of bypass.entries()) {
    if (!isObject(entry)) continue;
    if (!isHostPattern(String(entry.host))) return `"bypass[${i}].host" is not a hostname or *.wildcard`;
    if (typeof entry.requirement === 'string' && !requirements.has(entry.requirement))
      return `"bypass[${i}].requirement" is not a requirement of the loaded packs`;
  }
  return undefined;
}

/**
 * Why a declaration that has the right shape is still refused, or undefined. Messages name
 * the field and the rule broken, never the text itself (it may be hostile).
 * @param requirements requirement ids of the loaded packs
 */
export function declarationFormatProblem(
  data: Record<string, unknown>,
  requirements: ReadonlySet<string> = builtinRequirementIds(),
): string | undefined {
  const text = badText(data, 'the declaration');
  if (text !== undefined) return text;
  const name = siteNameProblem(String(data.site));
  if (name !== undefined) return `"site" is not a usable site name: ${name}`;
  const proxy = isObject(data.proxy) ? proxyEndpointProblem(String(data.proxy.endpoint)) : undefined;
  if (proxy !== undefined) return `"proxy.endpoint" is not host:port: ${proxy}`;
  const bypass = Array.isArray(data.bypass) ? bypassProblem(data.bypass, requirements) : undefined;
  if (bypass !== undefined) return bypass;
  const pools = Array.isArray(data.vpnClientPools) ? data.vpnClientPools : [];
  const pool = pools.findIndex((p) => !parses(() => Cidr.parse(String(p))));
  if (pool >= 0) return `"vpnClientPools[${pool}]" is not a CIDR range`;
  return vendorProblem(isObject(data.vendor) ? data.vendor : {});
}

/** Why the vendor settings are refused: a centre that is no site name, a gateway that is no address or subnet name. */
function vendorProblem(vendor: Record<string, unknown>): string | undefined {
  const custo = isObject(vendor.custo) ? vendor.custo : {};
  if (typeof custo.centre === 'string' && siteNameProblem(custo.centre) !== undefined)
    return '"vendor.custo.centre" is not a usable site name';
  const onepacs = isObject(vendor.onepacs) ? vendor.onepacs : {};
  if (typeof onepacs.gatewayAddress === 'string' && !isIpAddress(onepacs.gatewayAddress))
    return '"vendor.onepacs.gatewayAddress" is not an IP address';
  if (typeof onepacs.gatewaySubnet === 'string' && !SUBNET_NAME.test(onepacs.gatewaySubnet))
    return '"vendor.onepacs.gatewaySubnet" is not a subnet name';
  return undefined;
}
