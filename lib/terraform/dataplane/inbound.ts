// SPDX-License-Identifier: Apache-2.0
/** Public load balancers and application gateways: inbound paths of the data plane. */
import type { AppGateway, LoadBalancer, LoadBalancerRule } from '../../model/dataplane';
import type { Maybe } from '../../model/types';
import { unknown } from '../../model/types';
import type { SiteContext } from '../context';
import { refAddress, refList } from './refs';

/** NIC addresses behind each backend pool and each NAT rule. */
function backends(ctx: SiteContext): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (type: string, attribute: string) => {
    for (const a of ctx.ofType(type)) {
      ctx.read(a, (r) => {
        const nic = refAddress(r, 'network_interface_id');
        const target = refAddress(r, attribute);
        if (typeof nic !== 'string' || typeof target !== 'string') return;
        found.set(target, [...(found.get(target) ?? []), nic]);
      });
    }
  };
  add('azurerm_network_interface_backend_address_pool_association', 'backend_address_pool_id');
  add('azurerm_network_interface_nat_rule_association', 'nat_rule_id');
  return found;
}

export function readLoadBalancers(ctx: SiteContext): LoadBalancer[] {
  const nicsOf = backends(ctx);
  const rules = new Map<string, LoadBalancerRule[]>();
  const add = (type: string, kind: 'nat' | 'balance') => {
    for (const rule of ctx.ofType(type)) {
      ctx.read(rule, (r) => {
        const lb = refAddress(r, 'loadbalancer_id');
        if (typeof lb !== 'string') return;
        const pools = kind === 'balance' ? refList(ctx.index, r, 'backend_address_pool_ids').resources : [];
        rules.set(lb, [
          ...(rules.get(lb) ?? []),
          {
            name: r.text('name') ?? rule.address,
            address: rule.address,
            kind,
            publicIp: unknown(`${rule.address}: frontend ${r.text('frontend_ip_configuration_name') ?? ''}`),
            protocol: r.str('protocol') ?? unknown(`${rule.address}.protocol`),
            frontendPort: r.str('frontend_port') ?? unknown(`${rule.address}.frontend_port`),
            backendPort: r.str('backend_port') ?? unknown(`${rule.address}.backend_port`),
            backendNics:
              kind === 'nat' ? (nicsOf.get(rule.address) ?? []) : pools.flatMap((p) => nicsOf.get(p.address) ?? []),
          },
        ]);
      });
    }
  };
  add('azurerm_lb_rule', 'balance');
  add('azurerm_lb_nat_rule', 'nat');
  return ctx.ofType('azurerm_lb').map((lb) =>
    ctx.read(lb, (r) => {
      const frontends = new Map<string, Maybe<string>>();
      for (const f of r.blocks('frontend_ip_configuration')) {
        const ip = refAddress(f, 'public_ip_address_id');
        frontends.set(f.text('name') ?? '', ip ?? unknown(`${lb.address}: private frontend`));
      }
      const withFrontend = (rule: LoadBalancerRule): LoadBalancerRule => {
        const name = /frontend (.*)$/.exec(typeof rule.publicIp === 'string' ? '' : rule.publicIp.unknown)?.[1];
        const ip = name === undefined ? undefined : frontends.get(name);
        return ip === undefined ? rule : { ...rule, publicIp: ip };
      };
      return {
        name: r.text('name') ?? lb.address,
        address: lb.address,
        sku: r.str('sku') ?? 'Basic',
        rules: (rules.get(lb.address) ?? []).map(withFrontend),
      };
    }),
  );
}

export function readAppGateways(ctx: SiteContext): AppGateway[] {
  return ctx.ofType('azurerm_application_gateway').map((g) =>
    ctx.read(g, (r) => {
      const frontends = new Map<string, Maybe<string>>();
      for (const f of r.blocks('frontend_ip_configuration')) {
        const ip = refAddress(f, 'public_ip_address_id');
        frontends.set(f.text('name') ?? '', ip ?? unknown(`${g.address}: private frontend`));
      }
      const ports = new Map<string, Maybe<string>>();
      for (const p of r.blocks('frontend_port'))
        ports.set(p.text('name') ?? '', p.str('port') ?? unknown(`${g.address}.frontend_port`));
      return {
        name: r.text('name') ?? g.address,
        address: g.address,
        listeners: r.blocks('http_listener').map((l) => ({
          name: l.text('name') ?? '(listener)',
          publicIp:
            frontends.get(l.text('frontend_ip_configuration_name') ?? '') ?? unknown(`${g.address}: listener frontend`),
          port: ports.get(l.text('frontend_port_name') ?? '') ?? unknown(`${g.address}: listener port`),
          protocol: l.str('protocol') ?? unknown(`${g.address}: listener protocol`),
        })),
        backends: r
          .blocks('backend_address_pool')
          .flatMap((b) => [...b.strings('ip_addresses'), ...b.strings('fqdns')]),
      };
    }),
  );
}

/** Subnets application gateways sit in (their role). */
export function appGatewaySubnets(ctx: SiteContext): Set<string> {
  const found = new Set<string>();
  for (const g of ctx.ofType('azurerm_application_gateway')) {
    ctx.read(g, (r) => {
      for (const c of r.blocks('gateway_ip_configuration')) {
        const subnet = refAddress(c, 'subnet_id');
        if (typeof subnet === 'string') found.add(subnet);
      }
    });
  }
  return found;
}
