// SPDX-License-Identifier: Apache-2.0
/**
 * The allocation ledger's file format: reading (the file is input — it comes from a pull
 * request like any other file — so every field is checked and a bad one is refused with one
 * line) and writing (sorted keys, two-space JSON: the same state always gives the same bytes).
 */
import { defineError } from '../core/errors';
import { terminalText } from '../core/escape';
import { parseJsonText, readInputText } from '../core/json-input';
import { PRIVATE_RANGES } from '../dataplane/match';
import { Cidr, isIpAddress } from '../net/cidr';
import { COLLECTION_IDS, type CollectionId } from './rule-collections';

/** The format version this code reads and writes. */
export const LEDGER_VERSION = 1;

/** One allocated prefix. */
export interface LedgerAllocation {
  /** The block it was allocated from. */
  readonly supernet: Cidr;
  /** The allocated prefix, inside `supernet`. */
  readonly prefix: Cidr;
  /** No longer asked for: kept (its prefix stays taken) until the user deletes the entry. */
  readonly released: boolean;
}

/** A firewall rule collection and its rule names, in the order they are synthesized. */
export interface CollectionOrder {
  readonly collection: CollectionId;
  readonly rules: readonly string[];
}

/** What the ledger holds. */
export interface LedgerState {
  readonly estate: string;
  /** By allocation key. */
  readonly allocations: ReadonlyMap<string, LedgerAllocation>;
  /** By site name: each collection of the site's firewall policy, in synthesized order. */
  readonly firewallOrder: ReadonlyMap<string, readonly CollectionOrder[]>;
  /**
   * By site name: the public IPv4 address the site leaves by, recorded by hand after its first
   * apply (Azure assigns it then), for other stacks that must name it (a custo centre's forward).
   */
  readonly outboundIps: ReadonlyMap<string, string>;
}

/** An allocation key: `<site>/<purpose>` by convention, such as `nsw-gp-parramatta/vnet`. */
export const ALLOCATION_KEY = /^[a-z0-9][a-z0-9._/-]{0,127}$/;
const SITE_NAME = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;
const TOP_LEVEL = ['//', 'version', 'estate', 'allocations', 'firewallOrder', 'outboundIps'];
const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

const ledgerInvalid = defineError({
  code: 'LEDGER-INVALID',
  title: 'The allocation ledger (clinicnet-addresses.json) is malformed, inconsistent or belongs to another estate.',
  message: (file: string, problem: string) =>
    `invalid allocation ledger ${file} — got ${problem}, expected the ledger as synth writes it; fix: restore the file from version control (git checkout -- ${file}) or correct that entry`,
  example: [
    'clinicnet-addresses.json',
    'allocation "nsw-gp/vnet" prefix 10.80.0.0/16 outside its supernet 10.64.0.0/12',
  ],
});

/** Reads and checks a ledger file; throws LEDGER-INVALID (or an INPUT-* error) with one line. */
export function readLedgerFile(file: string, estate: string): LedgerState {
  const data = parseJsonText(readInputText(file), file);
  const fail = (problem: string) => ledgerInvalid(file, problem);
  if (!isRecord(data)) throw fail('a JSON value that is not an object');
  if (data.version !== LEDGER_VERSION) throw fail(`version ${show(data.version)}`);
  if (data.estate !== estate) throw fail(`estate ${show(data.estate)} (this estate is "${estate}")`);
  const unknown = Object.keys(data).find((k) => !TOP_LEVEL.includes(k));
  if (unknown !== undefined) throw fail(`field ${show(unknown)}`);
  const allocations = readAllocations(data.allocations, fail);
  checkOverlaps(allocations, fail);
  return {
    estate,
    allocations,
    firewallOrder: readFirewallOrder(data.firewallOrder, fail),
    outboundIps: readOutboundIps(data.outboundIps, fail),
  };
}

/** `outboundIps`: site name → a public IPv4 address (absent: none recorded). */
function readOutboundIps(value: unknown, fail: Fail): Map<string, string> {
  const found = new Map<string, string>();
  if (value === undefined) return found;
  if (!isRecord(value)) throw fail('"outboundIps" that is not an object');
  for (const [site, ip] of Object.entries(value)) {
    if (!SITE_NAME.test(site)) throw fail(`outboundIps site ${show(site)}`);
    const address = typeof ip === 'string' && isIpAddress(ip) && !ip.includes(':') ? Cidr.parse(`${ip}/32`) : undefined;
    if (address === undefined || address.toString() !== `${ip as string}/32`)
      throw fail(`outboundIps of site ${site} ${show(ip)} (not an IPv4 address in dotted decimal)`);
    if (PRIVATE.some((p) => p.contains(address)))
      throw fail(`outboundIps of site ${site} ${show(ip)} (a private address: the internet never sees it)`);
    found.set(site, ip as string);
  }
  return found;
}

/** Addresses the internet never sees as a source: the private ranges and loopback. */
const PRIVATE = [...PRIVATE_RANGES, Cidr.parse('127.0.0.0/8')];

type Fail = (problem: string) => Error;

function readAllocations(value: unknown, fail: Fail): Map<string, LedgerAllocation> {
  if (!isRecord(value)) throw fail('"allocations" that is not an object');
  const result = new Map<string, LedgerAllocation>();
  for (const [key, entry] of Object.entries(value)) {
    if (!ALLOCATION_KEY.test(key)) throw fail(`allocation key ${show(key)}`);
    if (!isRecord(entry)) throw fail(`allocation "${key}" that is not an object`);
    const supernet = cidrOf(entry.supernet, `allocation "${key}" supernet`, fail);
    const prefix = cidrOf(entry.prefix, `allocation "${key}" prefix`, fail);
    if (!supernet.contains(prefix))
      throw fail(`allocation "${key}" prefix ${prefix.toString()} outside its supernet ${supernet.toString()}`);
    if (entry.released !== undefined && entry.released !== true)
      throw fail(`allocation "${key}" released ${show(entry.released)} (only true, or no field)`);
    const unknown = Object.keys(entry).find((k) => !['supernet', 'prefix', 'released'].includes(k));
    if (unknown !== undefined) throw fail(`allocation "${key}" field ${show(unknown)}`);
    result.set(key, { supernet, prefix, released: entry.released === true });
  }
  return result;
}

/** Two entries overlapping would hand one block to two sites. */
function checkOverlaps(allocations: ReadonlyMap<string, LedgerAllocation>, fail: Fail): void {
  const sorted = [...allocations].sort(([, a], [, b]) => a.prefix.compareTo(b.prefix));
  for (let i = 1; i < sorted.length; i++) {
    const [keyA, a] = sorted[i - 1];
    const [keyB, b] = sorted[i];
    if (a.prefix.overlaps(b.prefix))
      throw fail(
        `allocations "${keyA}" ${a.prefix.toString()} and "${keyB}" ${b.prefix.toString()} overlapping each other`,
      );
  }
}

function readFirewallOrder(value: unknown, fail: Fail): Map<string, CollectionOrder[]> {
  const result = new Map<string, CollectionOrder[]>();
  if (value === undefined) return result;
  if (!isRecord(value)) throw fail('"firewallOrder" that is not an object');
  for (const [site, collections] of Object.entries(value)) {
    if (!SITE_NAME.test(site)) throw fail(`firewallOrder site ${show(site)}`);
    if (!Array.isArray(collections)) throw fail(`firewallOrder of site ${site} that is not a list`);
    const order = collections.map((c) => readCollection(c, site, fail));
    const seen = new Set<string>();
    const repeated = order.find((c) => seen.size === seen.add(c.collection).size);
    if (repeated) throw fail(`collection ${repeated.collection} twice in firewallOrder of site ${site}`);
    result.set(site, order);
  }
  return result;
}

function readCollection(value: unknown, site: string, fail: Fail): CollectionOrder {
  const where = `firewallOrder of site ${site}`;
  if (!isRecord(value) || typeof value.collection !== 'string' || !Array.isArray(value.rules))
    throw fail(`an entry of ${where} without a collection name and a rules list`);
  const collection = value.collection;
  if (!(COLLECTION_IDS as readonly string[]).includes(collection))
    throw fail(`collection ${show(collection)} in ${where}`);
  const rules: unknown[] = value.rules;
  // A Set, not indexOf: the file is input, and a quadratic check of a huge list would hang CI.
  const seen = new Set<unknown>();
  const bad = rules.find((r) => typeof r !== 'string' || !RULE_NAME.test(r) || seen.size === seen.add(r).size);
  if (bad !== undefined) throw fail(`rule name ${show(bad)} (invalid or repeated) in ${where}`);
  return { collection: collection as CollectionId, rules: rules as string[] };
}

function cidrOf(value: unknown, what: string, fail: Fail): Cidr {
  if (typeof value !== 'string' || !Cidr.isCidr(value)) throw fail(`${what} ${show(value)}`);
  const cidr = Cidr.parse(value);
  if (cidr.toString() !== value)
    throw fail(`${what} ${show(value)} (not written canonically; expected ${cidr.toString()})`);
  return cidr;
}

/** The ledger's bytes: keys sorted, firewall order as recorded, a trailing newline. */
export function renderLedger(state: LedgerState): string {
  const sortedKeys = <V>(map: ReadonlyMap<string, V>) => [...map.keys()].sort();
  const allocations = Object.fromEntries(
    sortedKeys(state.allocations).map((key) => {
      const a = state.allocations.get(key) as LedgerAllocation;
      const entry = { supernet: a.supernet.toString(), prefix: a.prefix.toString() };
      return [key, a.released ? { ...entry, released: true } : entry];
    }),
  );
  const firewallOrder = Object.fromEntries(sortedKeys(state.firewallOrder).map((s) => [s, state.firewallOrder.get(s)]));
  const outboundIps = Object.fromEntries(sortedKeys(state.outboundIps).map((s) => [s, state.outboundIps.get(s)]));
  const file = {
    '//': 'clinicnet allocation ledger: written by a published synth, commit it. Delete a released entry to free its prefix.',
    version: LEDGER_VERSION,
    estate: state.estate,
    allocations,
    firewallOrder,
    // Written only when the user recorded some, so ledgers without them keep their bytes.
    ...(state.outboundIps.size > 0 && { outboundIps }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value from the file for the message: JSON-quoted, cut short, invisibles escaped. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return terminalText(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
