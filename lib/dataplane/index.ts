// SPDX-License-Identifier: Apache-2.0
/** The data-plane evaluator: Azure's own semantics for one packet, hop by hop. */
export { trace, traceFromUnknown, traceProxyFromInternet, traceToAmbiguous, traceToSiteUnknown } from './trace';
export type { Hop, HopDecision, ProxyScheme, TraceFrom, TraceQuery, TraceResult, TraceTo, Verdict } from './types';
