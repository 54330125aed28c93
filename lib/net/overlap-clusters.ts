// SPDX-License-Identifier: Apache-2.0
/**
 * The machinery of {@link AddressPlan.overlapClusters}: the stack of blocks still open during
 * the sorted walk, indexed so that the few blocks a range is exempt from (its own VNet) are
 * found without scanning the stack, and a union-find that joins the clusters.
 */
import type { OverlapCluster, PlanRange } from './address-plan';

/** True when `outer` (sorted no later than `inner`) contains `inner`'s first address. */
export function encloses(outer: PlanRange, inner: PlanRange): boolean {
  return outer.cidr.version === inner.cidr.version && outer.cidr.last >= inner.cidr.first;
}

/**
 * The blocks enclosing the current range of a walk over sorted ranges (by index), with the
 * open VNets by name and the open ranges that name a parent by parent and network: the two
 * sides of the own-VNet exemption.
 */
export class OpenBlocks {
  private readonly stack: number[] = [];
  private readonly vnetsByName = new Map<string, number[]>();
  private readonly childrenByParent = new Map<string, number[]>();

  public constructor(private readonly ranges: readonly PlanRange[]) {}

  /** Closes the blocks that do not enclose `range`, the next range of the walk. */
  public closeBefore(range: PlanRange): void {
    while (this.stack.length > 0 && !encloses(this.ranges[this.stack[this.stack.length - 1]], range)) {
      const closed = this.stack.pop() as number;
      const block = this.ranges[closed];
      if (block.kind === 'vnet') this.remove(this.vnetsByName, block.name);
      if (block.parent !== undefined) this.remove(this.childrenByParent, childKey(block.parent, block));
    }
  }

  /** Opens block `index`, which every open block encloses. */
  public push(index: number): void {
    const block = this.ranges[index];
    this.stack.push(index);
    if (block.kind === 'vnet') this.add(this.vnetsByName, block.name, index);
    if (block.parent !== undefined) this.add(this.childrenByParent, childKey(block.parent, block), index);
  }

  /** How many blocks are open. */
  public size(): number {
    return this.stack.length;
  }

  /** The innermost open block that passes `test`, searching outwards. */
  public innermost(test: (index: number) => boolean): number | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) if (test(this.stack[i])) return this.stack[i];
    return undefined;
  }

  /**
   * Open blocks that range `index` may be exempt from (a superset): VNets named as its parent,
   * and, for a VNet, ranges of its own network that name it as their parent.
   */
  public exemptFrom(index: number): number[] {
    const range = this.ranges[index];
    const vnets = range.parent !== undefined ? (this.vnetsByName.get(range.parent) ?? []) : [];
    const children = range.kind === 'vnet' ? (this.childrenByParent.get(childKey(range.name, range)) ?? []) : [];
    return [...vnets, ...children].filter((other) => other !== index);
  }

  /** How many open blocks range `index` (not yet open) is exempt from; each block counted once. */
  public exemptCount(index: number): number {
    const range = this.ranges[index];
    const vnets = range.parent !== undefined ? (this.vnetsByName.get(range.parent) ?? []) : [];
    const children = range.kind === 'vnet' ? (this.childrenByParent.get(childKey(range.name, range)) ?? []) : [];
    if (vnets.length === 0 || children.length === 0) return vnets.length + children.length;
    const inBoth = new Set(children);
    return vnets.length + children.length - vnets.filter((v) => inBoth.has(v)).length;
  }

  private add(map: Map<string, number[]>, key: string, index: number): void {
    const list = map.get(key);
    if (list === undefined) map.set(key, [index]);
    else list.push(index);
  }

  /** Blocks close in the reverse order they opened, so the closing one is last in its list. */
  private remove(map: Map<string, number[]>, key: string): void {
    const list = map.get(key) as number[];
    list.pop();
    if (list.length === 0) map.delete(key);
  }
}

/** A range that names `parent`, keyed with its network: only an equal network can be exempt. */
function childKey(parent: string, range: PlanRange): string {
  return `${parent}\u0000${range.cidr.toString()}`;
}

/** Gathers each component with at least one pair, in order of its first member. */
export function collectClusters(
  ranges: readonly PlanRange[],
  sets: DisjointSets,
  pairs: readonly number[],
  maxMembers: number,
): OverlapCluster[] {
  const byRoot = new Map<number, { members: PlanRange[]; rangeCount: number; pairCount: number }>();
  ranges.forEach((range, index) => {
    const root = sets.find(index);
    let cluster = byRoot.get(root);
    if (cluster === undefined) byRoot.set(root, (cluster = { members: [], rangeCount: 0, pairCount: 0 }));
    if (cluster.members.length < maxMembers) cluster.members.push(range);
    cluster.rangeCount++;
    cluster.pairCount += pairs[index];
  });
  // Map order is first-insertion order, which is the order of each cluster's first member.
  return [...byRoot.values()].filter((cluster) => cluster.pairCount > 0);
}

/** Union-find over 0…n-1 with path halving and union by size. */
export class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  public constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.size = new Int32Array(n).fill(1);
  }

  public find(x: number): number {
    let node = x;
    while (this.parent[node] !== node) {
      this.parent[node] = this.parent[this.parent[node]];
      node = this.parent[node];
    }
    return node;
  }

  public union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if (this.size[rootA] < this.size[rootB]) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    this.size[rootA] += this.size[rootB];
  }
}
