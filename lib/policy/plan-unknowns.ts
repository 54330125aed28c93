// SPDX-License-Identifier: Apache-2.0
/** Shared by the address-plan rules: every range that could not enter the plan is an unknown. */
import type { ModelAddressPlan, UnknownRange } from '../model/plan';
import { addressPlanOf, SiteRangesMemo } from '../model/plan';
import type { NetworkModel, Site } from '../model/types';
import type { RuleResult } from './rule';
import { cannotEvaluate } from './rule';

/** One unknown result per range that could not be placed in the address plan. */
export function planUnknowns(unknowns: readonly UnknownRange[], expected: string): RuleResult[] {
  return unknowns.map((u) => {
    const colon = u.what.indexOf(': ');
    return cannotEvaluate(u.path, u.what.slice(0, colon), u.what.slice(colon + 2), expected, { site: u.site });
  });
}

/** Plans by model: three estate rules read the same plan, and building it is most of their cost. */
const PLANS = new WeakMap<NetworkModel, ModelAddressPlan>();
/** Each site's own ranges by model: the estate plan and the custo group plans read the same ones. */
const MEMOS = new WeakMap<NetworkModel, SiteRangesMemo>();

function memoOf(model: NetworkModel): SiteRangesMemo {
  let memo = MEMOS.get(model);
  if (memo === undefined) MEMOS.set(model, (memo = new SiteRangesMemo()));
  return memo;
}

/** The model's address plan, built once per model; rules only read it, never add to it. */
export function estatePlan(model: NetworkModel): ModelAddressPlan {
  let plan = PLANS.get(model);
  if (plan === undefined) {
    plan = addressPlanOf(model, memoOf(model));
    PLANS.set(model, plan);
  }
  return plan;
}

/** The address plan of some of the model's sites (as if they were the estate), from the ranges the estate plan read. */
export function sitesPlan(model: NetworkModel, sites: Site[]): ModelAddressPlan {
  return addressPlanOf({ version: model.version, sites }, memoOf(model));
}
