// SPDX-License-Identifier: Apache-2.0
/** Every rule the engine knows, by slug. Packs refer to rules only through these slugs. */
import { applicationRuleProtocols } from './rules/application-rule-protocols';
import { azureExplicitProxy } from './rules/azure-explicit-proxy';
import { azureRegion } from './rules/azure-region';
import { azureVpnGatewaySku } from './rules/azure-vpn-gateway-sku';
import { azureZones } from './rules/azure-zones';
import { cidrNoOverlap } from './rules/cidr-no-overlap';
import { cidrReserved } from './rules/cidr-reserved';
import { custoCentrePublicIp } from './rules/custo-centre-public-ip';
import { custoDyndnsIp } from './rules/custo-dyndns-ip';
import { custoInboundPort } from './rules/custo-inbound-port';
import { custoMode } from './rules/custo-mode';
import { custoVpnNoOverlap } from './rules/custo-vpn-no-overlap';
import { dnsProxyClients } from './rules/dns-proxy-clients';
import { egressByHostname } from './rules/egress-by-hostname';
import { egressPath } from './rules/egress-path';
import { extractionHostOs } from './rules/extraction-host-os';
import { firewallLogs } from './rules/firewall-logs';
import { ftpProtocolPorts } from './rules/ftp-protocol-ports';
import { hl7AgentSpof } from './rules/hl7-agent-spof';
import { hl7Encrypted } from './rules/hl7-encrypted';
import { inboundAdmin } from './rules/inbound-admin';
import { inboundDeclared } from './rules/inbound-declared';
import { inboundSourcesRestricted } from './rules/inbound-sources-restricted';
import { ipsecStrong } from './rules/ipsec-strong';
import { natIdleTimeout } from './rules/nat-idle-timeout';
import { networkFqdnDnsProxy } from './rules/network-fqdn-dns-proxy';
import { noAnyEgress } from './rules/no-any-egress';
import { noInboundToGateway } from './rules/no-inbound-to-gateway';
import { onepacsDedicated } from './rules/onepacs-dedicated';
import { onepacsStaticIp } from './rules/onepacs-static-ip';
import { platformSubnets } from './rules/platform-subnets';
import { privateAddressing } from './rules/private-addressing';
import { proxyExceptions } from './rules/proxy-exceptions';
import { proxyKind } from './rules/proxy-kind';
import { pskNotLiteral } from './rules/psk-not-literal';
import { publicDnsResolution } from './rules/public-dns-resolution';
import { requiredEgressFlows } from './rules/required-egress-flows';
import { ruleShadowed } from './rules/rule-shadowed';
import { subnetContained } from './rules/subnet-contained';
import { tlsBypass } from './rules/tls-bypass';
import { tlsInspectionCa } from './rules/tls-inspection-ca';
import { tlsMinimum } from './rules/tls-minimum';
import { vpnPeersMatch } from './rules/vpn-peers-match';
import type { Rule } from './rule';

/**
 * All rules, sorted by slug (a test holds this list to the files of lib/policy/rules). Each rule
 * declares its params schema, and packs are checked against it when loaded, so the registry holds `Rule<any>`.
 */
// A rule's check takes its own params, so Rule<P> is not a Rule<unknown>: the registry holds them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RULES: readonly Rule<any>[] = [
  applicationRuleProtocols,
  azureExplicitProxy,
  azureRegion,
  azureVpnGatewaySku,
  azureZones,
  cidrNoOverlap,
  cidrReserved,
  custoCentrePublicIp,
  custoDyndnsIp,
  custoInboundPort,
  custoMode,
  custoVpnNoOverlap,
  dnsProxyClients,
  egressByHostname,
  egressPath,
  extractionHostOs,
  firewallLogs,
  ftpProtocolPorts,
  hl7AgentSpof,
  hl7Encrypted,
  inboundAdmin,
  inboundDeclared,
  inboundSourcesRestricted,
  ipsecStrong,
  natIdleTimeout,
  networkFqdnDnsProxy,
  noAnyEgress,
  noInboundToGateway,
  onepacsDedicated,
  onepacsStaticIp,
  platformSubnets,
  privateAddressing,
  proxyExceptions,
  proxyKind,
  pskNotLiteral,
  publicDnsResolution,
  requiredEgressFlows,
  ruleShadowed,
  subnetContained,
  tlsBypass,
  tlsInspectionCa,
  tlsMinimum,
  vpnPeersMatch,
];

const BY_SLUG = new Map(RULES.map((rule) => [rule.slug, rule]));

/** The rule with this slug, or undefined. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ruleBySlug(slug: string): Rule<any> | undefined {
  return BY_SLUG.get(slug);
}
