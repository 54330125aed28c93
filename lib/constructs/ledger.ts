// SPDX-License-Identifier: Apache-2.0
/**
 * The allocation ledger: a committed file at the project root that remembers which prefix
 * each allocation key was given and in which order each site's firewall rules are
 * synthesized, so that adding or removing a clinic (or a rule) never renumbers another.
 * Construction reads it; only a published synth writes it (the gate calls
 * {@link stageLedgers}); in CI a synth that would change it fails, as a frozen lockfile does,
 * so two pull requests that both allocate conflict at merge instead of silently overlapping.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IConstruct } from 'constructs';
import { Node } from 'constructs';
import { defineError } from '../core/errors';
import type { Cidr } from '../net/cidr';
import { readLedgerFile, renderLedger, type CollectionOrder, type LedgerAllocation } from './ledger-file';

export type { CollectionOrder } from './ledger-file';

/** Default ledger file name, relative to the working directory (where synth runs). */
export const DEFAULT_LEDGER_FILE = 'clinicnet-addresses.json';

const ledgerStale = defineError({
  code: 'LEDGER-STALE',
  title: 'In CI (CI=true) a synth would change the committed allocation ledger.',
  message: (file: string, change: string) =>
    `allocation ledger out of date — got CI=true and a synth that would change ${file} (${change}), expected the committed ledger to match; fix: synthesize locally (without CI set) and commit ${file}`,
  example: ['clinicnet-addresses.json', 'new allocation vic-gp-geelong/vnet'],
});

const ledgerShared = defineError({
  code: 'LEDGER-SHARED',
  title: 'Two estates of one app keep their allocation ledgers in the same file.',
  message: (file: string) =>
    `allocation ledger shared — got two estates using ${file}, expected one ledger file per estate; fix: give one of them another file with the ClinicEstate prop ledger`,
  example: ['clinicnet-addresses.json'],
});

/** The ledger of one estate: what the file said, and what this synth asked for. */
export class AllocationLedger {
  private readonly recorded: ReadonlyMap<string, LedgerAllocation>;
  private readonly recordedOrder: ReadonlyMap<string, readonly CollectionOrder[]>;
  private readonly outboundIps: ReadonlyMap<string, string>;
  private readonly granted = new Map<string, LedgerAllocation>();
  private readonly order = new Map<string, readonly CollectionOrder[]>();
  private readonly existed: boolean;
  private keyed = false;

  /** Reads `file` when it exists (throws LEDGER-INVALID when it is malformed). */
  public constructor(
    public readonly file: string,
    private readonly estate: string,
    private readonly named: boolean,
  ) {
    this.existed = fs.existsSync(file);
    const state = this.existed ? readLedgerFile(file, estate) : undefined;
    this.recorded = state?.allocations ?? new Map();
    this.recordedOrder = state?.firewallOrder ?? new Map();
    this.outboundIps = state?.outboundIps ?? new Map();
  }

  /** The public IPv4 address the user recorded for `site`'s outbound traffic, if any. */
  public outboundIp(site: string): string | undefined {
    return this.outboundIps.get(site);
  }

  /**
   * Whether this synth keeps the ledger: the file exists, the estate names it, or a keyed
   * allocation was made. An estate that does none of these reads and writes no file.
   */
  public get inUse(): boolean {
    return this.existed || this.named || this.keyed;
  }

  /** The entry the ledger has for `key`, released or not. */
  public entry(key: string): LedgerAllocation | undefined {
    return this.recorded.get(key);
  }

  /** Whether this synth already allocated `key`. */
  public granting(key: string): boolean {
    return this.granted.has(key);
  }

  /** Every prefix the ledger holds, released ones included: no new allocation may take them. */
  public reserved(): Cidr[] {
    return [...this.recorded.values()].map((a) => a.prefix);
  }

  /** Records that this synth gave `prefix` to `key`. */
  public grant(key: string, supernet: Cidr, prefix: Cidr): void {
    this.keyed = true;
    this.granted.set(key, { supernet, prefix, released: false });
  }

  /** The recorded order of a site's firewall rule collections, if any. */
  public firewallOrder(site: string): readonly CollectionOrder[] | undefined {
    return this.recordedOrder.get(site);
  }

  /** Records the order a site's firewall rules are synthesized in (the latest call wins). */
  public recordFirewallOrder(site: string, order: readonly CollectionOrder[]): void {
    this.order.set(site, order);
  }

  /** The file as it is now (canonical form), or undefined when there is none. */
  public current(): string | undefined {
    if (!this.existed) return undefined;
    return renderLedger({
      estate: this.estate,
      allocations: this.recorded,
      firewallOrder: this.recordedOrder,
      outboundIps: this.outboundIps,
    });
  }

  /** The file this synth would write: keys not asked for this time are kept, released. */
  public next(): string {
    const allocations = new Map(this.granted);
    for (const [key, entry] of this.recorded)
      if (!allocations.has(key)) allocations.set(key, { ...entry, released: true });
    return renderLedger({ estate: this.estate, allocations, firewallOrder: this.order, outboundIps: this.outboundIps });
  }

  /** What this synth changes, in a few words, for LEDGER-STALE. */
  public change(): string {
    if (!this.existed) return 'the file does not exist yet';
    const changes: string[] = [];
    for (const key of this.granted.keys()) {
      const before = this.recorded.get(key);
      if (before === undefined) changes.push(`new allocation ${key}`);
      else if (before.released) changes.push(`allocation ${key} taken again`);
    }
    for (const [key, entry] of this.recorded)
      if (!entry.released && !this.granted.has(key)) changes.push(`allocation ${key} released`);
    const sites = new Set([...this.order.keys(), ...this.recordedOrder.keys()]);
    for (const site of [...sites].sort())
      if (JSON.stringify(this.order.get(site)) !== JSON.stringify(this.recordedOrder.get(site)))
        changes.push(`firewall rules of site ${site}`);
    if (changes.length === 0) return 'its layout';
    return changes.length > 3 ? `${changes.slice(0, 3).join(', ')} and ${changes.length - 3} more` : changes.join(', ');
  }
}

// Keyed by the estate construct (for its sites and rules) and by the app, the root of the
// construct tree (for the gate, without walking every construct of a large estate).
const ledgers = new WeakMap<IConstruct, AllocationLedger>();
const ledgersOfApp = new WeakMap<IConstruct, AllocationLedger[]>();

/** Called by ClinicEstate: `scope`'s constructs (sites, firewall rules) use `ledger`. */
export function attachLedger(estate: IConstruct, ledger: AllocationLedger): void {
  ledgers.set(estate, ledger);
  const root = Node.of(estate).root;
  ledgersOfApp.set(root, [...(ledgersOfApp.get(root) ?? []), ledger]);
}

/** The ledger of the estate `scope` belongs to, if any. */
export function ledgerOf(scope: IConstruct): AllocationLedger | undefined {
  for (const s of [...Node.of(scope).scopes].reverse()) {
    const found = ledgers.get(s);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether the environment says this is a CI run (CI set to anything but empty, 0 or false). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());
}

/**
 * For the gate, just before it publishes: the ledgers of `app` that this synth would change.
 * In CI that is LEDGER-STALE (nothing is published); otherwise the returned function writes
 * them, each through a temporary file and a rename, once the stacks are published.
 */
export function stageLedgers(app: IConstruct, env: NodeJS.ProcessEnv = process.env): () => void {
  const inUse = (ledgersOfApp.get(Node.of(app).root) ?? []).filter((l) => l.inUse);
  const files = inUse.map((l) => path.resolve(l.file));
  const shared = inUse.find((_, i) => files.indexOf(files[i]) !== i);
  if (shared !== undefined) throw ledgerShared(shared.file);
  const changed = inUse.filter((l) => l.current() !== l.next());
  const stale = changed[0];
  if (stale !== undefined && isCi(env)) throw ledgerStale(stale.file, stale.change());
  const writes = changed.map((l) => ({ file: l.file, text: l.next() }));
  return () => writes.forEach((w) => writeAtomically(w.file, w.text));
}

function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
