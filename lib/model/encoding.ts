// SPDX-License-Identifier: Apache-2.0
/**
 * How the constructs write into Terraform the model facts that no azurerm attribute
 * carries, and how the terraform reader gets them back. Both sides use only this file,
 * so the round trip construct → synth → reader gives the same model.
 *
 * - Site identity: tags on the firewall policy (`clinicnet-site`, `clinicnet-kind`,
 *   `clinicnet-packs`), visible in Azure too. A local network gateway whose far end is
 *   another estate site carries that site's name in its own `clinicnet-site` tag.
 * - Per-rule facts (application protocol, purpose, requirement id, VPN link, whether the
 *   clients hand the flow to the explicit proxy): the rule's `description`, as
 *   `clinicnet:app=ftps-implicit;req=LUMOS-EGRESS-991;proxy=no;purpose=…`.
 * - Declarations that are not resources (proxy, bypass list, TLS-inspection minimum,
 *   vendor settings, point-to-site pools, construct suppressions): the stack output `clinicnet_site`, whose value
 *   is a {@link SiteDeclaration}.
 */
import { memoByText } from '../core/memo';
import { isIpAddress } from '../net/cidr';
import type { Suppression } from './suppression';
import type { BypassEntry, ProxySettings, SiteKind, TlsVersionString, VendorPackId, VendorSettings } from './types';

export const TAG_SITE = 'clinicnet-site';
export const TAG_KIND = 'clinicnet-kind';
export const TAG_PACKS = 'clinicnet-packs';

/** Name of the Terraform output that carries a site's {@link SiteDeclaration}. */
export const SITE_DECLARATION_OUTPUT = 'clinicnet_site';

export const DESCRIPTION_PREFIX = 'clinicnet:';

/** Site facts that no Azure resource expresses. */
export interface SiteDeclaration {
  readonly site: string;
  readonly kind: SiteKind;
  readonly packs: VendorPackId[];
  readonly proxy?: Omit<ProxySettings, 'path'>;
  readonly bypass: Omit<BypassEntry, 'path'>[];
  readonly tlsInspectionMinVersion?: TlsVersionString;
  readonly vendor: VendorSettings;
  readonly vpnClientPools: string[];
  /**
   * Construct suppressions that reach this site (declared on it, below it, or above it on
   * the estate), so `clinicnet check` and `review` honour what the gate honoured.
   * @default none
   */
  readonly suppressions?: Suppression[];
}

/** Packs as a tag value: sorted, comma-separated (`hl7,immtrac`). */
export function encodePacks(packs: readonly string[]): string {
  return [...packs].sort().join(',');
}

// Every site of an estate carries one of a few pack tags: each is decoded once.
const packsOfTag = memoByText((value): readonly string[] =>
  value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .sort(),
);

export function decodePacks(value: string | undefined): string[] {
  return value === undefined ? [] : packsOfTag(value).slice();
}

/** Facts carried in a firewall rule's description. */
export interface RuleAnnotations {
  readonly app?: string;
  readonly req?: string;
  readonly purpose?: string;
  readonly vpn?: string;
  /** Whether the site's clients hand the flow to the explicit proxy: `yes` or `no` (absent: not said). */
  readonly proxy?: string;
  readonly reason?: string;
}

const ANNOTATION_KEYS: (keyof RuleAnnotations)[] = ['app', 'req', 'vpn', 'proxy', 'purpose', 'reason'];

/** `clinicnet:app=https;req=LUMOS-EGRESS-443;purpose=Lumos portal` (`;`, `=`, `%` escaped). */
export function encodeAnnotations(annotations: RuleAnnotations): string {
  const parts = ANNOTATION_KEYS.filter((k) => annotations[k] !== undefined).map(
    (k) => `${k}=${escapeValue(annotations[k] as string)}`,
  );
  return DESCRIPTION_PREFIX + parts.join(';');
}

const NO_ANNOTATIONS: RuleAnnotations = Object.freeze({});

// Every clinic repeats its vendors' rules, so the same descriptions recur across an estate:
// each is decoded once (the results are frozen, so sharing them is safe).
const annotationsOf = memoByText((description): RuleAnnotations => Object.freeze(decodeDescription(description)));

/** Reads annotations back; a description not written by clinicnet gives `{}`. */
export function decodeAnnotations(description: string | undefined): RuleAnnotations {
  if (description === undefined || !description.startsWith(DESCRIPTION_PREFIX)) return NO_ANNOTATIONS;
  return annotationsOf(description);
}

function decodeDescription(description: string): RuleAnnotations {
  const result: Record<string, string> = {};
  for (const part of description.slice(DESCRIPTION_PREFIX.length).split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq) as keyof RuleAnnotations;
    if (ANNOTATION_KEYS.includes(key)) result[key] = unescapeValue(part.slice(eq + 1));
  }
  return result;
}

function escapeValue(value: string): string {
  return value.replace(/[%;=]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function unescapeValue(value: string): string {
  if (!value.includes('%')) return value;
  return value.replace(/%([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Longest site name: it becomes a directory name and part of Azure resource names. */
export const SITE_NAME_MAX_LENGTH = 63;

// Names Windows refuses as a file or directory name, with or without an extension.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;

/**
 * Why a site name is not safe as a directory name on every system clinicnet's hand-over
 * files reach (Linux CI, macOS, Windows), or undefined when it is. Names of up to
 * {@link SITE_NAME_MAX_LENGTH} letters, digits, `.`, `_` and `-`, starting with a letter or
 * digit, not ending in `.`, and not a Windows device name (`CON`, `nul.txt`, `COM1`).
 */
export function siteNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > SITE_NAME_MAX_LENGTH) return `it has ${name.length} characters, more than ${SITE_NAME_MAX_LENGTH}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    return 'it has characters other than letters, digits, ".", "_" and "-", or does not start with a letter or digit';
  if (name.endsWith('.')) return 'it ends with "."';
  if (WINDOWS_RESERVED.test(name)) return 'it is a name Windows reserves for a device';
  return undefined;
}

/** The key two site names collide under: file systems on macOS and Windows ignore case. */
export function siteNameKey(name: string): string {
  return name.toLowerCase();
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Why a proxy endpoint is not `host:port`, or undefined when it is: the host an IPv4
 * address, a bracketed IPv6 address or a hostname (letters, digits and `-` in dot-separated
 * labels), the port a whole number from 1 to 65535. Nothing else: the endpoint is written
 * into PAC files and scripts, where any other character could change their meaning.
 */
export function proxyEndpointProblem(endpoint: string): string | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]]+):([0-9]{1,5})$/.exec(endpoint);
  if (match === null) return 'it is not host:port';
  const [, host, portText] = match;
  const port = Number(portText);
  if (port < 1 || port > 65535) return `port ${port} is not from 1 to 65535`;
  if (host.startsWith('[')) {
    const inner = host.slice(1, -1);
    return inner.includes(':') && isIpAddress(inner) ? undefined : 'the bracketed host is not an IPv6 address';
  }
  if (/^[0-9.]+$/.test(host)) return isIpAddress(host) ? undefined : 'the host is not an IPv4 address';
  if (host.length > 253 || !host.split('.').every((label) => HOST_LABEL.test(label)))
    return 'the host is not a hostname (letters, digits and "-" in dot-separated labels)';
  return undefined;
}
