// SPDX-License-Identifier: Apache-2.0
import { problemFinding } from '../../lib/policy/builtin';
import {
  EXPOSURE_ATTRIBUTES,
  EXPOSURE_FIELDS,
  problemSeverity,
  unknownSeverity,
  widensExposure,
} from '../../lib/policy/unknowns';
import { resultSeverity } from '../../lib/policy/engine';
import { cannotEvaluate, violation } from '../../lib/policy/rule';

describe('unknownSeverity', () => {
  test('the listed fields widen exposure: an unknown there is an error', () => {
    for (const field of [
      'EgressFlow.ports',
      'EgressFlow.sources',
      'EgressFlow.addresses',
      'EgressFlow.fqdns',
      'InboundForward.externalPort',
      'InboundForward.sources',
      'InboundForward.internalAddress',
      'NsgRule.sources',
      'PublicIp.association',
      'Subnet.routeTable',
      'NatEgress.subnets',
      'LoadBalancer.frontends',
      'ApplicationGateway.frontends',
    ])
      expect([field, unknownSeverity(field)]).toEqual([field, 'error']);
    expect(EXPOSURE_FIELDS.every((field) => unknownSeverity(field, 'Allow') === 'error')).toBe(true);
  });

  test('an unknown that could only break a required flow, or in a Deny rule, or unnamed, is a warning', () => {
    for (const field of [
      'VpnLink.ipsec',
      'ProxySettings.minTlsVersion',
      'NatEgress.idleTimeoutMinutes',
      'EgressFlow.purpose',
    ])
      expect([field, unknownSeverity(field)]).toEqual([field, 'warning']);
    expect(unknownSeverity('EgressFlow.ports', 'Deny')).toBe('warning');
    expect(unknownSeverity(undefined)).toBe('warning');
  });

  test('reader problems take their severity from it', () => {
    const base = { site: '', address: 'azurerm_nat_gateway.n', resourceType: 'azurerm_nat_gateway', message: 'x' };
    expect(problemFinding(base).severity).toBe('warning');
    expect(problemFinding(base).site).toBe('*');
    expect(problemFinding({ ...base, field: 'NatEgress.subnets' }).severity).toBe('error');
  });
});

describe('the engine routes rule unknowns through it', () => {
  test('an unknown result takes the field’s severity, not its requirement’s; a violation keeps its own', () => {
    const unknown = cannotEvaluate('p', 'the ports', 'an expression', 'literal ports', { field: 'EgressFlow.ports' });
    expect(resultSeverity(unknown, 'info')).toBe('error');
    expect(resultSeverity({ ...unknown, action: 'Deny' }, 'error')).toBe('warning');
    expect(resultSeverity({ ...unknown, field: undefined }, 'error')).toBe('warning');
    const broken = violation('p', 'bad', 'x', 'y');
    expect(resultSeverity(broken, 'info')).toBe('info');
    expect(resultSeverity({ ...broken, severity: 'warning' }, 'error')).toBe('warning');
  });
});

describe('problemSeverity: reader problems by Terraform attribute', () => {
  const rcg = 'azurerm_firewall_policy_rule_collection_group';
  const problem = (resourceType: string, attribute?: string, action?: 'Allow' | 'Deny') => ({
    site: 's',
    address: `${resourceType}.x`,
    resourceType,
    message: 'm',
    ...(attribute !== undefined ? { attribute } : {}),
    ...(action !== undefined ? { action } : {}),
  });

  test('sources, destinations and ports of Allow and DNAT rules are errors, whatever the list indices', () => {
    expect(problemSeverity(problem(rcg, 'nat_rule_collection[0].rule[3].source_addresses', 'Allow'))).toBe('error');
    expect(problemSeverity(problem(rcg, 'network_rule_collection[2].rule[0].destination_ports[1]'))).toBe('error');
    expect(problemSeverity(problem(rcg, 'application_rule_collection[0].rule[0].protocols[0].type'))).toBe('error');
  });

  test('a whole block that holds such an attribute is an error; a sibling that cannot widen anything is not', () => {
    expect(problemSeverity(problem(rcg, 'nat_rule_collection'))).toBe('error');
    expect(problemSeverity(problem(rcg, 'network_rule_collection[0].rule'))).toBe('error');
    expect(problemSeverity(problem(rcg, 'network_rule_collection[0].rule[0].description'))).toBe('warning');
    expect(problemSeverity(problem(rcg, 'name'))).toBe('warning');
  });

  test('in a Deny rule nothing can widen exposure', () => {
    expect(problemSeverity(problem(rcg, 'network_rule_collection[0].rule[0].source_addresses', 'Deny'))).toBe(
      'warning',
    );
    expect(problemSeverity(problem('azurerm_network_security_rule', 'source_address_prefix', 'Deny'))).toBe('warning');
    expect(problemSeverity(problem('azurerm_network_security_rule', 'source_address_prefix', 'Allow'))).toBe('error');
  });

  test('associations and front ends are errors; diagnostics, VPN and names are warnings', () => {
    expect(problemSeverity(problem('azurerm_subnet_route_table_association', 'route_table_id'))).toBe('error');
    expect(problemSeverity(problem('azurerm_subnet_nat_gateway_association', 'nat_gateway_id'))).toBe('error');
    expect(problemSeverity(problem('azurerm_network_interface', 'ip_configuration[0].public_ip_address_id'))).toBe(
      'error',
    );
    expect(problemSeverity(problem('azurerm_lb', 'frontend_ip_configuration[0].public_ip_address_id'))).toBe('error');
    expect(problemSeverity(problem('azurerm_application_gateway', 'http_listener'))).toBe('error');
    expect(problemSeverity(problem('azurerm_monitor_diagnostic_setting', 'log_analytics_workspace_id'))).toBe(
      'warning',
    );
    expect(problemSeverity(problem('azurerm_virtual_network_gateway_connection', 'ipsec_policy'))).toBe('warning');
    expect(problemSeverity(problem('azurerm_firewall', 'ip_configuration[0].subnet_id'))).toBe('warning');
    expect(problemSeverity(problem(rcg))).toBe('warning');
  });

  test('a refused clinicnet_site declaration is an error; a named model field decides before the attribute', () => {
    expect(problemSeverity({ ...problem('output'), address: 'output.clinicnet_site' })).toBe('error');
    expect(problemSeverity({ ...problem('output'), address: 'output.other' })).toBe('warning');
    expect(problemSeverity({ ...problem(rcg, 'name'), field: 'EgressFlow.ports' })).toBe('error');
    expect(problemSeverity({ ...problem(rcg, 'nat_rule_collection'), field: 'EgressFlow.purpose' })).toBe('warning');
  });

  test('every listed attribute widens exposure, and only for its own resource type', () => {
    for (const [type, attributes] of Object.entries(EXPOSURE_ATTRIBUTES))
      for (const a of attributes) expect([type, a, widensExposure(type, a)]).toEqual([type, a, true]);
    expect(widensExposure('azurerm_storage_account', 'network_rules')).toBe(false);
    expect(widensExposure(rcg, '')).toBe(false);
  });
});
