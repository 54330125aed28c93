// SPDX-License-Identifier: Apache-2.0
/**
 * clinicnet without cdktf: value objects, the network model, the policy engine, the
 * terraform reader, reports, review and hand-over artefacts. Plain Terraform / OpenTofu
 * users need only this. The constructs are a separate entry point, `clinicnet/constructs`.
 */
export * from './core/errors';
export { Cidr, type IpVersion } from './net/cidr';
export { Port, type PortProtocol } from './net/port';
export { Fqdn } from './net/fqdn';
export { TlsVersion } from './net/tls-version';
export * from './net/address-plan';
export * from './model/types';
export { canonicalModel } from './model/canonical';
export { validateModel } from './model/validate';
export { addressPlanOf } from './model/plan';
export * from './policy/finding';
export * from './policy/evaluation';
export { evaluate, type EvaluateOptions } from './policy/engine';
export { builtinPacks, loadPack, type Pack } from './policy/pack';
export { loadPacks, selectPacks, type SelectedPacks } from './policy/load-packs';
export { vendorFlows, type VendorFlow, type RequiredFlow, type EgressMethod } from './policy/vendor-flows';
export { parseSuppression } from './policy/suppressions';
export * from './terraform';
export { renderReport, REPORT_FORMATS } from './report/render';
export { toJsonReport, renderJsonReport } from './report/json';
export * from './review';
export * from './artefacts';
