// SPDX-License-Identifier: Apache-2.0
/** What `trace` is asked and what it answers. */
import type { Cidr } from '../net/cidr';

/** Where a traced packet starts: a whole site, one subnet, an address in the estate, or the internet. */
export type TraceFrom =
  | {
      readonly kind: 'internet';
      /** The internet addresses the packet comes from. @default any internet address */
      readonly source?: Cidr;
    }
  | { readonly kind: 'site'; readonly site: string }
  | { readonly kind: 'subnet'; readonly site: string; readonly subnet: string }
  | { readonly kind: 'address'; readonly address: Cidr };

/** Where it goes: a hostname, or an address / CIDR (or a public IP resource by Terraform address). */
export type TraceTo =
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'address'; readonly address: Cidr }
  | {
      readonly kind: 'public-ip';
      /** The `azurerm_public_ip` by Terraform address (or by its `name`). */
      readonly resource: string;
      /**
       * The site whose stack holds it: Terraform addresses repeat across stacks (every stack has
       * its `azurerm_public_ip.fw`). @default the `from` site when it holds one, else the only
       * site that does; several → TRACE-TO-AMBIGUOUS
       */
      readonly site?: string;
    };

export interface TraceQuery {
  readonly from: TraceFrom;
  readonly to: TraceTo;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  /**
   * A request the client hands to its firewall's explicit proxy, over HTTP or HTTPS: the packet
   * goes to the proxy's port, and only application rules decide. @default absent: a direct packet
   */
  readonly viaProxy?: ProxyScheme;
}

/** How a client hands a request to the explicit proxy: to its HTTP port, or its HTTPS port (CONNECT). */
export type ProxyScheme = 'http' | 'https';

export type Verdict = 'allowed' | 'denied' | 'unknown';

/** What one hop did with the packet: `pass` lets it on without deciding, `unknown` names what it could not know. */
export type HopDecision = 'allow' | 'deny' | 'pass' | 'unknown';

export interface Hop {
  /** `source`, `nsg-outbound`, `route`, `firewall`, `threat-intel`, `snat`, `nat-gateway`, `vpn`, `dnat`, `entry`, `nsg-inbound`, `deliver`. */
  readonly step: string;
  /** Terraform address of the element that decided (or `azure` for Azure's defaults). */
  readonly address: string;
  /** The rule, route or setting that decided; empty when none. */
  readonly rule: string;
  readonly decision: HopDecision;
  readonly detail: string;
}

export interface TraceResult {
  readonly verdict: Verdict;
  readonly hops: Hop[];
}

/** A three-valued answer: true, false, or unknown with the reason (what could not be known). */
export type Tri = boolean | { readonly unknown: string };

export const isTriUnknown = (t: Tri): t is { readonly unknown: string } => typeof t === 'object';

/** Any of the answers true → true; else the first unknown; else false. */
export function anyOf(values: readonly Tri[]): Tri {
  return anyOfEach(values, (v) => v);
}

/** {@link anyOf} of what `test` answers for each item, asked in order, without an array of answers (hot paths). */
export function anyOfEach<T>(items: readonly T[], test: (item: T) => Tri): Tri {
  let firstUnknown: Tri = false;
  for (const item of items) {
    const answer = test(item);
    if (answer === true) return true;
    if (firstUnknown === false && isTriUnknown(answer)) firstUnknown = answer;
  }
  return firstUnknown;
}

/** All answers true → true; any false → false; else the first unknown. */
export function allOf(values: readonly Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.find(isTriUnknown) ?? true;
}
