// SPDX-License-Identifier: Apache-2.0
import { compareText } from '../core/compare';
import { defineError } from '../core/errors';
import { Cidr } from './cidr';
import { collectClusters, DisjointSets, encloses, OpenBlocks } from './overlap-clusters';

/** What a range in the estate is. */
export type RangeKind = 'vnet' | 'subnet' | 'onprem' | 'vpn-client-pool' | 'other';

/** Every {@link RangeKind}, for schemas and validation. */
export const RANGE_KINDS: readonly RangeKind[] = ['vnet', 'subnet', 'onprem', 'vpn-client-pool', 'other'];

/** One named address range of the estate. */
export interface PlanRange {
  /** Name, unique estate-wide except that a VNet with several address spaces repeats its name. */
  readonly name: string;
  /** The network. */
  readonly cidr: Cidr;
  /** What the range is. */
  readonly kind: RangeKind;
  /**
   * Site that owns the range.
   * @default - no owner recorded
   */
  readonly site?: string;
  /**
   * Name of the VNet range this range lives in (subnets).
   * @default - none: the range stands alone
   */
  readonly parent?: string;
  /**
   * Construct path or Terraform address, for pointing findings at the source.
   * @default - none
   */
  readonly path?: string;
}

/** Two ranges that share addresses although they must not; `a` encloses (or equals) `b`. */
export interface Overlap {
  /** The enclosing (or equal) range. */
  readonly a: PlanRange;
  /** The enclosed range. */
  readonly b: PlanRange;
}

/**
 * Ranges joined by overlaps: a connected component of the graph whose edges are the pairs
 * {@link AddressPlan.overlaps} lists. Reported instead of pairs, n equal ranges are one entry
 * of at most `maxMembers` names, not n² / 2 lines.
 */
export interface OverlapCluster {
  /** The first ranges of the cluster in {@link AddressPlan.ranges} order, at most the cap asked for. */
  readonly members: readonly PlanRange[];
  /** How many ranges the cluster has (more than `members` holds when the cap was reached). */
  readonly rangeCount: number;
  /** How many overlapping pairs the cluster has. */
  readonly pairCount: number;
}

/** Members listed per overlap cluster unless the caller asks otherwise. */
export const MAX_CLUSTER_MEMBERS = 20;

/** A range that touches one of Azure's reserved ranges. */
export interface ReservedHit {
  /** The plan's range. */
  readonly range: PlanRange;
  /** The Azure-reserved range it touches. */
  readonly reservedRange: Cidr;
}

/** A range whose `parent` is missing, unknown, not a VNet, or does not contain it. */
export interface ContainmentError {
  /** The range whose parent is wrong. */
  readonly range: PlanRange;
  /** Stable code of the problem (`PLAN-SUBNET-OUTSIDE-VNET`, …). */
  readonly code: string;
  /** `[CODE] problem — got X, expected Y; fix: Z`. */
  readonly message: string;
}

/** Ranges Azure reserves: a VNet, subnet or connected network must not use them. */
export const AZURE_RESERVED_RANGES: readonly Cidr[] = [
  '224.0.0.0/4',
  '255.255.255.255/32',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '168.63.129.16/32',
].map((text) => Cidr.parse(text));

const subnetOutsideVnet = defineError({
  code: 'PLAN-SUBNET-OUTSIDE-VNET',
  title: 'A subnet is not inside any address space of the VNet it names as its parent.',
  message: (name: string, cidr: string, parent: string, spaces: string) =>
    `subnet outside its VNet — got "${name}" ${cidr}, expected it inside VNet "${parent}" (${spaces}); fix: choose a prefix inside the VNet or add an address space to the VNet`,
  example: ['clinic-a/vnet/workload', '10.2.0.0/24', 'clinic-a/vnet', '10.1.0.0/16'],
});

const unknownParent = defineError({
  code: 'PLAN-UNKNOWN-PARENT',
  title: 'A range names a parent VNet that is not in the address plan.',
  message: (name: string, parent: string) =>
    `unknown parent — got "${name}" with parent "${parent}", expected the name of a VNet range in the plan; fix: correct the parent name or add the VNet`,
  example: ['clinic-a/vnet/workload', 'clinic-a/vnet-typo'],
});

const parentNotVnet = defineError({
  code: 'PLAN-PARENT-NOT-VNET',
  title: 'A range names a parent that is in the plan but is not a VNet.',
  message: (name: string, parent: string, kind: string) =>
    `parent is not a VNet — got "${name}" with parent "${parent}" of kind ${kind}, expected a range of kind vnet; fix: name the VNet the subnet belongs to`,
  example: ['clinic-a/vnet/workload', 'clinic-a/lan', 'onprem'],
});

const subnetWithoutParent = defineError({
  code: 'PLAN-SUBNET-NO-PARENT',
  title: 'A subnet does not say which VNet it belongs to.',
  message: (name: string) =>
    `subnet without VNet — got subnet "${name}" with no parent, expected the name of its VNet in "parent"; fix: add parent`,
  example: ['clinic-a/workload'],
});

const allocatePrefix = defineError({
  code: 'PLAN-ALLOCATE-PREFIX',
  title:
    "The prefix length asked of allocate is not a whole number between the supernet's and the address family's maximum.",
  message: (prefix: string, supernet: string, max: number) =>
    `prefix length cannot be allocated — got /${prefix} from ${supernet}, expected a whole number from ${supernet.split('/')[1]} to ${max}; fix: ask for a longer prefix than the supernet's or a larger supernet`,
  example: ['8', '10.64.0.0/12', 32],
});

const allocateFull = defineError({
  code: 'PLAN-SUPERNET-FULL',
  title: 'No free prefix of the requested size is left in the supernet.',
  message: (prefix: number, supernet: string) =>
    `supernet full — got a request for a /${prefix} in ${supernet}, expected a free aligned /${prefix} that overlaps nothing in the plan; fix: use another supernet, a smaller prefix, or free a range`,
  example: [24, '10.64.0.0/12'],
});

/** True when `inner` sits inside its own parent VNet `outer`: containment, not overlap. */
export function isOwnParent(outer: PlanRange, inner: PlanRange): boolean {
  return (
    inner.parent !== undefined &&
    inner.parent === outer.name &&
    outer.kind === 'vnet' &&
    outer.cidr.contains(inner.cidr)
  );
}

/**
 * The estate's address plan: every named range, checked for overlaps (sort-based,
 * O(n log n + k)), Azure-reserved ranges and subnets outside their VNet, and able to
 * hand out the next free prefix of a supernet.
 */
export class AddressPlan {
  private readonly entries: PlanRange[] = [];
  private readonly unresolvedVnets = new Set<string>();
  private sorted: PlanRange[] | undefined;

  /** Creates a plan holding `ranges`. */
  public constructor(ranges: Iterable<PlanRange> = []) {
    for (const range of ranges) this.add(range);
  }

  /** Adds a range; returns the plan for chaining. */
  public add(range: PlanRange): this {
    this.entries.push(range);
    this.sorted = undefined;
    return this;
  }

  /**
   * Declares that VNet `name` has address spaces that cannot be known (before apply): a
   * range naming it as parent is not judged outside it, since it may lie in the unknown space.
   */
  public markUnresolvedVnet(name: string): this {
    this.unresolvedVnets.add(name);
    return this;
  }

  /** Every range, IPv4 before IPv6, by first address, widest first, then name. */
  public ranges(): readonly PlanRange[] {
    if (this.sorted === undefined) this.sorted = [...this.entries].sort(compareRanges);
    return this.sorted;
  }

  /**
   * Every pair of ranges that share an address, once each, except a range inside its own
   * parent VNet. Blocks are either nested or disjoint, so walking the sorted ranges with a
   * stack of the blocks still open yields exactly the enclosing blocks of each range.
   * Ordered by `b` in {@link ranges} order, then `a` from the outermost inwards.
   */
  public overlaps(): Overlap[] {
    const result: Overlap[] = [];
    const open: PlanRange[] = [];
    for (const range of this.ranges()) {
      while (open.length > 0 && !encloses(open[open.length - 1], range)) open.pop();
      for (const outer of open) {
        // Equal blocks may sort the subnet first, so the exemption is checked both ways.
        if (!isOwnParent(outer, range) && !isOwnParent(range, outer)) result.push({ a: outer, b: range });
      }
      open.push(range);
    }
    return result;
  }

  /**
   * The overlaps grouped into clusters (connected components), each with its first
   * `maxMembers` ranges and its range and pair counts; ordered by first member. Output is
   * linear in the plan, and so is the work per range outside degenerate plans: a range is
   * joined to the innermost block that encloses it without exemption and to the few blocks
   * that one is exempt from (its own VNet), and its pairs are counted, not listed.
   */
  public overlapClusters(maxMembers: number = MAX_CLUSTER_MEMBERS): OverlapCluster[] {
    const ranges = this.ranges();
    const sets = new DisjointSets(ranges.length);
    const pairs = new Array<number>(ranges.length).fill(0);
    const open = new OpenBlocks(ranges);
    ranges.forEach((range, index) => {
      open.closeBefore(range);
      const exempt = (outer: number) => isOwnParent(ranges[outer], range) || isOwnParent(range, ranges[outer]);
      const innermost = open.innermost((outer) => !exempt(outer));
      if (innermost !== undefined) {
        sets.union(innermost, index);
        // Blocks the innermost one is not joined to directly: still joined to this range unless exempt.
        for (const other of open.exemptFrom(innermost)) if (!exempt(other)) sets.union(other, index);
      }
      pairs[index] = open.size() - open.exemptCount(index);
      open.push(index);
    });
    return collectClusters(ranges, sets, pairs, maxMembers);
  }

  /** Every (range, reserved range) pair that shares an address, in range order. */
  public reserved(): ReservedHit[] {
    const result: ReservedHit[] = [];
    for (const range of this.ranges()) {
      for (const reservedRange of AZURE_RESERVED_RANGES) {
        if (range.cidr.overlaps(reservedRange)) result.push({ range, reservedRange });
      }
    }
    return result;
  }

  /**
   * Ranges whose parent is missing (subnets), unknown, not a VNet, or does not contain them;
   * ranges of a VNet marked unresolved are not judged.
   */
  public containmentErrors(): ContainmentError[] {
    const vnetSpaces = new Map<string, PlanRange[]>();
    for (const range of this.ranges()) {
      if (range.kind !== 'vnet') continue;
      const spaces = vnetSpaces.get(range.name);
      if (spaces === undefined) vnetSpaces.set(range.name, [range]);
      else spaces.push(range);
    }
    // Every name's kind is needed only to explain a parent that is not a VNet: built on demand.
    let kinds: Map<string, RangeKind> | undefined;
    const kindOf = (name: string) => {
      kinds ??= new Map([...this.ranges()].reverse().map((r) => [r.name, r.kind]));
      return kinds.get(name);
    };
    const result: ContainmentError[] = [];
    const report = (range: PlanRange, error: { code: string; message: string }) =>
      result.push({ range, code: error.code, message: error.message });
    for (const range of this.ranges()) {
      if (range.parent === undefined) {
        if (range.kind === 'subnet') report(range, subnetWithoutParent(range.name));
        continue;
      }
      if (this.unresolvedVnets.has(range.parent)) continue;
      const vnets = vnetSpaces.get(range.parent);
      if (vnets === undefined) {
        const kind = kindOf(range.parent);
        report(
          range,
          kind === undefined ? unknownParent(range.name, range.parent) : parentNotVnet(range.name, range.parent, kind),
        );
      } else if (!vnets.some((vnet) => vnet.cidr.contains(range.cidr))) {
        const spaces = vnets.map((v) => v.cidr.toString()).join(', ');
        report(range, subnetOutsideVnet(range.name, range.cidr.toString(), range.parent, spaces));
      }
    }
    return result;
  }

  /**
   * The lowest aligned prefix of `prefixLength` inside `supernet` that shares no address
   * with any range in the plan or with Azure's reserved ranges.
   * Throws PLAN-ALLOCATE-PREFIX for an impossible length, PLAN-SUPERNET-FULL when none is free.
   */
  public allocate(supernet: Cidr, prefixLength: number): Cidr {
    const max = supernet.version === 4 ? 32 : 128;
    if (!Number.isInteger(prefixLength) || prefixLength < supernet.prefixLength || prefixLength > max) {
      throw allocatePrefix(String(prefixLength), supernet.toString(), max);
    }
    const size = 1n << BigInt(max - prefixLength);
    const taken = [...this.entries.map((r) => r.cidr), ...AZURE_RESERVED_RANGES]
      .filter((cidr) => cidr.overlaps(supernet))
      .sort((x, y) => x.compareTo(y));
    let candidate = supernet.first;
    for (const block of taken) {
      if (candidate + size - 1n < block.first) break;
      if (block.last >= candidate) candidate = alignUp(block.last + 1n, size);
    }
    if (candidate + size - 1n > supernet.last) throw allocateFull(prefixLength, supernet.toString());
    return Cidr.fromNumber(candidate, prefixLength, supernet.version);
  }
}

function alignUp(address: bigint, size: bigint): bigint {
  return ((address + size - 1n) / size) * size;
}

/** Version, first address, widest first; then name, kind, site so equal blocks sort the same every run. */
function compareRanges(x: PlanRange, y: PlanRange): number {
  return (
    x.cidr.compareTo(y.cidr) ||
    compareText(x.name, y.name) ||
    compareText(x.kind, y.kind) ||
    compareText(x.site ?? '', y.site ?? '') ||
    compareText(x.parent ?? '', y.parent ?? '')
  );
}
