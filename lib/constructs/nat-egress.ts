// SPDX-License-Identifier: Apache-2.0
/** Outbound internet through a NAT gateway with static public addresses vendors can allow-list. */
import { Construct } from 'constructs';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NatGatewayPublicIpPrefixAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-prefix-association';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { PublicIpPrefix } from '@cdktf/provider-azurerm/lib/public-ip-prefix';
import { outputName, publicAddressOutput } from './public-outputs';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { defineError } from '../core/errors';
import type { ClinicSite } from './clinic-site';
import { isToken } from './values';
import { recordCallSite } from './call-site';

/** A NAT gateway for a site. */
export interface NatEgressProps {
  /**
   * Number of static Standard public IPs (1–16).
   * @default 1, or 0 when `publicIpPrefixLength` is set
   */
  readonly publicIpCount?: number;
  /**
   * Length (28–31) of a static public IP prefix to use instead of, or besides, single IPs.
   * @default - no prefix
   */
  readonly publicIpPrefixLength?: number;
  /**
   * Minutes an idle TCP flow is kept (4–120). IMMTRAC-TIMEOUTS wants more than 65 seconds.
   * @default 4
   */
  readonly idleTimeoutMinutes?: number;
  /**
   * Subnets to associate (never `GatewaySubnet`).
   * @default `AzureFirewallSubnet`, or every workload subnet when the site has no firewall
   */
  readonly subnets?: string[];
}

const natInvalid = defineError({
  code: 'NAT-INVALID',
  title: 'A NAT egress was declared with props Azure rejects.',
  message: (site: string, got: string, expected: string, fix: string) =>
    `invalid NAT egress on site ${site} — got ${got}, expected ${expected}; fix: ${fix}`,
  example: [
    'immtrac-clinic',
    'idleTimeoutMinutes 1',
    'a whole number from 4 to 120',
    'use 4 or more (IMMTRAC wants at least 2)',
  ],
});

/** A Standard NAT gateway, its static public IP(s) or prefix, and its subnet associations. */
export class NatEgress extends Construct {
  public readonly natGateway: NatGateway;

  public constructor(site: ClinicSite, id: string, props: NatEgressProps = {}) {
    const subnets = validate(site, props);
    super(site, id);
    recordCallSite(this);
    const name = `ng-${site.siteName}-${id}`;
    const common = { location: site.region, resourceGroupName: site.resourceGroup.name };
    const idle = props.idleTimeoutMinutes ?? 4;
    this.natGateway = new NatGateway(this, 'gateway', {
      ...common,
      name,
      skuName: 'Standard',
      idleTimeoutInMinutes: idle,
    });
    const addresses: string[] = [];
    const count = props.publicIpCount ?? (props.publicIpPrefixLength === undefined ? 1 : 0);
    for (let i = 0; i < count; i += 1) {
      const ip = new PublicIp(this, `public-ip-${i + 1}`, {
        ...common,
        name: `pip-${name}-${i + 1}`,
        allocationMethod: 'Static',
        sku: 'Standard',
      });
      addresses.push(ip.ipAddress);
      new NatGatewayPublicIpAssociation(this, `public-ip-${i + 1}-association`, {
        natGatewayId: this.natGateway.id,
        publicIpAddressId: ip.id,
      });
    }
    if (props.publicIpPrefixLength !== undefined) {
      const prefix = new PublicIpPrefix(this, 'public-ip-prefix', {
        ...common,
        name: `ippre-${name}`,
        prefixLength: props.publicIpPrefixLength,
        sku: 'Standard',
      });
      addresses.push(prefix.ipPrefix);
      new NatGatewayPublicIpPrefixAssociation(this, 'public-ip-prefix-association', {
        natGatewayId: this.natGateway.id,
        publicIpPrefixId: prefix.id,
      });
    }
    const output = outputName('nat', id, 'public_ips');
    publicAddressOutput(
      site,
      output,
      addresses,
      `public IPs and prefixes of NAT gateway ${name} (vendors' allow-lists)`,
    );
    for (const subnetName of subnets) {
      const subnet = site.subnets.get(subnetName);
      new SubnetNatGatewayAssociation(this, `subnet-${subnetName}`, {
        subnetId: subnet!.subnet.id,
        natGatewayId: this.natGateway.id,
      });
    }
  }
}

function validate(site: ClinicSite, props: NatEgressProps): string[] {
  const s = site.siteName;
  const idle = props.idleTimeoutMinutes;
  if (idle !== undefined && !isToken(idle) && (!Number.isInteger(idle) || idle < 4 || idle > 120)) {
    throw natInvalid(
      s,
      `idleTimeoutMinutes ${idle}`,
      'a whole number from 4 to 120',
      'pick a timeout in that range (IMMTRAC wants at least 2 minutes)',
    );
  }
  const count = props.publicIpCount;
  if (count !== undefined && (!Number.isInteger(count) || count < 0 || count > 16)) {
    throw natInvalid(s, `publicIpCount ${count}`, 'a whole number from 0 to 16', 'use fewer public IPs, or a prefix');
  }
  const prefix = props.publicIpPrefixLength;
  if (prefix !== undefined && !isToken(prefix) && (!Number.isInteger(prefix) || prefix < 28 || prefix > 31)) {
    throw natInvalid(
      s,
      `publicIpPrefixLength ${prefix}`,
      'a whole number from 28 to 31',
      'use /28 for 16 addresses down to /31 for 2',
    );
  }
  if ((count ?? 1) === 0 && prefix === undefined) {
    throw natInvalid(
      s,
      'no public IP and no prefix',
      'at least one static public IP or a prefix',
      'set publicIpCount or publicIpPrefixLength',
    );
  }
  const subnets = props.subnets ?? (site.firewall ? ['AzureFirewallSubnet'] : site.workloadSubnetNames());
  if (subnets.length === 0)
    throw natInvalid(s, 'no subnets', 'at least one subnet', 'name the subnets whose egress the NAT gateway carries');
  for (const name of subnets) {
    if (name === 'GatewaySubnet')
      throw natInvalid(
        s,
        'subnet GatewaySubnet',
        'any subnet but GatewaySubnet',
        'associate the NAT gateway with the firewall or workload subnets',
      );
    if (!site.subnets.has(name))
      throw natInvalid(
        s,
        `subnet "${name}"`,
        `one of ${[...site.subnets.keys()].sort().join(', ')}`,
        'name an existing subnet of the site',
      );
  }
  const unique = [...new Set(subnets)].sort();
  const [taken] = site.claimNatSubnets(unique);
  if (taken !== undefined)
    throw natInvalid(
      s,
      `subnet ${taken} already behind a NAT gateway`,
      'at most one NAT gateway per subnet',
      'add public IPs to the existing NatEgress instead',
    );
  return unique;
}
