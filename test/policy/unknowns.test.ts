// SPDX-License-Identifier: Apache-2.0
import { problemFinding } from '../../lib/policy/builtin';
import { EXPOSURE_FIELDS, unknownSeverity } from '../../lib/policy/unknowns';
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
