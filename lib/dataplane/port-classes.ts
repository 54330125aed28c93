// SPDX-License-Identifier: Apache-2.0
/**
 * Ports the data plane cannot tell apart. An outbound packet's port matters only through the
 * port patterns it is matched against (NSG rules, firewall rules and their application
 * protocols, DNAT rules, load-balancer rules, application-gateway listeners); two ports that
 * every pattern of the estate covers alike take the same path with the same verdict. So a
 * port range is traced once per class, at the class's first port, instead of port by port.
 */
import type { DataPlane } from '../model/dataplane';
import type { Maybe, NetworkModel } from '../model/types';
import { isUnknown } from '../model/types';
import { applicationPort } from './firewall';
import { portRange } from './match';

const boundariesByModel = new WeakMap<NetworkModel, readonly number[]>();

/** `443`, `3000-3010`: where a pattern's covered ports start and stop (`*` and unreadable text cover all ports alike). */
function patternBounds(pattern: Maybe<string> | undefined, into: Set<number>): void {
  const range = pattern === undefined || isUnknown(pattern) ? undefined : portRange(pattern);
  if (range === undefined || range === '*') return;
  into.add(range.from);
  into.add(range.to + 1);
}

/** `Https:443` of an application rule: its port, as the firewall evaluator reads it. */
function applicationPortBounds(pattern: Maybe<string>, into: Set<number>): void {
  if (isUnknown(pattern)) return;
  const port = applicationPort(pattern);
  if (Number.isInteger(port)) {
    into.add(port);
    into.add(port + 1);
  }
}

function planeBounds(plane: DataPlane, into: Set<number>): void {
  const each = (patterns: readonly Maybe<string>[]) => patterns.forEach((p) => patternBounds(p, into));
  for (const nsg of plane.nsgs) for (const rule of nsg.rules) each(rule.destinationPorts);
  for (const policy of plane.policies)
    for (const group of policy.groups)
      for (const collection of group.collections)
        for (const rule of collection.rules) {
          each(rule.ports);
          rule.protocols.forEach((p) => applicationPortBounds(p, into));
          patternBounds(rule.translated?.port, into);
        }
  for (const lb of plane.loadBalancers)
    for (const rule of lb.rules) {
      patternBounds(rule.frontendPort, into);
      patternBounds(rule.backendPort, into);
    }
  for (const gateway of plane.appGateways) for (const listener of gateway.listeners) patternBounds(listener.port, into);
}

/** Every port where some pattern of the estate starts or stops covering, ascending. */
function boundaries(model: NetworkModel): readonly number[] {
  let found = boundariesByModel.get(model);
  if (found === undefined) {
    const set = new Set<number>();
    for (const site of model.sites) if (site.dataplane !== undefined) planeBounds(site.dataplane, set);
    found = [...set].sort((a, b) => a - b);
    boundariesByModel.set(model, found);
  }
  return found;
}

/**
 * The first port of each class within `from`–`to` (inclusive), ascending: tracing these
 * gives every verdict the range has, and the first port of the range with each verdict.
 */
export function portClasses(model: NetworkModel, from: number, to: number): number[] {
  const firsts = [from];
  for (const b of boundaries(model)) if (b > from && b <= to) firsts.push(b);
  return firsts;
}
