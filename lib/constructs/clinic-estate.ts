// SPDX-License-Identifier: Apache-2.0
/** The estate: every clinic and hub of one provider's customer, and its address plan. */
import { Construct } from 'constructs';
import { defineError } from '../core/errors';
import { terminalText } from '../core/escape';
import { AddressPlan } from '../net/address-plan';
import type { Cidr } from '../net/cidr';
import type { ClinicSite } from './clinic-site';
import { AllocationLedger, attachLedger, DEFAULT_LEDGER_FILE } from './ledger';
import { ALLOCATION_KEY } from './ledger-file';

/** What names the estate. */
export interface ClinicEstateProps {
  /**
   * Short lowercase name (2–12 letters and digits) that makes Azure DNS labels unique,
   * such as the VPN gateways' `<estate>-<site>-vpn.<region>.cloudapp.azure.com`.
   */
  readonly name: string;
  /**
   * The allocation ledger, relative to the working directory synth runs in (the project
   * root): the prefix each keyed `allocate` was given and each site's firewall rule order.
   * Commit it. It is read when it exists and written by a published synth when it exists,
   * is named here, or a keyed allocation was made; see docs/constructs.md.
   * @default 'clinicnet-addresses.json'
   */
  readonly ledger?: string;
}

/** Options of {@link ClinicEstate.allocate}. */
export interface AllocateOptions {
  /**
   * The allocation's stable name in the ledger, `<site>/<purpose>` by convention
   * (`nsw-gp-parramatta/vnet`): 1–128 lowercase letters, digits, `.`, `_`, `/` and `-`. A key
   * the ledger knows gets its recorded prefix back; a new key gets the lowest prefix free of
   * the estate and of every ledger entry, released ones included.
   * @default none: the lowest free prefix, recorded nowhere — it moves when an earlier
   *   allocation is added or removed (kept for compatibility; give a key)
   */
  readonly key?: string;
}

const estateNameInvalid = defineError({
  code: 'ESTATE-NAME-INVALID',
  title: 'An estate name is not 2–12 lowercase letters and digits.',
  message: (name: string) =>
    `invalid estate name — got "${name}", expected 2–12 lowercase letters and digits, starting with a letter; fix: use a short customer code such as acmehealth`,
  example: ['Acme Health'],
});

const siteNameTaken = defineError({
  code: 'ESTATE-SITE-TAKEN',
  title: 'Two sites of one estate have the same name.',
  message: (name: string) =>
    `duplicate site — got "${name}" twice, expected unique site names (each is a stack); fix: rename one site`,
  example: ['nsw-gp'],
});

const allocationKeyInvalid = defineError({
  code: 'ESTATE-ALLOCATION-KEY-INVALID',
  title: 'An allocation key is not 1–128 lowercase letters, digits, ".", "_", "/" and "-".',
  message: (key: string) =>
    `invalid allocation key — got "${terminalText(key)}", expected 1–128 lowercase letters, digits, '.', '_', '/' or '-', starting with a letter or digit; fix: name it <site>/<purpose>, such as nsw-gp-parramatta/vnet`,
  example: ['NSW GP'],
});

const allocationKeyTaken = defineError({
  code: 'ESTATE-ALLOCATION-KEY-TAKEN',
  title: 'allocate was called twice with one key in one synth.',
  message: (key: string) =>
    `allocation key used twice — got "${key}" twice, expected one allocate call per key (a key names one block); fix: give each allocation its own key, or reuse the prefix the first call returned`,
  example: ['nsw-gp/vnet'],
});

const allocationChanged = defineError({
  code: 'ESTATE-ALLOCATION-CHANGED',
  title: 'allocate asks for a key with another supernet or prefix length than the ledger recorded.',
  message: (key: string, prefix: string, supernet: string, asked: string) =>
    `allocation changed — got a request for a ${asked} under key "${key}", expected the ledger's ${prefix} from ${supernet}; fix: ask for what the ledger holds, or delete the entry "${key}" from the ledger to allocate afresh (its site is renumbered)`,
  example: ['nsw-gp/vnet', '10.65.0.0/16', '10.64.0.0/12', '/20 in 10.64.0.0/12'],
});

/** One per app: owns the sites and runs the estate-wide checks (through each site) at synth. */
export class ClinicEstate extends Construct {
  public readonly estateName: string;
  private readonly members: ClinicSite[] = [];
  private readonly allocations: Cidr[] = [];
  /** The allocation ledger: read at construction, written by the gate when it publishes. */
  public readonly ledger: AllocationLedger;

  public constructor(scope: Construct, id: string, props: ClinicEstateProps) {
    if (!/^[a-z][a-z0-9]{1,11}$/.test(props.name)) throw estateNameInvalid(props.name);
    super(scope, id);
    this.estateName = props.name;
    this.ledger = new AllocationLedger(props.ledger ?? DEFAULT_LEDGER_FILE, props.name, props.ledger !== undefined);
    attachLedger(this, this.ledger);
  }

  /** Sites in the order they were created. */
  public get sites(): readonly ClinicSite[] {
    return this.members;
  }

  /** The site with that name, if any. */
  public site(name: string): ClinicSite | undefined {
    return this.members.find((s) => s.siteName === name);
  }

  /** Called by ClinicSite; a second site of the same name is an error. */
  public register(site: ClinicSite): void {
    if (this.site(site.siteName) !== undefined) throw siteNameTaken(site.siteName);
    this.members.push(site);
  }

  /**
   * A prefix of `prefixLength` in `supernet` for a site: with a `key`, the one the ledger
   * recorded for it, else the lowest prefix free of every range in the estate, earlier
   * allocations, every ledger entry and Azure-reserved ranges. Call it before creating the site.
   */
  public allocate(supernet: Cidr, prefixLength: number, options: AllocateOptions = {}): Cidr {
    const { key } = options;
    if (key !== undefined) {
      if (!ALLOCATION_KEY.test(key)) throw allocationKeyInvalid(key);
      if (this.ledger.granting(key)) throw allocationKeyTaken(key);
    }
    const recorded = key === undefined ? undefined : this.ledger.entry(key);
    if (recorded && (!recorded.supernet.equals(supernet) || recorded.prefix.prefixLength !== prefixLength))
      throw allocationChanged(
        key ?? '',
        recorded.prefix.toString(),
        recorded.supernet.toString(),
        `/${prefixLength} in ${supernet.toString()}`,
      );
    const cidr = recorded?.prefix ?? this.lowestFree(supernet, prefixLength);
    if (key !== undefined) this.ledger.grant(key, supernet, cidr);
    this.allocations.push(cidr);
    return cidr;
  }

  private lowestFree(supernet: Cidr, prefixLength: number): Cidr {
    const plan = new AddressPlan();
    for (const site of this.members) site.addressRanges().forEach((r) => plan.add({ ...r, kind: 'other' }));
    this.allocations.forEach((cidr, i) => plan.add({ name: `allocation-${i}`, cidr, kind: 'other' }));
    this.ledger.reserved().forEach((cidr, i) => plan.add({ name: `ledger-${i}`, cidr, kind: 'other' }));
    return plan.allocate(supernet, prefixLength);
  }
}
