// SPDX-License-Identifier: Apache-2.0
/** The clinicnet constructs: the only part of clinicnet that needs cdktf. */
export * from './clinic-estate';
export * from './clinic-site';
export { AllocationLedger, DEFAULT_LEDGER_FILE, type CollectionOrder } from './ledger';
export type { AddressEgressProps, HostnameEgressProps } from './egress';
export * from './nat-egress';
export { registerPack, packsOf } from './packs';
export * from './port-forward';
export * from './proxy-bypass-list';
export * from './shared-key';
export * from './site-to-site-vpn';
export { VpnGateway, type VpnGatewayProps } from './vpn-gateway';
export {
  REPORT_FILE,
  runGate,
  siteArtefactDir,
  type GateMode,
  type GateOutcome,
  type GatePhase,
  type PolicyGateOptions,
} from './policy-gate';
export type { PublishResult } from './publish';
export * from './suppressions';
export * from './synth';
