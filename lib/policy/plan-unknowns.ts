// SPDX-License-Identifier: Apache-2.0
/** Shared by the address-plan rules: every range that could not enter the plan is an unknown. */
import type { ModelAddressPlan, UnknownRange } from '../model/plan';
import { addressPlanOf, SiteRangesMemo } from '../model/plan';
import type { NetworkModel, Site } from '../model/types';
import type { RuleMemo, RuleResult } from './rule';
import { cannotEvaluate, memoSlot } from './rule';

/** One unknown result per range that could not be placed in the address plan. */
export function planUnknowns(unknowns: readonly UnknownRange[], expected: string): RuleResult[] {
  return unknowns.map((u) => {
    const colon = u.what.indexOf(': ');
    return cannotEvaluate(u.path, u.what.slice(0, colon), u.what.slice(colon + 2), expected, { site: u.site });
  });
}

/** The estate's address plan: three estate rules read the same plan, and building it is most of their cost. */
const PLAN = memoSlot<ModelAddressPlan>('address plan');
/** Each site's own ranges: the estate plan and the custo group plans read the same ones. */
const RANGES = memoSlot<SiteRangesMemo>('site ranges');

const rangesOf = (model: NetworkModel, memo: RuleMemo): SiteRangesMemo =>
  memo.get(RANGES, model, () => new SiteRangesMemo());

/** The model's address plan, built once per evaluation; rules only read it, never add to it. */
export function estatePlan(model: NetworkModel, memo: RuleMemo): ModelAddressPlan {
  return memo.get(PLAN, model, () => addressPlanOf(model, rangesOf(model, memo)));
}

/** The address plan of some of the model's sites (as if they were the estate), from the ranges the estate plan read. */
export function sitesPlan(model: NetworkModel, sites: Site[], memo: RuleMemo): ModelAddressPlan {
  return addressPlanOf({ version: model.version, sites }, rangesOf(model, memo));
}
