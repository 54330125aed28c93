// SPDX-License-Identifier: Apache-2.0
/**
 * One site of the model from its group of resources: identity from the firewall policy's
 * `clinicnet-*` tags and the `clinicnet_site` output, everything else from the resources.
 */
import type { SiteDeclaration } from '../model/encoding';
import { decodePacks, TAG_KIND, TAG_PACKS, TAG_SITE } from '../model/encoding';
import type {
  InboundForward,
  LogSink,
  Maybe,
  ProxySettings,
  Site,
  SiteKind,
  TlsInspection,
  VendorPackId,
  VendorSettings,
} from '../model/types';
import { cidrOf, PRIVATE_RANGES } from '../dataplane/match';
import { isUnknown, unknown } from '../model/types';
import { builtinPacks } from '../policy/pack';
import type { Draft, SiteContext } from './context';
import type { TfResource } from './document';
import { isObject } from './document';
import { readFirewall, readRules } from './firewall';
import { readNatEgress, readVnets } from './network';
import { withOnepacsGateway } from './onepacs-gateway';
import { readPlacements } from './placement';
import { withEgressRoutes } from './routing';
import { readVpnGateway, readVpnLinks } from './vpn';
import { readVwanVpnLinks } from './vwan-vpn';

/** What a pack id looks like (the pack schema's pattern); anything else in a tag is not read as one. */
const PACK_ID = /^[a-z][a-z0-9-]{1,39}$/;

/** Who the site is, before its resources are read. */
export interface SiteIdentity {
  readonly name: string;
  readonly kind: SiteKind;
  readonly packs: VendorPackId[];
  readonly path: string;
  /** Path of the facts that come from the `clinicnet_site` output (proxy, bypass list). */
  readonly declarationPath: string;
}

const CLINICNET_TAGS = [TAG_SITE, TAG_KIND, TAG_PACKS];

/**
 * Tags of a resource, when they are a known map of strings. A clinicnet tag that cannot be read
 * is a read problem: without it the site's packs (its checks) may be missing. With `clinicnetOnly`
 * (a VNet or resource group) other tags are not looked at: they may be anything.
 */
function tagsOf(ctx: SiteContext, resource: TfResource | undefined, clinicnetOnly = false): Record<string, string> {
  if (resource === undefined) return {};
  return ctx.read(resource, (r) => {
    const tags = r.resolve('tags');
    if (tags.kind === 'absent') return {};
    if (tags.kind !== 'value' || !isObject(tags.value)) {
      if (clinicnetOnly) return {};
      const got =
        tags.kind === 'value' ? JSON.stringify(tags.value) : tags.kind === 'unknown' ? tags.reason : tags.expression;
      r.problem(`tags are ${got}, expected a map of text; the ${CLINICNET_TAGS.join(', ')} tags are not read`, 'tags');
      return {};
    }
    const readable: Record<string, string> = {};
    for (const key in tags.value) {
      const value = tags.value[key];
      const literal = typeof value === 'string' && !value.includes('${');
      const isClinicnet = CLINICNET_TAGS.includes(key);
      // Other tags may be expressions (an owner variable); a clinicnet tag must be literal, and no tag may be a non-text value.
      if ((typeof value !== 'string' && (isClinicnet || !clinicnetOnly)) || (!literal && isClinicnet)) {
        r.problem(`tag ${key} is ${JSON.stringify(value)}, expected ${isClinicnet ? 'literal text' : 'text'}`, 'tags');
      }
      if (literal && (isClinicnet || !clinicnetOnly)) readable[key] = value;
    }
    return readable;
  });
}

/**
 * The clinicnet tags of a site: the firewall policy's, then the anchoring or the site's virtual
 * networks', then its resource groups' — the first that carries each tag wins; a later one that
 * says otherwise is reported.
 */
function siteTags(
  ctx: SiteContext,
  policy: TfResource | undefined,
  vnet: TfResource | undefined,
): Record<string, string> {
  const tags = tagsOf(ctx, policy);
  const vnets = vnet !== undefined ? [vnet] : ctx.ofType('azurerm_virtual_network');
  // A VNet's resource group by reference, whichever site holds it (several VNets may share one).
  const groups = vnets
    .map((v) => ctx.index.reader(v).referencedResource('resource_group_name'))
    .filter((g): g is TfResource => g?.type === 'azurerm_resource_group');
  const resources = [...vnets, ...new Set([...groups, ...ctx.ofType('azurerm_resource_group')])];
  for (const resource of resources) {
    const more = tagsOf(ctx, resource, true);
    for (const key of CLINICNET_TAGS) {
      if (more[key] === undefined) continue;
      if (tags[key] === undefined) tags[key] = more[key];
      else if (tags[key] !== more[key])
        ctx.problem(resource, `tag ${key} says "${more[key]}" but the site's is "${tags[key]}"; this one is not read`);
    }
  }
  return tags;
}

let everySitePacks: readonly string[] | undefined;

/** Ids of the built-in packs that apply to every site; the built-ins never change, so they are looked up once. */
function everySitePackIds(): readonly string[] {
  everySitePacks ??= builtinPacks()
    .filter((p) => p.appliesTo === 'every-site')
    .map((p) => p.id);
  return everySitePacks;
}

/**
 * Declared pack ids, sorted and unique. Packs that apply to every site anyway (`baseline`, `azure`)
 * are left out; whether the others exist is for the packs loaded to say (PACK-UNKNOWN), so a user's
 * pack declared by a site is read like a built-in one. Text that cannot be a pack id is reported.
 */
export function vendorPacks(ids: readonly string[], report: (message: string) => void): VendorPackId[] {
  const everySite = everySitePackIds();
  const malformed = ids.filter((id) => !PACK_ID.test(id));
  if (malformed.length > 0)
    report(
      `packs ${malformed.map((id) => JSON.stringify(id)).join(', ')} are not pack ids (expected lowercase letters, digits and hyphens)`,
    );
  const known = ids.filter((id) => PACK_ID.test(id) && !everySite.includes(id));
  return known.length < 2 ? known : [...new Set(known)].sort();
}

/** Name, kind, packs and path, from tags first, then the declaration, then the policy's (or anchoring VNet's) name. */
export function siteIdentity(
  ctx: SiteContext,
  policy: TfResource | undefined,
  declaration: SiteDeclaration | undefined,
  defaults: {
    readonly stackName?: string;
    readonly stackPath?: string;
    readonly packs?: readonly string[];
    readonly declarationPath?: string;
    /** The virtual network the site is anchored at, when no policy anchors it. */
    readonly vnet?: TfResource;
  },
): SiteIdentity {
  const tags = siteTags(ctx, policy, defaults.vnet);
  const anchor = policy ?? defaults.vnet;
  const report = (message: string) => anchor !== undefined && ctx.problem(anchor, message);
  const anchorName = anchor === undefined ? undefined : ctx.read(anchor, (r) => r.text('name'));
  // The first non-empty candidate: an empty name would make the site impossible to report on.
  const name =
    [tags[TAG_SITE], declaration?.site, defaults.stackName, anchorName, anchor?.address].find(
      (n) => n !== undefined && n !== '',
    ) ?? 'site';
  if (declaration !== undefined && tags[TAG_SITE] !== undefined && declaration.site !== tags[TAG_SITE]) {
    report(`tag ${TAG_SITE} says "${tags[TAG_SITE]}" but the clinicnet_site output says "${declaration.site}"`);
  }
  const kindText = tags[TAG_KIND] ?? declaration?.kind ?? 'clinic';
  if (kindText !== 'clinic' && kindText !== 'hub')
    report(`site kind "${kindText}" is not clinic or hub; read as clinic`);
  const packIds =
    tags[TAG_PACKS] !== undefined ? decodePacks(tags[TAG_PACKS]) : (declaration?.packs ?? defaults.packs ?? []);
  const path = defaults.stackPath ?? defaults.stackName ?? anchor?.path ?? name;
  return {
    name,
    kind: kindText === 'hub' ? 'hub' : 'clinic',
    packs: vendorPacks(packIds, report),
    path,
    declarationPath: defaults.declarationPath ?? path,
  };
}

function regionOf(ctx: SiteContext, policy: TfResource | undefined): Maybe<string> {
  const candidates = [policy, ...ctx.ofType('azurerm_resource_group'), ...ctx.ofType('azurerm_virtual_network')];
  for (const resource of candidates) {
    if (resource === undefined) continue;
    const location = ctx.read(resource, (r) => r.str('location'));
    if (location !== undefined) return location;
  }
  return unknown('region: no located resource');
}

function logSinks(ctx: SiteContext): LogSink[] {
  return ctx.ofType('azurerm_monitor_diagnostic_setting').map((resource) =>
    ctx.read(resource, (r) => {
      const [kind, attribute] = r.has('log_analytics_workspace_id')
        ? (['log-analytics', 'log_analytics_workspace_id'] as const)
        : r.has('storage_account_id')
          ? (['storage', 'storage_account_id'] as const)
          : r.has('eventhub_authorization_rule_id')
            ? (['event-hub', 'eventhub_authorization_rule_id'] as const)
            : (['unknown', undefined] as const);
      const target = attribute === undefined ? undefined : r.target(attribute);
      return {
        name: r.text('name') ?? resource.address,
        path: resource.path,
        address: resource.address,
        source: r.target('target_resource_id')?.address ?? unknown(`${resource.address}.target_resource_id`),
        kind,
        target: target?.address ?? unknown(`${resource.address}: no destination`),
        categories: r
          .blocks('enabled_log')
          .map((l) => l.text('category') ?? l.text('category_group'))
          .filter((c): c is string => c !== undefined),
      };
    }),
  );
}

function tlsInspection(
  ctx: SiteContext,
  policy: TfResource | undefined,
  declaration: SiteDeclaration | undefined,
): TlsInspection {
  const certificate =
    policy === undefined
      ? undefined
      : ctx.read(
          policy,
          (r) =>
            r.blocks('tls_certificate')[0]?.str('key_vault_secret_id') ??
            (r.has('tls_certificate') ? unknown(`${policy.address}.tls_certificate`) : undefined),
        );
  const minimum =
    declaration?.tlsInspectionMinVersion !== undefined ? { minTlsVersion: declaration.tlsInspectionMinVersion } : {};
  if (certificate === undefined || policy === undefined) return { enabled: false, ...minimum };
  return { enabled: true, caCertificate: certificate, ...minimum, path: policy.path };
}

/** The Azure Firewall explicit proxy when the policy turns it on and no proxy is declared. */
function explicitProxy(
  ctx: SiteContext,
  policy: TfResource | undefined,
  firewallName: string | undefined,
): ProxySettings | undefined {
  if (policy === undefined) return undefined;
  return ctx.read(policy, (r) => {
    const block = r.blocks('explicit_proxy')[0];
    if (block === undefined || block.bool('enabled') !== true) return undefined;
    const port = block.str('http_port') ?? block.str('https_port');
    return {
      kind: 'http',
      endpoint: `${firewallName ?? policy.address}:${port === undefined || isUnknown(port) ? '?' : port}`,
      azureExplicitProxy: true,
      path: policy.path,
    };
  });
}

/** The custo diagnostics SSL ports: a DNAT of one of them to an internal host is a centre in port-forward mode. */
const CUSTO_SSL_PORTS = ['8443', '18443', '28443'];

/** True when the forward's target is a private (RFC 1918 / RFC 6598) address. */
function toInternalHost(forward: InboundForward): boolean {
  const target = forward.internalAddress;
  const cidr = isUnknown(target) ? undefined : cidrOf(target);
  return cidr !== undefined && PRIVATE_RANGES.some((range) => range.contains(cidr));
}

/**
 * Vendor settings as declared, plus what plain Terraform says without clinicnet's encodings:
 * a custo site with no declared mode that forwards a custo SSL port to an internal host is
 * the evaluation centre in port-forward mode.
 */
function inferredVendor(
  packs: readonly VendorPackId[],
  vendor: VendorSettings,
  inbound: readonly InboundForward[],
): VendorSettings {
  if (!packs.includes('custo') || vendor.custo?.mode !== undefined) return vendor;
  const isSslPort = (port: Maybe<string>) => !isUnknown(port) && CUSTO_SSL_PORTS.includes(port);
  const forwards = inbound.some((f) => (isSslPort(f.externalPort) || isSslPort(f.internalPort)) && toInternalHost(f));
  if (!forwards || (vendor.custo !== undefined && vendor.custo.role !== 'centre')) return vendor;
  return { ...vendor, custo: { ...vendor.custo, role: 'centre', mode: 'port-forward' } };
}

/**
 * Reads the whole site; `declared` is the declaration's vendor settings with any the command line
 * gives, to which what the resources say is added (the OnePacs gateway, custo's mode).
 */
export function readSite(
  ctx: SiteContext,
  identity: SiteIdentity,
  policy: TfResource | undefined,
  declaration: SiteDeclaration | undefined,
  declared: VendorSettings = declaration?.vendor ?? {},
): Site {
  // The gateway first: the subnet it is read from is the site's imaging-gateway subnet.
  const vendor = withOnepacsGateway(ctx, identity.packs, declared);
  const vnets = withEgressRoutes(ctx, readVnets(ctx, vendor.onepacs?.gatewaySubnet));
  const firewall = readFirewall(ctx, policy);
  const { egress, inbound } = readRules(ctx);
  const vpn = readVpnGateway(ctx, vnets);
  const proxy =
    declaration?.proxy !== undefined
      ? { ...declaration.proxy, path: identity.declarationPath }
      : explicitProxy(ctx, policy, firewall?.name);
  const pools = [...(declaration?.vpnClientPools ?? []), ...vpn.clientPools];
  const firewallServers =
    policy === undefined ? [] : ctx.read(policy, (r) => r.blocks('dns')[0]?.strings('servers') ?? []);
  // Built by assignment in the model's key order, not with conditional spreads: every rule reads the site.
  const site: Draft<Site> = {
    name: identity.name,
    kind: identity.kind,
    region: regionOf(ctx, policy),
    packs: identity.packs,
    path: identity.path,
    vnets,
  };
  if (firewall !== undefined) site.firewall = firewall;
  site.egress = egress;
  site.inbound = inbound;
  if (proxy !== undefined) site.proxy = proxy;
  site.bypass = (declaration?.bypass ?? []).map((b) => ({ ...b, path: identity.declarationPath }));
  site.tlsInspection = tlsInspection(ctx, policy, declaration);
  site.natEgress = readNatEgress(ctx);
  if (vpn.gateway !== undefined) site.vpnGateway = vpn.gateway;
  site.vpnLinks = [...readVpnLinks(ctx, vpn.vnet), ...readVwanVpnLinks(ctx, vnets)];
  site.vpnClientPools = [...new Map(pools.map((p) => [isUnknown(p) ? p.unknown : p, p])).values()];
  site.logSinks = logSinks(ctx);
  site.dns = {
    firewallServers,
    privateZones: ctx.ofType('azurerm_private_dns_zone').map((z) => ctx.read(z, (r) => r.text('name') ?? z.address)),
  };
  site.vendor = inferredVendor(identity.packs, vendor, inbound);
  site.placements = readPlacements(ctx);
  return site as Site;
}
