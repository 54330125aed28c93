// SPDX-License-Identifier: Apache-2.0
/**
 * Where the user declared what a finding is about, for reports that place findings on a line
 * (SARIF, GitLab): each resource's location by site and construct path or address, and each
 * site's own (the line that created its stack) for findings about no one resource.
 */
import * as nodePath from 'path';
import { compareText } from '../core/compare';
import type { SourceLocation } from '../core/source-location';
import type { ReadProblem } from './context';
import type { TfDocument, TfResource } from './document';

/** Locations by {@link locationKey}; a site's own under its name and an empty path. */
export type SourceLocations = ReadonlyMap<string, SourceLocation>;

/** The key of a site's resource (construct path or Terraform address) in {@link SourceLocations}. */
export const locationKey = (site: string, path: string): string => `${site}\u0000${path}`;

/** Refused locations shown by name in the one problem of a document; the rest are counted. */
const SHOWN = 3;

/**
 * Adds the locations of one site's resources (and the site's own: the stack's, else its
 * `anchor` resource's) to `into`. Refused ones are left out here: {@link refusedLocations}
 * reports them once per document.
 */
export function addSiteLocations(
  site: string,
  doc: TfDocument,
  resources: readonly TfResource[],
  into: Map<string, SourceLocation>,
  anchor?: TfResource,
): void {
  // Without a stack location (HCL, plans) the site is where its firewall policy is declared.
  const own = doc.location ?? anchor?.location;
  if (own !== undefined && typeof own !== 'string') into.set(locationKey(site, ''), own);
  for (const r of resources) {
    if (r.location === undefined || typeof r.location === 'string') continue;
    into.set(locationKey(site, r.address), r.location);
    if (r.path !== r.address) into.set(locationKey(site, r.path), r.location);
  }
}

/**
 * One problem for every location a document carried that was refused (the stack's and any
 * resource's, in a site or not): never trusted, never silently dropped. The refused values
 * themselves are not repeated (they are hostile input); their addresses and reasons are.
 */
export function refusedLocations(doc: TfDocument, site: string): ReadProblem | undefined {
  const refused = doc.resources
    .filter((r) => typeof r.location === 'string')
    .map((r) => `${r.address}: ${r.location as string}`)
    .sort(compareText);
  if (typeof doc.location === 'string') refused.unshift(`the stack: ${doc.location}`);
  if (refused.length === 0) return undefined;
  const more = refused.length > SHOWN ? `; ${refused.length - SHOWN} more` : '';
  return {
    site,
    address: doc.stackName ?? doc.source,
    resourceType: 'document',
    message: `source location under "//".clinicnet.source refused (${refused.slice(0, SHOWN).join('; ')}${more}), expected {"file": a relative path inside the project, "line": a whole number from 1}; findings there are placed on the input file instead — fix: synthesize again instead of editing the output`,
  };
}

/** Adds the locations of `from` to `into` (a location once read is the same for every document). */
export function mergeLocations(into: Map<string, SourceLocation>, from: SourceLocations): void {
  for (const [key, location] of from) into.set(key, location);
}

/** What a finding names: its site, and the construct path or address of what it is about. */
export interface LocatedSubject {
  readonly site: string;
  readonly path: string;
  readonly address?: string;
}

/** Where the user declared a finding's subject: its resource's location, else its site's, else unknown. */
export function locationOf(locations: SourceLocations, subject: LocatedSubject): SourceLocation | undefined {
  return (
    (subject.address !== undefined ? locations.get(locationKey(subject.site, subject.address)) : undefined) ??
    locations.get(locationKey(subject.site, subject.path)) ??
    locations.get(locationKey(subject.site, ''))
  );
}

/**
 * A report's `locationOf` for what was read: each finding's declared location, a `.tf` file
 * (read by absolute path) shown relative to `cwd` as the input files are; undefined when the
 * input carried no locations.
 */
export function findingLocator(
  locations: SourceLocations | undefined,
  cwd: string,
): ((subject: LocatedSubject) => SourceLocation | undefined) | undefined {
  if (locations === undefined || locations.size === 0) return undefined;
  return (subject) => {
    const found = locationOf(locations, subject);
    if (found === undefined || !nodePath.isAbsolute(found.file)) return found;
    const shown = (nodePath.relative(cwd, found.file) || found.file).split(nodePath.sep).join('/');
    return { ...found, file: shown };
  };
}
