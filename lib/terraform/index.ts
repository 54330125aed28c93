// SPDX-License-Identifier: Apache-2.0
/**
 * The terraform reader: rebuilds the network model from synthesized cdktf JSON (one stack
 * or a whole cdktf.out) or from a `terraform show -json` plan, so the same policies run on
 * what will actually be applied. Works without cdktf (plain Terraform / OpenTofu plans too).
 */
import * as fs from 'fs';
import * as path from 'path';
import { compareText } from '../core/compare';
import { defineError } from '../core/errors';
import { canonicalModel } from '../model/canonical';
import type { SiteDeclaration } from '../model/encoding';
import { SITE_DECLARATION_OUTPUT, siteNameKey, siteNameProblem } from '../model/encoding';
import type { NetworkModel, Site } from '../model/types';
import type { Suppression } from '../policy/evaluation';
import { MODEL_VERSION } from '../model/types';
import type { Draft, ReadProblem } from './context';
import { SiteContext } from './context';
import { parseDeclaration } from './declaration';
import type { TfDocument, TfResource } from './document';
import { documentFromCdktf, isObject } from './document';
import { documentFromPlan, documentsFromChanges } from './plan-document';
import { DATAPLANE_TYPES, readDataPlane } from './dataplane';
import { groupBySite, NETWORK_TYPES } from './grouping';
import { unmodelledProblems } from './network-effect';
import { withAzapiNetworks } from './azapi';
import { stackWithFilesBeside } from './beside-stack';
import { isTerraformDirectory, readHclModule } from './hcl';
import { detectKind, isDirectory, manifestStacks, notAStack, readJsonFile } from './input';
import type { SiteIdentity } from './site';
import { readSite, siteIdentity, vendorPacks } from './site';
import type { SiteSettings } from './site-settings';
import { mergedVendor, settingsFor, unmatchedSettings } from './site-settings';
import { DocumentIndex } from './values';
import { appendAll } from '../core/append';
import type { SourceLocation } from '../core/source-location';
import type { SourceLocations } from './locations';
import { addSiteLocations, mergeLocations, refusedLocations } from './locations';

export type { ReadProblem } from './context';
export type { SourceLocations } from './locations';
export { findingLocator, locationOf } from './locations';
export type { SiteSettings } from './site-settings';

const notAPlan = defineError({
  code: 'TF-PLAN-EXPECTED',
  title: 'A before/after comparison was asked of a file that is not a Terraform plan.',
  message: (file: string, kind: string) =>
    `not a plan: ${file} — got a ${kind}, expected a plan from \`terraform show -json\` (only a plan has a before and an after); fix: compare two inputs instead (base and head)`,
  example: ['cdk.tf.json', 'cdktf-stack'],
});

const nothingToCheck = defineError({
  code: 'TF-INPUT-NO-NETWORK',
  title: 'A Terraform input holds no Azure network resource and no clinicnet_site declaration.',
  message: (source: string) =>
    `nothing to check in ${source} — got no Azure network resource (virtual network, firewall, gateway, …) and no clinicnet_site output, expected the synthesized stacks or plan of a network; fix: pass the cdktf.out or plan of the estate, not another stack's`,
  example: ['cdktf.out'],
});

/** What the input was. */
export type InputKind = 'cdktf-stack' | 'cdktf-out' | 'plan' | 'terraform-hcl';

/** How to read. */
export interface ReadOptions {
  /**
   * Vendor packs for sites whose firewall policy carries no `clinicnet-packs` tag.
   * @default - none
   */
  readonly packs?: string[];
  /**
   * Largest input file read, in bytes (the CLI's `--max-input-mb`).
   * @default 512 MB
   */
  readonly maxInputBytes?: number;
  /**
   * Requirement ids of the loaded packs: a `clinicnet_site` declaration naming any other is not read.
   * @default the built-in packs' requirement ids
   */
  readonly requirements?: ReadonlySet<string>;
  /**
   * Accept an input with nothing to check (no network resource, no declaration) as an empty
   * estate: only for the base side of a review, where a change may create the first site.
   * @default false - such an input is refused (TF-INPUT-NO-NETWORK)
   */
  readonly allowEmpty?: boolean;
  /**
   * Also read each site's data plane (`Site.dataplane`: NSGs, NICs, routes, the policy chain) for `trace`.
   * @default false
   */
  readonly dataplane?: boolean;
  /** `--var-file` files for an HCL root module, in command-line order. @default none */
  readonly varFiles?: readonly string[];
  /** `--var NAME=VALUE` arguments for an HCL root module, in command-line order. @default none */
  readonly vars?: readonly string[];
  /** Per-site packs, kind and vendor settings from a `--sites` file, by site name or glob. @default none */
  readonly sites?: readonly SiteSettings[];
}

/** The model read from the input, what could not be read, and the files read. */
export interface ReadResult {
  readonly kind: InputKind;
  readonly model: NetworkModel;
  readonly problems: ReadProblem[];
  readonly files: string[];
  /** Construct suppressions carried by the sites' declarations, once each, sorted. */
  readonly suppressions: Suppression[];
  /**
   * Where the user declared each site and resource (see lib/terraform/locations.ts), for reports
   * that place findings on a line; `.tf` files are absolute, call sites relative to the app's root.
   * @default none known
   */
  readonly locations?: SourceLocations;
}

function declarationOf(
  doc: TfDocument,
  problems: ReadProblem[],
  requirements: ReadonlySet<string> | undefined,
): SiteDeclaration | undefined {
  const value = doc.outputs.get(SITE_DECLARATION_OUTPUT);
  if (value === undefined) return undefined;
  const parsed = parseDeclaration(value, requirements);
  if (typeof parsed !== 'string') return parsed;
  problems.push({
    site: doc.stackName ?? '',
    address: `output.${SITE_DECLARATION_OUTPUT}`,
    resourceType: 'output',
    message: `${parsed}; proxy, bypass list and vendor settings are not read`,
  });
  return undefined;
}

interface DocumentRead {
  readonly sites: Site[];
  readonly problems: ReadProblem[];
  readonly suppressions: Suppression[];
  readonly locations: SourceLocations;
  /** True when the document holds a network resource or a declaration: something clinicnet can check. */
  readonly recognised: boolean;
}

/** One problem for a document whose network resources no site reaches: the reader names it once, not per resource. */
function siteless(doc: TfDocument, orphans: readonly TfResource[], hasSites: boolean): ReadProblem {
  const types = [...new Set(orphans.map((o) => o.type))].sort(compareText);
  const addresses = orphans.map((o) => o.address).sort(compareText);
  const shown = addresses.length > 5 ? [...addresses.slice(0, 5), `${addresses.length - 5} more`] : addresses;
  return {
    site: '',
    address: doc.stackName ?? doc.source,
    resourceType: 'document',
    message: hasSites
      ? `belongs to no site: ${orphans.length} Azure resource(s) (${shown.join(', ')}) that no firewall policy (through references or its resource group) or virtual network (through references) reaches, so only the estate rules check them`
      : `belongs to no site: ${orphans.length} Azure network resource(s) (${types.join(', ')}) and no firewall policy, virtual network or clinicnet_site output to make a site of them, so only the estate rules check them`,
  };
}

/** Every site of one document. */
function readSites(written: TfDocument, options: ReadOptions): DocumentRead {
  const doc = withAzapiNetworks(written);
  const index = new DocumentIndex(doc);
  const problems: ReadProblem[] = [];
  const declaration = declarationOf(doc, problems, options.requirements);
  const { groups, orphans } = groupBySite(
    index,
    doc,
    declaration !== undefined,
    options.dataplane === true ? DATAPLANE_TYPES : undefined,
  );
  const unmodelled = unmodelledProblems(doc);
  appendAll(problems, unmodelled);
  const recognised =
    doc.outputs.has(SITE_DECLARATION_OUTPUT) ||
    unmodelled.length > 0 ||
    doc.resources.some((r) => NETWORK_TYPES.has(r.type));
  // One problem per document, however many resources no site reaches.
  if (orphans.length > 0) problems.push(siteless(doc, orphans, groups.length > 0));
  const locations = new Map<string, SourceLocation>();
  if (groups.length === 0) {
    const refused = refusedLocations(doc, '');
    if (refused !== undefined) problems.push(refused);
    return { sites: [], problems, suppressions: [], locations, recognised };
  }
  const defaults = {
    // A stack is one site, named after the stack (stacks written from one template share policy names);
    // a stack of several sites names each after its policy or VNet.
    stackName: groups.length === 1 ? doc.stackName : undefined,
    stackPath: doc.stackPath,
    packs: options.packs,
    declarationPath: doc.outputPaths?.get(SITE_DECLARATION_OUTPUT),
  };
  const sites = groups.map((group) => {
    const identityProblems: ReadProblem[] = [];
    const probe = new SiteContext(index, '', group.resources, identityProblems);
    // With several policies in one document, the declaration belongs to the site it names.
    const ownsDeclaration =
      groups.length === 1 ||
      siteIdentity(probe, group.policy, undefined, { vnet: group.vnet }).name === declaration?.site;
    const declared = ownsDeclaration ? declaration : undefined;
    const identity = withSettings(
      siteIdentity(probe, group.policy, declared, { ...defaults, vnet: group.vnet }),
      options.sites,
    );
    appendAll(
      problems,
      identityProblems.map((p) => ({ ...p, site: identity.name })),
    );
    const unusable = siteNameProblem(identity.name);
    if (unusable !== undefined) {
      problems.push({
        site: identity.name,
        address: (group.policy ?? group.vnet)?.address ?? `output.${SITE_DECLARATION_OUTPUT}`,
        resourceType: (group.policy ?? group.vnet)?.type ?? 'output',
        message: `the site name is not usable as a directory name: ${unusable}`,
      });
    }
    addSiteLocations(identity.name, doc, group.resources, locations, group.policy);
    const context = probe.forSite(identity.name, problems);
    const given = settingsFor(options.sites ?? [], identity.name)?.vendor ?? {};
    const vendor = mergedVendor(declared?.vendor ?? {}, given, (message) =>
      problems.push({ site: identity.name, address: identity.declarationPath, resourceType: 'sites-file', message }),
    );
    const site: Draft<Site> = readSite(context, identity, group.policy, declared, vendor);
    // Assigned, not spread: the site is this reader's own, and copying its many fields showed in profiles.
    if (options.dataplane === true) site.dataplane = readDataPlane(context);
    return site as Site;
  });
  const refused = refusedLocations(doc, sites.length === 1 ? sites[0].name : '');
  if (refused !== undefined) problems.push(refused);
  return { sites, problems, suppressions: declaration?.suppressions ?? [], locations, recognised };
}

/**
 * The sites of a synthesized stack, with the JSON override files beside a `cdk.tf.json` merged
 * in by Terraform's rules and every other Terraform file there reported (its directory is where
 * Terraform runs; a file of another name is not a stack directory's).
 */
function readStack(
  json: Record<string, unknown>,
  source: string,
  options: ReadOptions,
  readFromDisk = false,
): DocumentRead {
  // A stack just read from its file exists: no second look at the disk per stack.
  const isStackFile = path.basename(source) === 'cdk.tf.json' && (readFromDisk || fs.existsSync(source));
  if (!isStackFile) return readSites(documentFromCdktf(json, source), options);
  const comment = json['//'];
  const metadata = isObject(comment) && isObject(comment.metadata) ? comment.metadata : {};
  const beside = stackWithFilesBeside(
    json,
    source,
    typeof metadata.stackName === 'string' ? metadata.stackName : undefined,
  );
  const read = readSites(documentFromCdktf(beside.stack, source), options);
  return beside.problems.length === 0 ? read : { ...read, problems: [...read.problems, ...beside.problems] };
}

/** The identity with the packs and kind a `--sites` file gives the site. */
function withSettings(identity: SiteIdentity, entries: readonly SiteSettings[] | undefined): SiteIdentity {
  const settings = settingsFor(entries ?? [], identity.name);
  if (settings === undefined) return identity;
  // The file's pack ids were checked when it was loaded: nothing is left to report here.
  const packs = vendorPacks([...identity.packs, ...settings.packs], () => undefined);
  return { ...identity, packs, kind: settings.kind ?? identity.kind };
}

function modelOf(
  results: DocumentRead[],
  options: ReadOptions,
): {
  model: NetworkModel;
  problems: ReadProblem[];
  suppressions: Suppression[];
  locations: SourceLocations;
} {
  const sites = results.flatMap((r) => r.sites);
  const problems = results.flatMap((r) => r.problems);
  // The base of a review may lack the sites a change creates: only the side checked names unmatched entries.
  if (options.allowEmpty !== true)
    appendAll(
      problems,
      unmatchedSettings(
        options.sites ?? [],
        sites.map((s) => s.name),
      ),
    );
  const seen = new Map<string, string>();
  for (const site of sites) {
    // Names that differ only in case share one hand-over folder on macOS and Windows.
    const other = seen.get(siteNameKey(site.name));
    if (other !== undefined)
      problems.push({
        site: site.name,
        address: site.path,
        resourceType: 'site',
        message:
          other === site.name
            ? 'two sites have this name; findings for them cannot be told apart'
            : `two sites have names that differ only in case (${other}); their hand-over folders would be one`,
      });
    seen.set(siteNameKey(site.name), site.name);
  }
  const order = (p: ReadProblem) => `${p.site}\u0000${p.address}\u0000${p.message}`;
  const unique = [...new Map(problems.map((p) => [order(p), p])).values()].sort((a, b) =>
    compareText(order(a), order(b)),
  );
  // An estate-level suppression reaches every site, so each stack's declaration repeats it.
  const suppressionKey = (x: Suppression) =>
    JSON.stringify([x.declaredAt, x.id, x.site, x.path, x.reason, x.owner, x.expires]);
  const suppressions = [
    ...new Map(results.flatMap((r) => r.suppressions).map((x) => [suppressionKey(x), x])).values(),
  ].sort((a, b) => compareText(suppressionKey(a), suppressionKey(b)));
  const locations = new Map<string, SourceLocation>();
  for (const r of results) mergeLocations(locations, r.locations);
  return { model: canonicalModel({ version: MODEL_VERSION, sites }), problems: unique, suppressions, locations };
}

/** The documents, when one of them holds something to check; else the input is refused (fail closed). */
function recognisedOrThrow(results: DocumentRead[], source: string, options: ReadOptions): DocumentRead[] {
  if (options.allowEmpty !== true && !results.some((r) => r.recognised)) throw nothingToCheck(source);
  return results;
}

/**
 * The planned network of a plan: its `planned_values`, or — for a plan written without them
 * (some tools keep only `resource_changes`) — the `after` side of its changes, never nothing.
 */
function planDocument(plan: Record<string, unknown>, source: string): TfDocument {
  return plan.planned_values === undefined ? documentsFromChanges(plan, source).after : documentFromPlan(plan, source);
}

/** Reads an already-parsed cdk.tf.json or plan JSON; `source` names it in messages. */
export function readTerraformDocument(doc: unknown, source: string, options: ReadOptions = {}): ReadResult {
  const kind = detectKind(doc, source);
  if (kind === 'cdktf-manifest') {
    return readTerraformInput(path.dirname(source), options);
  }
  const json = doc as Record<string, unknown>;
  const read = kind === 'plan' ? readSites(planDocument(json, source), options) : readStack(json, source, options);
  return { kind, ...modelOf(recognisedOrThrow([read], source, options), options), files: [source] };
}

/** Reads a cdk.tf.json, a plan JSON or a cdktf.out directory (through its manifest.json), detected by content. */
export function readTerraformInput(input: string, options: ReadOptions = {}): ReadResult {
  if (!isDirectory(input)) return readTerraformDocument(readJsonFile(input, options.maxInputBytes), input, options);
  const { manifest, stacks } = manifestStacks(input, options.maxInputBytes);
  const results = stacks.map((file) => {
    const json = readJsonFile(file, options.maxInputBytes);
    if (detectKind(json, file) !== 'cdktf-stack') throw notAStack(manifest, file);
    return readStack(json as Record<string, unknown>, file, options, true);
  });
  return {
    kind: 'cdktf-out',
    ...modelOf(recognisedOrThrow(results, input, options), options),
    files: [manifest, ...stacks],
  };
}

/** Before and after models of a plan, from its `resource_changes` alone (deleted resources only before). */
export function readPlanBeforeAfter(
  plan: unknown,
  source: string,
  options: ReadOptions = {},
): { before: NetworkModel; after: NetworkModel; problems: ReadProblem[]; suppressions: Suppression[] } {
  const kind = detectKind(plan, source);
  if (kind !== 'plan') throw notAPlan(source, kind);
  const { before, after } = documentsFromChanges(plan as Record<string, unknown>, source);
  const beforeDocument = readSites(before, options);
  const afterDocument = readSites(after, options);
  // A plan that creates the estate has nothing before, one that destroys it nothing after: either side will do.
  recognisedOrThrow([beforeDocument, afterDocument], source, options);
  const beforeRead = modelOf([beforeDocument], options);
  const afterRead = modelOf([afterDocument], options);
  return {
    before: beforeRead.model,
    after: afterRead.model,
    problems: afterRead.problems,
    suppressions: afterRead.suppressions,
  };
}

/** True when the input is Terraform HCL: a `.tf` file, or a directory of configuration without a cdktf manifest. */
export function isHclInput(input: string): boolean {
  if (!isDirectory(input)) return input.endsWith('.tf');
  return !fs.existsSync(path.join(input, 'manifest.json')) && isTerraformDirectory(input);
}

/**
 * Reads any input, HCL included. HCL needs the asynchronous parser (loaded on first use),
 * so this is the CLI's entry; JSON inputs take the synchronous path unchanged.
 */
export async function readTerraformInputAsync(input: string, options: ReadOptions = {}): Promise<ReadResult> {
  const sources = { varFiles: options.varFiles, vars: options.vars };
  const stacks = hclManifestStacks(input);
  if (stacks !== undefined) {
    // `cdktf synth --hcl`: one cdk.tf per stack, named after its stack. Terraform runs in the stack's
    // directory and loads every file there (override files merged), so clinicnet reads them all too.
    const reads = await Promise.all(
      stacks.stacks.map((file) =>
        readHclModule(path.dirname(file), sources, path.basename(file) === 'cdk.tf' ? undefined : [file]),
      ),
    );
    const documents = reads.map((r, i) => ({
      ...r.document,
      stackName: path.basename(path.dirname(stacks.stacks[i])),
    }));
    const result = modelOf(
      documents.map((d) => readSites(d, options)),
      options,
    );
    const problems = mergeProblems(
      result.problems,
      reads.flatMap((r) => r.problems),
    );
    return { kind: 'cdktf-out', ...result, problems, files: [stacks.manifest, ...reads.flatMap((r) => r.files)] };
  }
  if (!isHclInput(input)) return readTerraformInput(input, options);
  const single = isDirectory(input) ? undefined : [input];
  const read = await readHclModule(single ? path.dirname(input) : input, sources, single);
  const result = modelOf([readSites(read.document, options)], options);
  return {
    kind: 'terraform-hcl',
    ...result,
    problems: mergeProblems(result.problems, read.problems),
    files: read.files,
  };
}

/** The stacks of a cdktf.out written by `cdktf synth --hcl` (every stack a `.tf` file), else undefined. */
function hclManifestStacks(input: string): { manifest: string; stacks: string[] } | undefined {
  if (!isDirectory(input) || !fs.existsSync(path.join(input, 'manifest.json'))) return undefined;
  const found = manifestStacks(input);
  return found.stacks.every((file) => file.endsWith('.tf')) ? found : undefined;
}

function mergeProblems(a: readonly ReadProblem[], b: readonly ReadProblem[]): ReadProblem[] {
  const order = (p: ReadProblem) => `${p.site}\u0000${p.address}\u0000${p.message}`;
  return [...new Map([...a, ...b].map((p) => [order(p), p])).values()].sort((x, y) => compareText(order(x), order(y)));
}
