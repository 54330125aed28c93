// SPDX-License-Identifier: Apache-2.0
/**
 * Sharing the firewall part of a walk between the subnets of a site. Past the firewall, a
 * packet's source is read only by the firewall rules' source patterns (and by the NSGs of a
 * delivery, which a shared segment never holds). A segment that records each answer those
 * patterns gave serves another source that gets the same answers: the evaluation is
 * deterministic, so it takes the same branches and makes the same hops.
 */
import type { Maybe } from '../model/types';
import type { Endpoint } from './match';
import { anyAddress } from './match';
import type { Hop, Tri, Verdict } from './types';
import { isTriUnknown } from './types';

/** One question a firewall asked of the source: whether any of `patterns` covers it. */
interface SourceQuery {
  readonly patterns: readonly Maybe<string>[];
  readonly answer: Tri;
}

/** Answers the firewall rules' source questions and remembers them. */
export class SourceLog {
  public readonly queries: SourceQuery[] = [];

  /** Whether any of the rule's source patterns covers `source`, as the firewall matches it. */
  public covers(patterns: readonly Maybe<string>[], source: Endpoint): Tri {
    const answer = anyAddress(patterns, source, []);
    this.queries.push({ patterns, answer });
    return answer;
  }
}

/** The hops and end of a walk from the firewall on, and what it asked of the source. */
export interface Segment {
  readonly queries: readonly SourceQuery[];
  readonly hops: readonly Hop[];
  readonly end: Verdict;
}

const sameTri = (a: Tri, b: Tri): boolean => a === b || (isTriUnknown(a) && isTriUnknown(b) && a.unknown === b.unknown);

/** Segments of one firewall by packet (destination, protocol, port): each serves the sources that answer alike. */
export class SegmentCache {
  private readonly byPacket = new Map<string, Segment[]>();

  /** A segment recorded for this packet whose source questions `source` answers the same way. */
  public find(key: string, source: Endpoint): Segment | undefined {
    const segments = this.byPacket.get(key);
    if (segments === undefined) return undefined;
    return segments.find((s) => s.queries.every((q) => sameTri(anyAddress(q.patterns, source, []), q.answer)));
  }

  public add(key: string, segment: Segment): void {
    const segments = this.byPacket.get(key);
    if (segments === undefined) this.byPacket.set(key, [segment]);
    else segments.push(segment);
  }
}
