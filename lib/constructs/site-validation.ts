// SPDX-License-Identifier: Apache-2.0
/** Checks on {@link ClinicSiteProps}, run before the site's stack exists so nothing is emitted. */
import { defineError } from '../core/errors';
import type { Pack } from '../policy/pack';
import { builtinPacks } from '../policy/pack';
import type { ClinicSiteProps } from './clinic-site-props';
import { isIpAddress } from '../net/cidr';
import { isToken } from './values';
import { azureRegion, vpnGatewaySkuAllows } from '../model/azure';
import { vpnGatewayChoice } from './vpn-gateway-choice';

const PLATFORM_SUBNETS = [
  'AzureFirewallSubnet',
  'AzureFirewallManagementSubnet',
  'GatewaySubnet',
  'RouteServerSubnet',
  'AzureBastionSubnet',
];

const siteNameInvalid = defineError({
  code: 'SITE-NAME-INVALID',
  title: 'A site name is not 3–40 lowercase letters, digits and hyphens.',
  message: (name: string) =>
    `invalid site name — got "${name}", expected 3–40 lowercase letters, digits and hyphens, starting with a letter; fix: use a short stable name such as nsw-gp-parramatta`,
  example: ['NSW GP'],
});

const siteRegionInvalid = defineError({
  code: 'SITE-REGION-INVALID',
  title: 'A site region is not a region in the Azure region table (lib/model/azure/regions.json).',
  message: (region: string) =>
    `invalid Azure region — got "${region}", expected a region of lib/model/azure/regions.json by name or display name, such as australiaeast or "Australia East"; fix: use the name from \`az account list-locations\``,
  example: ['atlantis'],
});

const vpnGatewaySkuInvalid = defineError({
  code: 'SITE-VPN-GATEWAY-SKU',
  title: 'The VPN gateway SKU or generation is one Azure does not create (lib/model/azure/vpn-gateway-skus.json).',
  message: (site: string, got: string, expected: string) =>
    `VPN gateway of site ${site} cannot be created — got ${got}, expected ${expected}; fix: choose an AZ SKU and a generation it allows (vpnGateway.sku, vpnGateway.generation), or leave both unset`,
  example: ['nsw-gp', 'VpnGw1AZ with Generation2', 'VpnGw1AZ with Generation1'],
});

const siteAddressSpaceMissing = defineError({
  code: 'SITE-ADDRESS-SPACE-EMPTY',
  title: 'A site was declared without an address space or without workload subnets.',
  message: (site: string, what: string) =>
    `site ${site} has no ${what} — got none, expected at least one; fix: give the site its ${what} (ClinicEstate.allocate can hand out an address space)`,
  example: ['nsw-gp', 'address space'],
});

const subnetNameInvalid = defineError({
  code: 'SITE-SUBNET-NAME',
  title: 'A workload subnet uses a platform subnet name or repeats a name.',
  message: (site: string, name: string, why: string) =>
    `workload subnet name on site ${site} ${why} — got "${name}", expected a unique name other than ${PLATFORM_SUBNETS.join(', ')}; fix: rename the subnet (platform subnets are created by the constructs)`,
  example: ['nsw-gp', 'GatewaySubnet', 'is reserved'],
});

const platformSubnetSize = defineError({
  code: 'SITE-PLATFORM-SUBNET-SIZE',
  title: 'AzureFirewallSubnet is not a /26, or GatewaySubnet is smaller than /27.',
  message: (site: string, subnet: string, got: string, expected: string) =>
    `${subnet} on site ${site} has the wrong size — got ${got}, expected ${expected}; fix: choose a prefix of that size inside the site's address space`,
  example: ['nsw-gp', 'AzureFirewallSubnet', '10.1.0.0/27', 'a /26'],
});

const firewallSubnetMissing = defineError({
  code: 'SITE-FIREWALL-SUBNET-MISSING',
  title: 'A site with a firewall has no firewallSubnet.',
  message: (site: string) =>
    `site ${site} has a firewall but no AzureFirewallSubnet — got firewallSubnet undefined, expected a /26; fix: set firewallSubnet, or firewall: false`,
  example: ['nsw-gp'],
});

const packUnknown = defineError({
  code: 'SITE-PACK-UNKNOWN',
  title: 'A site declares a vendor pack that does not exist.',
  message: (site: string, pack: string, known: string) =>
    `unknown vendor pack on site ${site} — got "${pack}", expected one of ${known}; fix: correct the pack id (or register the pack with registerPack)`,
  example: ['nsw-gp', 'pencs', 'custo, hl7, immtrac, lumos, onepacs'],
});

const firewallFeatureConflict = defineError({
  code: 'SITE-FIREWALL-FEATURE',
  title: "A firewall feature was asked for that the site's firewall settings cannot provide.",
  message: (site: string, got: string, expected: string) =>
    `firewall settings conflict on site ${site} — got ${got}, expected ${expected}; fix: change the site props`,
  example: ['nsw-gp', 'TLS inspection with firewallTier Standard', 'firewallTier Premium'],
});

/** Port on which the firewall serves the PAC file when `pacFileUrl` is set. */
export const PAC_FILE_PORT = 8090;

const proxyPortInvalid = defineError({
  code: 'SITE-PROXY-PORT',
  title: 'An explicit proxy port is not 1–65535, or two of its ports are the same.',
  message: (site: string, got: string) =>
    `invalid explicit proxy port on site ${site} — got ${got}, expected whole numbers from 1 to 65535, with the HTTP, HTTPS and PAC file (${PAC_FILE_PORT}) ports all different; fix: choose distinct ports`,
  example: ['nsw-gp', 'httpPort 8443 and httpsPort 8443'],
});

const dnsServerInvalid = defineError({
  code: 'SITE-DNS-SERVER',
  title: 'A DNS server for the firewall DNS proxy is not an IP address.',
  message: (site: string, server: string) =>
    `invalid DNS server on site ${site} — got "${server}", expected an IP address such as 10.10.3.4; fix: give the DNS server's address (a hostname cannot be resolved before DNS is set up)`,
  example: ['nsw-gp', 'dns.example.org'],
});

const proxyEndpointInvalid = defineError({
  code: 'SITE-PROXY-ENDPOINT',
  title: 'A proxy appliance endpoint is not host:port.',
  message: (site: string, endpoint: string) =>
    `invalid proxy endpoint on site ${site} — got "${endpoint}", expected host:port with a port from 1 to 65535, such as 10.20.1.5:3128; fix: write the address clients are configured with`,
  example: ['nsw-gp', 'proxy.example.org'],
});

/** Throws the first problem with a site's name or props. */
/** `packs`: those a site may declare (the built-in and registered ones; every-site packs are not declared). */
export function validateSiteProps(name: string, props: ClinicSiteProps, packs: readonly Pack[] = builtinPacks()): void {
  if (!/^[a-z][a-z0-9-]{1,38}[a-z0-9]$/.test(name)) throw siteNameInvalid(name);
  if (!isToken(props.region) && azureRegion(props.region) === undefined) throw siteRegionInvalid(props.region);
  checkVpnGateway(name, props);
  if (props.addressSpace.length === 0) throw siteAddressSpaceMissing(name, 'address space');
  if (props.workloadSubnets.length === 0) throw siteAddressSpaceMissing(name, 'workload subnets');
  const seen = new Set<string>();
  for (const subnet of props.workloadSubnets) {
    if (PLATFORM_SUBNETS.includes(subnet.name)) throw subnetNameInvalid(name, subnet.name, 'is reserved');
    if (seen.has(subnet.name)) throw subnetNameInvalid(name, subnet.name, 'is used twice');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/.test(subnet.name))
      throw subnetNameInvalid(name, subnet.name, 'has characters Azure rejects');
    seen.add(subnet.name);
  }
  const firewall = props.firewall !== false;
  if (firewall && props.firewallSubnet === undefined) throw firewallSubnetMissing(name);
  if (firewall && props.firewallSubnet && props.firewallSubnet.prefixLength !== 26) {
    throw platformSubnetSize(name, 'AzureFirewallSubnet', props.firewallSubnet.toString(), 'a /26');
  }
  if (props.gatewaySubnet && props.gatewaySubnet.prefixLength > 27) {
    throw platformSubnetSize(name, 'GatewaySubnet', props.gatewaySubnet.toString(), 'a /27 or larger');
  }
  const declarable = packs.filter((p) => p.appliesTo === 'declared').map((p) => p.id);
  for (const pack of props.packs ?? [])
    if (!declarable.includes(pack)) throw packUnknown(name, pack, declarable.join(', '));
  if (props.tlsInspection && props.firewallTier === 'Standard') {
    throw firewallFeatureConflict(
      name,
      'TLS inspection with firewallTier Standard',
      'firewallTier Premium (or leave it unset)',
    );
  }
  if (!firewall && (props.tlsInspection || props.explicitProxy)) {
    throw firewallFeatureConflict(
      name,
      'TLS inspection or explicit proxy with firewall: false',
      'a site with a firewall',
    );
  }
  if (props.explicitProxy && props.proxyAppliance) {
    throw firewallFeatureConflict(name, 'both explicitProxy and proxyAppliance', 'one proxy per site');
  }
  if (props.explicitProxy) checkProxyPorts(name, props.explicitProxy);
  const endpoint = props.proxyAppliance?.endpoint;
  if (endpoint !== undefined && !isToken(endpoint) && !isHostPort(endpoint)) throw proxyEndpointInvalid(name, endpoint);
  for (const server of props.dnsServers ?? []) {
    if (!isToken(server) && !isIpAddress(server)) throw dnsServerInvalid(name, server);
  }
}

/** `host:port` or `[ipv6]:port`, port 1–65535. */
function isHostPort(endpoint: string): boolean {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(endpoint);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 65535;
}

function checkProxyPorts(site: string, proxy: NonNullable<ClinicSiteProps['explicitProxy']>): void {
  const ports: [string, number][] = [
    ['httpPort', proxy.httpPort ?? 8080],
    ['httpsPort', proxy.httpsPort ?? 8443],
    ...(proxy.pacFileUrl !== undefined ? [['PAC file port', PAC_FILE_PORT] as [string, number]] : []),
  ];
  for (const [field, port] of ports) {
    if (!isToken(port) && (!Number.isInteger(port) || port < 1 || port > 65535))
      throw proxyPortInvalid(site, `${field} ${port}`);
  }
  for (let i = 0; i < ports.length; i++) {
    const clash = ports.slice(i + 1).find(([, port]) => port === ports[i][1]);
    if (clash !== undefined) throw proxyPortInvalid(site, `${ports[i][0]} ${ports[i][1]} and ${clash[0]} ${clash[1]}`);
  }
}

/** The gateway SKU and generation must be a pair Azure creates today (AZURE-VPN-GATEWAY-SKU). */
function checkVpnGateway(site: string, props: ClinicSiteProps): void {
  const { sku, generation } = vpnGatewayChoice(props.vpnGateway);
  const verdict = vpnGatewaySkuAllows(sku, generation);
  if (!verdict.ok) throw vpnGatewaySkuInvalid(site, `${sku} with ${generation}`, verdict.expected);
}
