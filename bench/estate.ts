// SPDX-License-Identifier: Apache-2.0
/** Random but realistic estates, seeded so every benchmark run sees the same input. */
import { PlanRange } from '../lib/net/address-plan';
import { Cidr } from '../lib/net/cidr';
import { seededRandom } from './harness';

const V4 = (a: number, b: number, c: number, d: number) => BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d);
const VNET_BASE = V4(10, 0, 0, 0);
const LAN_BASE = V4(100, 64, 0, 0);
const POOL_BASE = V4(172, 16, 0, 0);
const V6_BASE = 0x20010db8n << 96n;

/**
 * `size` ranges of an estate of clinics. Blocks are handed out in order (past 10/8 for the
 * largest estates: the detector does not care which addresses they are), with mistakes:
 * 1 clinic in 200 reuses another clinic's VNet block as its LAN, 1 in 1,000 reuses a VNet.
 */
export function randomEstate(size: number, seed = 42): PlanRange[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const ranges: PlanRange[] = [];
  const vnetBlocks: bigint[] = [];
  for (let i = 0; ranges.length < size; i++) {
    const site = `clinic-${i}`;
    const vnet = `${site}/vnet`;
    const reuse = i > 0 && pick(1000) === 0;
    const vnetFirst = reuse ? vnetBlocks[pick(vnetBlocks.length)] : VNET_BASE + BigInt(i) * 256n;
    vnetBlocks.push(vnetFirst);
    ranges.push({ name: vnet, cidr: Cidr.fromNumber(vnetFirst, 24, 4), kind: 'vnet', site });
    for (let s = 0; s < 4; s++) {
      ranges.push({
        name: `${vnet}/snet-${s}`,
        cidr: Cidr.fromNumber(vnetFirst + BigInt(s * 64), 26, 4),
        kind: 'subnet',
        site,
        parent: vnet,
      });
    }
    const lanFirst = i > 0 && pick(200) === 0 ? vnetBlocks[pick(i)] : LAN_BASE + BigInt(i) * 256n;
    ranges.push({ name: `${site}/lan`, cidr: Cidr.fromNumber(lanFirst, 24, 4), kind: 'onprem', site });
    if (i % 5 === 0) {
      const v6 = V6_BASE + (BigInt(i) << 72n);
      ranges.push({ name: vnet, cidr: Cidr.fromNumber(v6, 56, 6), kind: 'vnet', site });
      ranges.push({ name: `${vnet}/snet-0-v6`, cidr: Cidr.fromNumber(v6, 64, 6), kind: 'subnet', site, parent: vnet });
      ranges.push({
        name: `${vnet}/snet-1-v6`,
        cidr: Cidr.fromNumber(v6 + (1n << 64n), 64, 6),
        kind: 'subnet',
        site,
        parent: vnet,
      });
    }
    if (i % 50 === 0) {
      ranges.push({
        name: `${site}/p2s`,
        cidr: Cidr.fromNumber(POOL_BASE + BigInt(i / 50) * 256n, 24, 4),
        kind: 'vpn-client-pool',
        site,
      });
    }
  }
  return ranges.slice(0, size);
}
