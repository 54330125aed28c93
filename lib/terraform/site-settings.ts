// SPDX-License-Identifier: Apache-2.0
/**
 * Per-site settings given on the command line (`--sites FILE`): packs, kind and vendor settings
 * for the sites whose name matches an entry's name or glob. They come from the operator, not from
 * the input under review, so they add to what the input declares and, where both set the same
 * vendor, replace it — with a read problem saying so, never in silence.
 */
import type { SiteKind, VendorPackId, VendorSettings } from '../model/types';
import type { ReadProblem } from './context';

/** One entry of a sites file. */
export interface SiteSettings {
  /** A site name, or a glob of one (`*` any run of characters, `?` one character). */
  readonly pattern: string;
  /** Where the entry was written (`sites.yaml: entry "clinic-*"`), for messages. */
  readonly declaredAt: string;
  /** Packs the matching sites are checked against, besides their own. @default none */
  readonly packs?: readonly VendorPackId[];
  /** The matching sites' kind, replacing what the input says. @default the input's */
  readonly kind?: SiteKind;
  /** Vendor settings, each vendor's replacing what the input declares for it. @default none */
  readonly vendor?: VendorSettings;
}

/** What the entries matching one site give it. */
export interface AppliedSettings {
  readonly packs: VendorPackId[];
  readonly kind?: SiteKind;
  readonly vendor: VendorSettings;
}

/** A glob as an anchored regular expression: every character literal but `*` and `?`. */
function globRegex(pattern: string): RegExp {
  // Runs of `*` are one: a pattern of many cannot make matching slow.
  const body = [...pattern.replace(/\*+/g, '*')]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** True when the pattern names the site (exactly, or as a glob). */
export function settingsMatch(pattern: string, site: string): boolean {
  return pattern === site || ((pattern.includes('*') || pattern.includes('?')) && globRegex(pattern).test(site));
}

/**
 * The settings of one site: globs first in file order, then an exact name, so the most
 * specific entry wins; packs of every matching entry are kept.
 */
export function settingsFor(entries: readonly SiteSettings[], site: string): AppliedSettings | undefined {
  const matching = entries.filter((e) => settingsMatch(e.pattern, site));
  if (matching.length === 0) return undefined;
  const ordered = [...matching.filter((e) => e.pattern !== site), ...matching.filter((e) => e.pattern === site)];
  let kind: SiteKind | undefined;
  let vendor: VendorSettings = {};
  const packs = new Set<VendorPackId>();
  for (const entry of ordered) {
    for (const pack of entry.packs ?? []) packs.add(pack);
    kind = entry.kind ?? kind;
    vendor = { ...vendor, ...entry.vendor };
  }
  return { packs: [...packs].sort(), vendor, ...(kind !== undefined && { kind }) };
}

/**
 * Vendor settings of a site: the declared ones, each vendor the file sets replaced by the file's;
 * a replaced declaration that differs is one problem naming the vendors.
 */
export function mergedVendor(
  declared: VendorSettings,
  given: VendorSettings,
  report: (message: string) => void,
): VendorSettings {
  const replaced = (Object.keys(given) as (keyof VendorSettings)[]).filter(
    (vendor) => declared[vendor] !== undefined && JSON.stringify(declared[vendor]) !== JSON.stringify(given[vendor]),
  );
  if (replaced.length > 0)
    report(
      `the --sites file's settings for ${replaced.sort().join(', ')} replace those the clinicnet_site output declares`,
    );
  return { ...declared, ...given };
}

/** One problem per entry that matches no site of the input (a misspelt name would leave a site unchecked). */
export function unmatchedSettings(entries: readonly SiteSettings[], sites: readonly string[]): ReadProblem[] {
  return entries
    .filter((entry) => !sites.some((site) => settingsMatch(entry.pattern, site)))
    .map((entry) => ({
      site: '',
      address: entry.declaredAt,
      resourceType: 'sites-file',
      message: `the --sites entry ${JSON.stringify(entry.pattern)} matches no site of the input, so its packs and vendor settings apply nowhere`,
    }));
}
