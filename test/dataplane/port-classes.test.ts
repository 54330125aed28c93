// SPDX-License-Identifier: Apache-2.0
import { portClasses } from '../../lib/dataplane/port-classes';
import type { DataPlane, FirewallRule } from '../../lib/model/dataplane';
import { EMPTY_DATA_PLANE } from '../../lib/model/dataplane';
import type { NetworkModel, Site } from '../../lib/model/types';
import { unknown } from '../../lib/model/types';

/** A model of one site whose data plane is EMPTY with `plane` on top. */
function modelWith(plane: Partial<DataPlane>): NetworkModel {
  const site = { name: 'clinic', dataplane: { ...EMPTY_DATA_PLANE, ...plane } } as unknown as Site;
  return { version: 1, sites: [site] };
}

const rule = (r: Partial<FirewallRule>): FirewallRule => ({
  name: 'r',
  sources: ['*'],
  destinations: ['*'],
  fqdns: [],
  fqdnTags: [],
  webCategories: [],
  protocols: ['TCP'],
  ports: [],
  ...r,
});

const policyWith = (kind: 'network' | 'application' | 'dnat', rules: FirewallRule[]): Partial<DataPlane> => ({
  policies: [
    {
      name: 'p',
      address: 'azurerm_firewall_policy.p',
      threatIntelMode: 'Alert',
      dnsProxy: true,
      groups: [
        {
          name: 'g',
          address: 'g',
          priority: 100,
          collections: [{ name: 'c', kind, priority: 100, action: 'Allow', rules }],
        },
      ],
    },
  ],
});

describe('portClasses', () => {
  test('a range no pattern cuts is one class, traced at its first port', () => {
    expect(portClasses(modelWith({}), 3000, 3010)).toEqual([3000]);
    expect(portClasses(modelWith(policyWith('network', [rule({ ports: ['3000-3010'] })])), 3000, 3010)).toEqual([3000]);
  });

  test("a network rule's port or range starts a class where it starts and where it stops", () => {
    const model = modelWith(policyWith('network', [rule({ ports: ['3005', ' 3008 - 3020 '] })]));
    expect(portClasses(model, 3000, 3010)).toEqual([3000, 3005, 3006, 3008]);
    // A boundary at the range's own first port, or just past its last, starts no class inside it.
    expect(portClasses(model, 3005, 3005)).toEqual([3005]);
    expect(portClasses(model, 3021, 3030)).toEqual([3021]);
  });

  test("application rules' protocol ports, DNAT translations, NSG, load balancer and gateway ports all cut", () => {
    const https = modelWith(policyWith('application', [rule({ protocols: ['Https:443'] })]));
    expect(portClasses(https, 440, 446)).toEqual([440, 443, 444]);
    const dnat = modelWith(
      policyWith('dnat', [rule({ ports: ['8443'], translated: { address: '10.0.1.4', port: '22' } })]),
    );
    expect(portClasses(dnat, 20, 25)).toEqual([20, 22, 23]);
    const nsg = modelWith({
      nsgs: [
        {
          name: 'nsg',
          address: 'nsg',
          rules: [
            {
              name: 'r',
              address: 'nsg',
              priority: 100,
              direction: 'Outbound',
              access: 'Deny',
              protocol: 'Tcp',
              sources: ['*'],
              destinations: ['*'],
              sourcePorts: ['1000-2000'],
              destinationPorts: ['991'],
            },
          ],
        },
      ],
    });
    // Source ports are not matched against the packet's destination port: they cut nothing.
    expect(portClasses(nsg, 990, 1500)).toEqual([990, 991, 992]);
    const lb = modelWith({
      loadBalancers: [
        {
          name: 'lb',
          address: 'lb',
          sku: 'Standard',
          rules: [
            {
              name: 'r',
              address: 'r',
              kind: 'nat',
              publicIp: 'pip',
              protocol: 'Tcp',
              frontendPort: '50001',
              backendPort: '3389',
              backendNics: [],
            },
          ],
        },
      ],
      appGateways: [
        {
          name: 'agw',
          address: 'agw',
          listeners: [{ name: 'l', publicIp: 'pip', port: '8080', protocol: 'Http' }],
          backends: [],
        },
      ],
    });
    expect(portClasses(lb, 3388, 3390)).toEqual([3388, 3389, 3390]);
    expect(portClasses(lb, 50000, 50002)).toEqual([50000, 50001, 50002]);
    expect(portClasses(lb, 8079, 8081)).toEqual([8079, 8080, 8081]);
  });

  test('`*`, unknown and unreadable patterns cover every port alike: they cut nothing', () => {
    const model = modelWith(policyWith('network', [rule({ ports: ['*', unknown('var.port'), '80,443', 'http'] })]));
    expect(portClasses(model, 1, 65535)).toEqual([1]);
  });
});
