// SPDX-License-Identifier: Apache-2.0
/** Small, hand-built evaluations shared by the report tests. */
import type { Evaluation, Suppression } from '../../lib/policy/evaluation';
import type { Finding } from '../../lib/policy/finding';

/** A finding with sensible defaults; override what the test is about. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  const requirement = overrides.requirement ?? 'LUMOS-BY-HOSTNAME';
  return {
    rule: 'egress-by-hostname',
    requirement,
    severity: 'error',
    kind: 'violation',
    pack: 'lumos',
    site: 'nsw-gp-parramatta',
    path: 'azurerm_firewall_policy_rule_collection_group.egress',
    message: `[${requirement}] rule names an IP address — got 203.0.113.7, expected csu.cherel.org.au; fix: use destination_fqdns`,
    remediation: 'Name csu.cherel.org.au in destination_fqdns instead of an address.',
    source: 'Lumos PenCS network configuration guide, Outbound Traffic Destination Ports',
    ...overrides,
  };
}

/** A suppression with sensible defaults. */
export function suppression(overrides: Partial<Suppression> = {}): Suppression {
  return {
    id: 'LUMOS-TLS12',
    reason: 'Vendor confirmed the proxy upgrade lands next quarter',
    owner: 'netops@example.org',
    expires: '2099-12-31',
    declaredAt: 'suppressions.yaml:2',
    ...overrides,
  };
}

/** Two sites, every severity, one estate-wide finding, one suppressed finding, two suppressions (listed out of order on purpose). */
export function mixedEvaluation(): Evaluation {
  const tls = suppression({ site: 'nsw-gp-parramatta' });
  const unused = suppression({
    id: 'CUSTO-INBOUND-SOURCES',
    declaredAt: 'suppressions.yaml:8',
    path: 'azurerm_firewall_policy_rule_collection_group.inbound',
  });
  return {
    findings: [
      finding({
        severity: 'info',
        requirement: 'HL7-AGENT-SPOF',
        rule: 'hl7-agent-spof',
        pack: 'hl7',
        site: 'vic-clinic-geelong',
      }),
      finding({
        severity: 'warning',
        requirement: 'BASE-FIREWALL-LOGS',
        rule: 'firewall-logs',
        pack: 'baseline',
        kind: 'unknown',
      }),
      finding(),
      finding({
        site: '*',
        requirement: 'BASE-CIDR-NO-OVERLAP',
        rule: 'cidr-no-overlap',
        pack: 'baseline',
        path: 'azurerm_virtual_network.main',
      }),
    ],
    suppressed: [{ finding: finding({ requirement: 'LUMOS-TLS12', rule: 'tls-minimum' }), suppression: tls }],
    suppressions: [
      { suppression: unused, state: 'unused', matched: 0 },
      { suppression: tls, state: 'applied', matched: 1 },
    ],
  };
}

/** Nothing found, nothing suppressed. */
export function cleanEvaluation(): Evaluation {
  return { findings: [], suppressed: [], suppressions: [] };
}
