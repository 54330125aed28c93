// SPDX-License-Identifier: Apache-2.0
/**
 * A vendor's required egress flows (hosts, ports, protocols) as its pack states them, in
 * the `required-egress-flows` entries. The rule checks them and `allowVendor` emits them:
 * both read them here, so the check and the construct cannot drift apart.
 */
import { APP_PROTOCOLS } from '../model/types';
import type { AppProtocol, Site } from '../model/types';
import type { Pack } from './pack';
import { entryApplies } from './applies';
import type { ParamsSchema } from './rule';
import { HOSTNAME_SCHEMA } from './host-schema';

/** The slug of the rule whose entries carry a vendor's flows. */
export const REQUIRED_EGRESS_FLOWS = 'required-egress-flows';

/** One flow an obligation needs: TCP/UDP port or range to a hostname. */
export interface RequiredFlow {
  readonly host: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: string;
  /** How the flow is emitted by `site.allowVendor` (the check ignores it). */
  readonly app: AppProtocol;
}

/** A way to meet the obligation; the site must allow every flow of at least one method. */
export interface EgressMethod {
  readonly name: string;
  readonly flows: RequiredFlow[];
}

export interface RequiredEgressFlowsParams {
  /** Alternatives in the vendor's order of preference. */
  readonly methods: EgressMethod[];
}

/** Schema of one {@link RequiredFlow}, as packs write it. */
export const REQUIRED_FLOW_SCHEMA: ParamsSchema<RequiredFlow> = {
  description: 'One flow.',
  type: 'object',
  additionalProperties: false,
  properties: {
    host: HOSTNAME_SCHEMA,
    protocol: {
      description: 'Transport protocol.',
      type: 'string',
      enum: ['tcp', 'udp'],
    },
    port: {
      description: 'A port or range in Azure form: `443` or `3000-3010`.',
      type: 'string',
      pattern: '^[0-9]{1,5}(-[0-9]{1,5})?$',
    },
    app: {
      description: 'Application protocol of the flow, used when site.allowVendor emits it.',
      type: 'string',
      enum: [...APP_PROTOCOLS],
    },
  },
  required: ['host', 'protocol', 'port', 'app'],
};

/** Schema of {@link RequiredEgressFlowsParams}: pack files are checked against it. */
export const REQUIRED_EGRESS_FLOWS_PARAMS: ParamsSchema<RequiredEgressFlowsParams> = {
  description: 'Obligation: the flows the vendor needs, as alternative methods.',
  type: 'object',
  additionalProperties: false,
  properties: {
    methods: {
      description: "Accepted methods in the vendor's order of preference; one complete method meets the obligation.",
      type: 'array',
      items: {
        description: 'One way to meet the obligation.',
        type: 'object',
        additionalProperties: false,
        properties: {
          name: {
            description: 'Short name of the method (`HTTPS`, `FTPS`).',
            type: 'string',
            minLength: 1,
          },
          flows: {
            description: 'Every flow the method needs.',
            type: 'array',
            items: REQUIRED_FLOW_SCHEMA,
            minItems: 1,
          },
        },
        required: ['name', 'flows'],
      },
      minItems: 1,
    },
  },
  required: ['methods'],
};

/** A required flow with the pack entry it serves. */
export interface VendorFlow extends RequiredFlow {
  readonly requirement: string;
  readonly title: string;
}

/**
 * The flows a pack requires at a site: for each `required-egress-flows` entry that applies
 * to the site (the engine's own test, {@link entryApplies}), every flow of the chosen method.
 * `chooseMethod` picks among an entry's methods; by default the preferred, first one.
 */
export function vendorFlows(
  pack: Pack,
  site: Pick<Site, 'vendor'>,
  chooseMethod: (methods: readonly EgressMethod[]) => EgressMethod = (methods) => methods[0],
): VendorFlow[] {
  return pack.requirements
    .filter((e) => e.rule === REQUIRED_EGRESS_FLOWS && entryApplies(e, site))
    .flatMap((e) =>
      chooseMethod((e.params as unknown as RequiredEgressFlowsParams).methods).flows.map((f) => ({
        ...f,
        requirement: e.requirement,
        title: e.title,
      })),
    );
}

/**
 * Every flow of every method of the packs' `required-egress-flows` entries, whatever the site
 * declares: what each vendor says a host and port carry. Construction and BASE-APP-RULE-PROTOCOLS
 * hold a declared flow's application protocol to it (FTPS on an HTTPS label is still FTPS).
 */
export function everyVendorFlow(packs: readonly Pack[]): VendorFlow[] {
  return packs.flatMap((pack) =>
    pack.requirements
      .filter((e) => e.rule === REQUIRED_EGRESS_FLOWS)
      .flatMap((e) =>
        (e.params as unknown as RequiredEgressFlowsParams).methods.flatMap((method) =>
          method.flows.map((f) => ({ ...f, requirement: e.requirement, title: e.title })),
        ),
      ),
  );
}
