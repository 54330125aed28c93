// SPDX-License-Identifier: Apache-2.0
/**
 * One clinic or hub: a stack with its network, firewall and logs, plus the `clinicnet_site`
 * output declaring what no Azure resource carries. The gate reads the model back from the
 * synthesized stack (lib/terraform): nothing here records a second copy of it.
 */
import { AzurermBackend, Lazy, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { Firewall } from '@cdktf/provider-azurerm/lib/firewall';
import { FirewallPolicy } from '@cdktf/provider-azurerm/lib/firewall-policy';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { VirtualNetworkDnsServers } from '@cdktf/provider-azurerm/lib/virtual-network-dns-servers';
import { defineError } from '../core/errors';
import {
  SITE_DECLARATION_OUTPUT,
  TAG_KIND,
  TAG_PACKS,
  TAG_SITE,
  encodePacks,
  type SiteDeclaration,
} from '../model/encoding';
import type { BypassEntry, EgressFlow, SiteKind, SubnetRole, VendorPackId, VendorSettings } from '../model/types';
import { Cidr, formatAddress } from '../net/cidr';
import type { ClinicEstate } from './clinic-estate';
import type { ClinicSiteProps, TlsInspectionProps } from './clinic-site-props';
import { packsOf } from './packs';
import { PAC_FILE_PORT, validateSiteProps } from './site-validation';
import { FirewallRouting } from './firewall-routing';
import { FirewallRules } from './firewall-rules';
import { addEgress, type AddressEgressProps, type HostnameEgressProps } from './egress';
import { allowVendor, type AllowVendorOptions } from './allow-vendor';
import { Suppressions } from './suppressions';
import type { Suppression } from '../policy/evaluation';
import { VpnGateway } from './vpn-gateway';
import { zonesIn } from './zones';
import { isToken } from './values';
import { publicAddressOutput } from './public-outputs';
import { azureRegion } from '../model/azure';
import { locateStack } from './call-site';

export * from './clinic-site-props';

const noFirewall = defineError({
  code: 'SITE-NO-FIREWALL',
  title: 'A firewall rule was asked for on a site declared without a firewall.',
  message: (site: string, what: string) =>
    `site ${site} has no firewall — got ${what}, expected a site with firewall: true; fix: enable the firewall or drop the rule`,
  example: ['cardiology', 'an egress rule'],
});

const gatewaySubnetMissing = defineError({
  code: 'SITE-GATEWAY-SUBNET-MISSING',
  title: 'A VPN was attached to a site without a GatewaySubnet.',
  message: (site: string) =>
    `site ${site} has no GatewaySubnet — got gatewaySubnet undefined, expected a /27 or larger for the VPN gateway; fix: set gatewaySubnet in the site props`,
  example: ['cardiology'],
});

/** Parts of a site other clinicnet constructs attach to. */
export interface SiteFirewall {
  readonly firewall: Firewall;
  readonly policy: FirewallPolicy;
  readonly publicIp: PublicIp;
  readonly rules: FirewallRules;
  readonly tier: 'Standard' | 'Premium';
}

/** A clinic or hub: one Terraform stack, named after the site. */
export class ClinicSite extends TerraformStack {
  public readonly siteName: string;
  public readonly kind: SiteKind;
  public readonly region: string;
  public readonly estate: ClinicEstate;
  public readonly addressSpace: readonly Cidr[];
  public readonly resourceGroup: ResourceGroup;
  public readonly vnet: VirtualNetwork;
  /** Subnets by Azure name, platform subnets included. */
  public readonly subnets = new Map<
    string,
    { readonly subnet: Subnet; readonly role: SubnetRole; readonly prefix: Cidr }
  >();
  public readonly logs: LogAnalyticsWorkspace;
  /** The firewall, when the site has one. */
  public readonly firewall?: SiteFirewall;
  public readonly tlsInspection?: TlsInspectionProps;
  /** `host:port` of the proxy clients use, when one is declared. */
  public readonly proxyEndpoint?: string;
  /** True when the site's firewall runs the explicit proxy (`explicitProxy`). */
  public get hasExplicitProxy(): boolean {
    return this.firewall !== undefined && this.props.explicitProxy !== undefined;
  }
  /** Route tables sending workload traffic through the firewall, when the site has one. */
  public readonly routing?: FirewallRouting;
  /** The vendor packs the site declares (`packs`), sorted. */
  public get declaredPacks(): readonly VendorPackId[] {
    return this.packs;
  }
  /** The site's custo settings (`vendor.custo`), if any. */
  public get custo(): VendorSettings['custo'] {
    return this.props.vendor?.custo;
  }

  private readonly props: ClinicSiteProps;
  private readonly packs: VendorPackId[];
  private readonly bypassEntries: Omit<BypassEntry, 'path'>[] = [];
  /** Subnets already behind a NAT gateway (Azure allows one per subnet). */
  private readonly natSubnetNames = new Set<string>();
  /** VPN links by name: the estate site at the far end, if any, and the far end's prefixes. */
  private readonly linkEnds = new Map<string, { readonly remoteSite?: string; readonly prefixes: readonly Cidr[] }>();
  private gateway?: VpnGateway;

  public constructor(estate: ClinicEstate, name: string, props: ClinicSiteProps) {
    validateSiteProps(name, props, packsOf(estate));
    super(estate, name);
    locateStack(this);
    this.siteName = name;
    this.estate = estate;
    this.kind = props.kind;
    // The table's normalised name: zones, DNS labels and findings all use it.
    this.region = isToken(props.region) ? props.region : (azureRegion(props.region)?.name ?? props.region);
    this.props = props;
    this.addressSpace = props.addressSpace;
    this.packs = [...new Set(props.packs ?? [])].sort();

    new AzurermProvider(this, 'azurerm', { features: [{}] });
    if (props.backend !== undefined) {
      new AzurermBackend(this, { ...props.backend, key: props.backend.key ?? `${name}.tfstate` });
    } else {
      // cdktf's implicit local backend writes an absolute path: a relative one keeps synth
      // output identical on every machine.
      new LocalBackend(this, { path: `terraform.${name}.tfstate` });
    }
    const location = this.region;
    this.resourceGroup = new ResourceGroup(this, 'resource-group', { name: `rg-${name}`, location });
    const resourceGroupName = this.resourceGroup.name;
    this.vnet = new VirtualNetwork(this, 'vnet', {
      name: `vnet-${name}`,
      location,
      resourceGroupName,
      addressSpace: props.addressSpace.map(String),
    });
    for (const workload of props.workloadSubnets)
      this.addSubnet(workload.name, workload.prefix, workload.role ?? 'workload');
    this.logs = new LogAnalyticsWorkspace(this, 'logs', {
      name: `log-${name}`,
      location,
      resourceGroupName,
      sku: 'PerGB2018',
      retentionInDays: 90,
    });
    if (props.firewall !== false && props.firewallSubnet !== undefined) {
      this.firewall = this.createFirewall(props, props.firewallSubnet);
      this.proxyEndpoint = props.explicitProxy
        ? `${formatAddress(props.firewallSubnet.first + 4n, props.firewallSubnet.version)}:${props.explicitProxy.httpPort ?? 8080}`
        : undefined;
      this.tlsInspection = props.tlsInspection;
    }
    this.proxyEndpoint ??= props.proxyAppliance?.endpoint;
    if (props.gatewaySubnet !== undefined) this.addSubnet('GatewaySubnet', props.gatewaySubnet, 'gateway');
    if (this.firewall !== undefined) {
      const workload = new Map(
        this.workloadSubnetNames().map((n) => [n, this.subnets.get(n) as { subnet: Subnet; prefix: Cidr }]),
      );
      this.routing = new FirewallRouting(this, 'routing', {
        siteName: name,
        location,
        resourceGroupName,
        firewall: this.firewall.firewall,
        workloadSubnets: workload,
      });
    }

    // Construct id = output name, so declaration-based model paths are `<site path>/clinicnet_site`.
    const output = new TerraformOutput(this, SITE_DECLARATION_OUTPUT, {
      value: Lazy.anyValue({ produce: () => this.declaration() }),
      description: 'clinicnet: site facts that no Azure resource carries',
    });
    output.overrideLogicalId(SITE_DECLARATION_OUTPUT);
    estate.register(this);
  }

  /**
   * Allows outbound traffic to hostnames. HTTP, HTTPS and MSSQL become application
   * rules; every other protocol a network rule with `destination_fqdns`, which turns on
   * the policy's DNS proxy.
   */
  public allowEgress(props: HostnameEgressProps): EgressFlow {
    return addEgress(this, this.requireFirewall(`egress "${props.name}"`), { kind: 'hostname', props });
  }

  /** Allows exactly the egress flows the vendor's pack requires, by hostname, as the pack lists them. */
  public allowVendor(vendor: VendorPackId, options?: AllowVendorOptions): EgressFlow[] {
    return allowVendor(this, vendor, options);
  }

  /** Allows outbound traffic to fixed addresses; recorded as an address flow (not by hostname). */
  public allowEgressToAddresses(props: AddressEgressProps): EgressFlow {
    const flow = addEgress(this, this.requireFirewall(`egress "${props.name}"`), { kind: 'address', props });
    props.viaVpn?.remoteSite?.admitFromVpn(this, props);
    return flow;
  }

  /**
   * The receiving end of an estate VPN flow: workload traffic is routed through this site's
   * firewall too, so it must admit the sending site's sources (rule `from-<site>-<name>`).
   */
  private admitFromVpn(from: ClinicSite, props: AddressEgressProps): void {
    const name = `from-${from.siteName}-${props.name}`;
    const firewall = this.requireFirewall(`arrival "${name}" over the VPN from ${from.siteName}`);
    const purpose = `${props.purpose} (arriving from ${from.siteName} over the VPN)`;
    const viaLink = () => this.linkBackTo(from);
    addEgress(this, firewall, {
      kind: 'arrival',
      props: { ...props, name, purpose, viaVpn: undefined },
      from,
      viaLink,
    });
  }

  /** This site's link to `from`, if one exists by now (the sender's link may come first). */
  private linkBackTo(from: ClinicSite): string | undefined {
    return [...this.linkEnds.entries()].find(([, end]) => end.remoteSite === from.siteName)?.[0];
  }

  /** Routes a VPN link's remote prefixes through the firewall, when the site has one (used by SiteToSiteVpn). */
  public routeVpn(linkId: string, remotePrefixes: readonly Cidr[]): void {
    this.routing?.routeVpn(linkId, remotePrefixes, this.requireGatewaySubnet());
  }

  /**
   * Registers a VPN link of this site (SiteToSiteVpn calls it): arrivals over the link name
   * it, and the estate's address plan counts the far end's prefixes.
   */
  public addVpnLinkEnd(
    linkName: string,
    end: { readonly remoteSite?: string; readonly prefixes: readonly Cidr[] },
  ): void {
    this.linkEnds.set(linkName, end);
  }

  /** Every range this site takes from the estate's address space: VNet spaces, client pools, far ends of external links. */
  public addressRanges(): { readonly name: string; readonly cidr: Cidr }[] {
    const external = [...this.linkEnds.entries()].filter(([, end]) => end.remoteSite === undefined);
    return [
      ...this.addressSpace.map((cidr) => ({ name: `vnet-${this.siteName}`, cidr })),
      ...(this.props.vpnClientPools ?? []).map((cidr) => ({ name: `${this.siteName}-vpn-clients`, cidr })),
      ...external.flatMap(([link, end]) => end.prefixes.map((cidr) => ({ name: `${this.siteName}/${link}`, cidr }))),
    ];
  }

  /** The site's VPN gateway if a link has created it. */
  public get existingVpnGateway(): VpnGateway | undefined {
    return this.gateway;
  }

  /** The site's VPN gateway, created on first use (in its GatewaySubnet). */
  public vpnGateway(bgpAsn?: number): VpnGateway {
    if (this.gateway === undefined) {
      this.gateway = new VpnGateway(this, 'vpn-gateway', {
        site: this,
        subnet: this.requireGatewaySubnet(),
        bgpAsn,
        options: this.props.vpnGateway,
      });
    }
    return this.gateway;
  }

  /** The site's `GatewaySubnet`, or SITE-GATEWAY-SUBNET-MISSING. */
  public requireGatewaySubnet(): Subnet {
    const subnet = this.subnets.get('GatewaySubnet');
    if (subnet === undefined) throw gatewaySubnetMissing(this.siteName);
    return subnet.subnet;
  }

  /** Turns on the firewall policy's DNS proxy (FQDNs in network rules need it). */
  public enableDnsProxy(): void {
    const fw = this.requireFirewall('DNS proxy');
    fw.policy.putDns({ proxyEnabled: true, ...(this.props.dnsServers?.length && { servers: this.props.dnsServers }) });
    // Clients must resolve through the firewall, or an FQDN network rule may match a different
    // address than the client connects to. A separate resource: `dns_servers` on the VNet
    // itself would make the cycle VNet → subnet → firewall → VNet.
    if (this.node.tryFindChild('vnet-dns-servers') === undefined) {
      new VirtualNetworkDnsServers(this, 'vnet-dns-servers', {
        virtualNetworkId: this.vnet.id,
        dnsServers: [fw.firewall.ipConfiguration.get(0).privateIpAddress],
      });
    }
  }

  /** Declares hosts that are neither inspected nor proxied (ProxyBypassList calls it); they go into `clinicnet_site`. */
  public declareBypass(entries: readonly Omit<BypassEntry, 'path'>[]): void {
    this.bypassEntries.push(...entries);
  }

  /** Claims subnets for a NAT gateway (NatEgress calls it); returns those already claimed by another one. */
  public claimNatSubnets(names: readonly string[]): string[] {
    const taken = names.filter((n) => this.natSubnetNames.has(n));
    if (taken.length === 0) names.forEach((n) => this.natSubnetNames.add(n));
    return taken;
  }

  /** The vendor settings the site declares, as `clinicnet_site` carries them (the OnePACS gateway subnet filled in). */
  public declaredVendor(): VendorSettings {
    return this.declaration().vendor;
  }

  /** The firewall, or an error naming what needed it. */
  public requireFirewall(what: string): SiteFirewall {
    if (this.firewall === undefined) throw noFirewall(this.siteName, what);
    return this.firewall;
  }

  /** Source prefixes for flows from the named subnets (all workload subnets when none are named). */
  public sourcePrefixes(subnetNames?: readonly string[]): string[] {
    const chosen =
      subnetNames ??
      [...this.subnets.entries()]
        .filter(([, s]) => s.role === 'workload' || s.role === 'imaging-gateway')
        .map(([n]) => n);
    return chosen
      .map((n) => {
        const subnet = this.subnets.get(n);
        if (subnet === undefined || subnet.role === 'firewall' || subnet.role === 'gateway')
          throw unknownSourceSubnet(this.siteName, n, this.workloadSubnetNames());
        return subnet.prefix.toString();
      })
      .sort();
  }

  /** Names of the workload (and imaging-gateway) subnets. */
  public workloadSubnetNames(): string[] {
    return [...this.subnets.entries()]
      .filter(([, s]) => s.role === 'workload' || s.role === 'imaging-gateway')
      .map(([n]) => n)
      .sort();
  }

  private addSubnet(name: string, prefix: Cidr, role: SubnetRole): Subnet {
    const subnet = new Subnet(this, `subnet-${name}`, {
      name,
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [prefix.toString()],
    });
    this.subnets.set(name, { subnet, role, prefix });
    return subnet;
  }

  private createFirewall(props: ClinicSiteProps, prefix: Cidr): SiteFirewall {
    const name = this.siteName;
    const location = this.region;
    const resourceGroupName = this.resourceGroup.name;
    const subnet = this.addSubnet('AzureFirewallSubnet', prefix, 'firewall');
    const tier = props.firewallTier ?? (props.tlsInspection ? 'Premium' : 'Standard');
    const inspection = props.tlsInspection;
    const policy = new FirewallPolicy(this, 'firewall-policy', {
      name: `fwp-${name}`,
      location,
      resourceGroupName,
      sku: tier,
      tags: { [TAG_SITE]: name, [TAG_KIND]: props.kind, [TAG_PACKS]: encodePacks(this.packs) },
      ...(props.dnsServers?.length && { dns: { proxyEnabled: false, servers: props.dnsServers } }),
      ...(inspection && {
        identity: { type: 'UserAssigned', identityIds: [inspection.identityId] },
        tlsCertificate: { name: 'clinicnet-inspection-ca', keyVaultSecretId: inspection.caCertificateSecretId },
      }),
      ...(props.explicitProxy && {
        explicitProxy: {
          enabled: true,
          httpPort: props.explicitProxy.httpPort ?? 8080,
          httpsPort: props.explicitProxy.httpsPort ?? 8443,
          ...(props.explicitProxy.pacFileUrl !== undefined && {
            enablePacFile: true,
            pacFile: props.explicitProxy.pacFileUrl,
            pacFilePort: PAC_FILE_PORT,
          }),
        },
      }),
    });
    const publicIp = new PublicIp(this, 'firewall-ip', {
      name: `pip-fw-${name}`,
      location,
      resourceGroupName,
      allocationMethod: 'Static',
      sku: 'Standard',
      ...zonesIn(location),
    });
    const firewall = new Firewall(this, 'firewall', {
      name: `fw-${name}`,
      location,
      resourceGroupName,
      skuName: 'AZFW_VNet',
      skuTier: tier,
      firewallPolicyId: policy.id,
      ...zonesIn(location),
      ipConfiguration: [{ name: 'ipconfig', subnetId: subnet.id, publicIpAddressId: publicIp.id }],
    });
    new MonitorDiagnosticSetting(this, 'firewall-diagnostics', {
      name: `diag-fw-${name}`,
      targetResourceId: firewall.id,
      logAnalyticsWorkspaceId: this.logs.id,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: [{ categoryGroup: 'allLogs' }],
    });
    publicAddressOutput(
      this,
      'firewall_public_ip',
      publicIp.ipAddress,
      "the firewall's public IP (egress and forwarded ports)",
    );
    const rules = new FirewallRules(this, 'firewall-rules', name, policy.id);
    return { firewall, policy, publicIp, rules, tier };
  }

  private declaration(): SiteDeclaration {
    const p = this.props;
    const imaging = [...this.subnets.entries()].find(([, s]) => s.role === 'imaging-gateway');
    const vendor: VendorSettings =
      imaging && !p.vendor?.onepacs?.gatewaySubnet
        ? { ...p.vendor, onepacs: { ...p.vendor?.onepacs, gatewaySubnet: imaging[0] } }
        : { ...p.vendor };
    const proxy =
      this.firewall && p.explicitProxy && this.proxyEndpoint
        ? { kind: 'http' as const, endpoint: this.proxyEndpoint, azureExplicitProxy: true }
        : p.proxyAppliance && {
            kind: p.proxyAppliance.kind,
            endpoint: p.proxyAppliance.endpoint,
            azureExplicitProxy: false,
            ...(p.proxyAppliance.minTlsVersion && { minTlsVersion: p.proxyAppliance.minTlsVersion.version }),
          };
    const suppressions = this.reachingSuppressions();
    return {
      site: this.siteName,
      kind: this.kind,
      packs: this.packs,
      ...(proxy && { proxy }),
      bypass: [...this.bypassEntries].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0)),
      ...(this.tlsInspection?.minTlsVersion && { tlsInspectionMinVersion: this.tlsInspection.minTlsVersion.version }),
      vendor,
      vpnClientPools: (p.vpnClientPools ?? []).map(String).sort(),
      ...(suppressions.length > 0 && { suppressions }),
    };
  }

  /** Construct suppressions that can match this site's findings: on the site, below it, or above it. */
  private reachingSuppressions(): Suppression[] {
    const own = this.node.path;
    const reaches = (s: Suppression) =>
      s.path === undefined || own === s.path || own.startsWith(`${s.path}/`) || s.path.startsWith(`${own}/`);
    return Suppressions.collect(this.node.root).filter(reaches);
  }
}

const unknownSourceSubnet = defineError({
  code: 'SITE-SOURCE-SUBNET',
  title: 'A flow names a source subnet the site does not have.',
  message: (site: string, name: string, known: string[]) =>
    `unknown source subnet on site ${site} — got "${name}", expected one of ${known.join(', ')}; fix: name a workload subnet of the site`,
  example: ['nsw-gp', 'clinic', ['clinical', 'admin']],
});
