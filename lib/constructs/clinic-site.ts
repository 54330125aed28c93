// SPDX-License-Identifier: Apache-2.0
/** One clinic or hub: a stack with its network, firewall, logs and the model it records. */
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
import { defineError } from '../core/errors';
import {
  SITE_DECLARATION_OUTPUT,
  TAG_KIND,
  TAG_PACKS,
  TAG_SITE,
  encodePacks,
  type SiteDeclaration,
} from '../model/encoding';
import { canonicalSite } from '../model/canonical';
import type {
  BypassEntry,
  EgressFlow,
  InboundForward,
  NatEgress as NatEgressModel,
  Site,
  SiteKind,
  Subnet as SubnetModel,
  SubnetRole,
  VendorPackId,
  VendorSettings,
  VpnLink,
} from '../model/types';
import { Cidr, formatAddress } from '../net/cidr';
import type { ClinicEstate } from './clinic-estate';
import type { ClinicSiteProps, TlsInspectionProps } from './clinic-site-props';
import { PAC_FILE_PORT, validateSiteProps } from './site-validation';
import { FirewallRouting } from './firewall-routing';
import { FirewallRules } from './firewall-rules';
import { addEgress, type AddressEgressProps, type HostnameEgressProps } from './egress';
import { allowVendor, type AllowVendorOptions } from './allow-vendor';
import { PolicyGate } from './policy-gate';
import { Suppressions } from './suppressions';
import type { Suppression } from '../policy/evaluation';
import { sitePlacements, zonesIn } from './placements';
import { addressOf, maybeOf } from './values';
import { VpnGateway } from './vpn-gateway';

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
  /** Route tables sending workload traffic through the firewall, when the site has one. */
  public readonly routing?: FirewallRouting;

  private readonly props: ClinicSiteProps;
  private readonly packs: VendorPackId[];
  private readonly egressFlows: EgressFlow[] = [];
  /** Arrival flows and the sending site: their VPN link is looked up when the model is built. */
  private readonly arrivals = new Map<EgressFlow, ClinicSite>();
  private readonly inboundForwards: InboundForward[] = [];
  private readonly bypassEntries: Omit<BypassEntry, 'path'>[] = [];
  private readonly natGateways: NatEgressModel[] = [];
  private readonly links: VpnLink[] = [];
  private readonly logSinks: Site['logSinks'] = [];
  private readonly output: TerraformOutput;
  private dnsProxy = false;
  private gateway?: VpnGateway;

  public constructor(estate: ClinicEstate, name: string, props: ClinicSiteProps) {
    validateSiteProps(name, props);
    super(estate, name);
    this.siteName = name;
    this.estate = estate;
    this.kind = props.kind;
    this.region = props.region;
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
    const location = props.region;
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
    this.output = new TerraformOutput(this, SITE_DECLARATION_OUTPUT, {
      value: Lazy.anyValue({ produce: () => this.declaration() }),
      description: 'clinicnet: site facts that no Azure resource carries',
    });
    this.output.overrideLogicalId(SITE_DECLARATION_OUTPUT);
    estate.register(this);
    PolicyGate.of(estate).watch(this);
  }

  /**
   * Allows outbound traffic to hostnames. HTTP, HTTPS and MSSQL become application
   * rules; every other protocol a network rule with `destination_fqdns`, which turns on
   * the policy's DNS proxy.
   */
  public allowEgress(props: HostnameEgressProps): EgressFlow {
    return this.recordEgress(
      addEgress(this, this.requireFirewall(`egress "${props.name}"`), { kind: 'hostname', props }),
    );
  }

  /** Allows exactly the egress flows the vendor's pack requires, by hostname, as the pack lists them. */
  public allowVendor(vendor: VendorPackId, options?: AllowVendorOptions): EgressFlow[] {
    return allowVendor(this, vendor, options);
  }

  /** Allows outbound traffic to fixed addresses; recorded as an address flow (not by hostname). */
  public allowEgressToAddresses(props: AddressEgressProps): EgressFlow {
    const flow = this.recordEgress(
      addEgress(this, this.requireFirewall(`egress "${props.name}"`), { kind: 'address', props }),
    );
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
    const flow = this.recordEgress(
      addEgress(this, firewall, {
        kind: 'arrival',
        props: { ...props, name, purpose, viaVpn: undefined },
        from,
        viaLink,
      }),
    );
    this.arrivals.set(flow, from);
  }

  /** This site's link to `from`, if one exists by now (the sender's link may come first). */
  private linkBackTo(from: ClinicSite): string | undefined {
    return this.links.find((l) => l.remote.site === from.siteName)?.name;
  }

  /** The egress flows, arrivals with the link they come over (known only once every link exists). */
  private egressModel(): EgressFlow[] {
    return this.egressFlows.map((flow) => {
      const from = this.arrivals.get(flow);
      const viaVpn = from === undefined ? undefined : this.linkBackTo(from);
      return viaVpn === undefined ? flow : { ...flow, viaVpn };
    });
  }

  /** The site as the network model records it (lists in canonical order). */
  public toModel(): Site {
    const fw = this.firewall;
    const declared = this.declaration();
    return canonicalSite({
      name: this.siteName,
      kind: this.kind,
      region: maybeOf(this, this.region),
      packs: this.packs,
      path: this.node.path,
      vnets: [
        {
          name: `vnet-${this.siteName}`,
          path: this.vnet.node.path,
          address: addressOf(this.vnet),
          addressSpaces: this.addressSpace.map(String),
          subnets: [...this.subnets.entries()].map(([name, s]) => ({
            name,
            path: s.subnet.node.path,
            address: addressOf(s.subnet),
            role: s.role,
            addressPrefixes: [s.prefix.toString()],
            egressVia: this.egressVia(s.role),
          })),
        },
      ],
      ...(fw && {
        firewall: {
          name: `fw-${this.siteName}`,
          path: fw.firewall.node.path,
          address: addressOf(fw.firewall),
          policyAddress: addressOf(fw.policy),
          tier: fw.tier,
          dnsProxy: this.dnsProxy,
          subnets: ['AzureFirewallSubnet'],
        },
      }),
      egress: this.egressModel(),
      inbound: this.inboundForwards,
      ...(declared.proxy && { proxy: { ...declared.proxy, path: this.output.node.path } }),
      bypass: declared.bypass.map((b) => ({ ...b, path: this.output.node.path })),
      tlsInspection: this.tlsInspectionModel(declared),
      natEgress: this.natGateways,
      ...(this.gateway && { vpnGateway: this.gateway.toModel() }),
      vpnLinks: this.links,
      vpnClientPools: declared.vpnClientPools,
      logSinks: this.logSinks,
      dns: { firewallServers: (this.props.dnsServers ?? []).map((s) => maybeOf(this, s)), privateZones: [] },
      vendor: declared.vendor,
      placements: sitePlacements(this),
    });
  }

  /** Routes a VPN link's remote prefixes through the firewall, when the site has one (used by SiteToSiteVpn). */
  public routeVpn(linkId: string, remotePrefixes: readonly Cidr[]): void {
    this.routing?.routeVpn(linkId, remotePrefixes, this.requireGatewaySubnet());
  }

  /** VPN links recorded so far (SiteToSiteVpn records them). */
  public get vpnLinks(): readonly VpnLink[] {
    return this.links;
  }

  /** The site's VPN gateway if a link has created it. */
  public get existingVpnGateway(): VpnGateway | undefined {
    return this.gateway;
  }

  /** The site's VPN gateway, created on first use (in its GatewaySubnet). */
  public vpnGateway(bgpAsn?: number): VpnGateway {
    if (this.gateway === undefined) {
      this.gateway = new VpnGateway(this, 'vpn-gateway', { site: this, subnet: this.requireGatewaySubnet(), bgpAsn });
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
    this.dnsProxy = true;
    fw.policy.putDns({ proxyEnabled: true, ...(this.props.dnsServers?.length && { servers: this.props.dnsServers }) });
  }

  /** Records an inbound forward (used by PortForward). */
  public recordInbound(forward: InboundForward): void {
    this.inboundForwards.push(forward);
  }

  /** Records hosts that are neither inspected nor proxied (used by ProxyBypassList). */
  public recordBypass(entries: readonly Omit<BypassEntry, 'path'>[]): void {
    this.bypassEntries.push(...entries);
  }

  /** Records a NAT gateway (used by NatEgress). */
  public recordNatEgress(nat: NatEgressModel): void {
    this.natGateways.push(nat);
  }

  /** Records a VPN link (used by SiteToSiteVpn). */
  public recordVpnLink(link: VpnLink): void {
    this.links.push(link);
  }

  /** Records an egress flow built by another construct (bypass rules). */
  public recordEgress(flow: EgressFlow): EgressFlow {
    this.egressFlows.push(flow);
    return flow;
  }

  /** Subnets already associated with a NAT gateway. */
  public natSubnets(): string[] {
    return this.natGateways.flatMap((n) => n.subnets.filter((x): x is string => typeof x === 'string'));
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
    const location = props.region;
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
    const diagnostics = new MonitorDiagnosticSetting(this, 'firewall-diagnostics', {
      name: `diag-fw-${name}`,
      targetResourceId: firewall.id,
      logAnalyticsWorkspaceId: this.logs.id,
      logAnalyticsDestinationType: 'Dedicated',
      enabledLog: [{ categoryGroup: 'allLogs' }],
    });
    this.logSinks.push({
      name: `diag-fw-${name}`,
      path: diagnostics.node.path,
      address: addressOf(diagnostics),
      source: addressOf(firewall),
      kind: 'log-analytics',
      target: addressOf(this.logs),
      categories: ['allLogs'],
    });
    const rules = new FirewallRules(this, 'firewall-rules', name, policy.id);
    return { firewall, policy, publicIp, rules, tier };
  }

  /** Workload subnets egress through the firewall's route table; platform subnets keep Azure's internet route. */
  private egressVia(role: SubnetRole): NonNullable<SubnetModel['egressVia']> {
    return this.routing !== undefined && (role === 'workload' || role === 'imaging-gateway') ? 'firewall' : 'internet';
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

  private tlsInspectionModel(declared: SiteDeclaration): Site['tlsInspection'] {
    const fw = this.firewall;
    if (fw === undefined || this.tlsInspection === undefined) return { enabled: false };
    return {
      enabled: true,
      caCertificate: maybeOf(this, this.tlsInspection.caCertificateSecretId),
      ...(declared.tlsInspectionMinVersion && { minTlsVersion: declared.tlsInspectionMinVersion }),
      path: fw.policy.node.path,
    };
  }
}

const unknownSourceSubnet = defineError({
  code: 'SITE-SOURCE-SUBNET',
  title: 'A flow names a source subnet the site does not have.',
  message: (site: string, name: string, known: string[]) =>
    `unknown source subnet on site ${site} — got "${name}", expected one of ${known.join(', ')}; fix: name a workload subnet of the site`,
  example: ['nsw-gp', 'clinic', ['clinical', 'admin']],
});
