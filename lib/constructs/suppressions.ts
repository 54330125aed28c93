// SPDX-License-Identifier: Apache-2.0
/**
 * `Suppressions.of(construct).add({...})`: silences findings at or below a construct.
 * The suppression's path is the construct's path, so it covers every child. Each site's
 * `clinicnet_site` output carries the suppressions that reach it, so the gate (reading the
 * synthesized stacks back), `clinicnet check` and `review` all apply them and report each
 * one, used or not.
 */
import type { IConstruct } from 'constructs';
import type { Suppression } from '../policy/evaluation';
import { parseSuppression } from '../policy/suppressions';

/** What a construct-level suppression declares; the path comes from the construct. */
export interface SuppressionProps {
  /** Requirement id (`LUMOS-TLS12`) or rule slug. */
  readonly id: string;
  /** Why, at least 10 characters. */
  readonly reason: string;
  /** Person or team who answers for it. */
  readonly owner: string;
  /** ISO date (YYYY-MM-DD) after which it becomes an error. */
  readonly expires: string;
}

const REGISTRY = new WeakMap<IConstruct, Suppressions>();
// Per app (tree root), the constructs that have suppressions, so collecting them never walks
// the whole tree (each site collects at synth: a walk per site would be quadratic in estate size).
const DECLARING = new WeakMap<IConstruct, Suppressions[]>();

/** The suppressions declared on one construct. */
export class Suppressions {
  /** The suppressions of `scope` (created on first use). */
  public static of(scope: IConstruct): Suppressions {
    let found = REGISTRY.get(scope);
    if (found === undefined) {
      found = new Suppressions(scope);
      REGISTRY.set(scope, found);
      const declaring = DECLARING.get(scope.node.root) ?? [];
      declaring.push(found);
      DECLARING.set(scope.node.root, declaring);
    }
    return found;
  }

  /** Every suppression declared on `root` or below it, ordered by construct path. */
  public static collect(root: IConstruct): Suppression[] {
    const prefix = root.node.path === '' ? '' : `${root.node.path}/`;
    const within = (s: Suppressions) => s.scope === root || prefix === '' || s.scope.node.path.startsWith(prefix);
    return (DECLARING.get(root.node.root) ?? [])
      .filter(within)
      .sort((a, b) => (a.scope.node.path < b.scope.node.path ? -1 : a.scope.node.path > b.scope.node.path ? 1 : 0))
      .flatMap((s) => s.entries);
  }

  private readonly entries: Suppression[] = [];

  private constructor(private readonly scope: IConstruct) {}

  /** Adds a suppression; throws SUPPRESSION-INVALID for a short reason, no owner or a bad date. */
  public add(props: SuppressionProps): this {
    const path = this.scope.node.path;
    this.entries.push(parseSuppression({ ...props, ...(path !== '' ? { path } : {}) }, path === '' ? '(app)' : path));
    return this;
  }

  /** The suppressions declared here (not inherited ones). */
  public get all(): readonly Suppression[] {
    return this.entries;
  }
}
