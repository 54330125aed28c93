// SPDX-License-Identifier: Apache-2.0
/**
 * `site.allowVendor('lumos')`: emits exactly the egress flows a vendor pack requires,
 * by hostname, read from the pack through lib/policy's `vendorFlows` (the flows the
 * `required-egress-flows` rule checks), so the compliant path is the short one and the
 * two can never drift apart.
 */
import { defineError } from '../core/errors';
import type { EgressFlow, Site } from '../model/types';
import { Fqdn } from '../net/fqdn';
import { Port } from '../net/port';
import type { Pack } from '../policy/pack';
import type { EgressMethod, VendorFlow as RequiredVendorFlow } from '../policy/vendor-flows';
import { REQUIRED_EGRESS_FLOWS, vendorFlows as packFlows } from '../policy/vendor-flows';
import type { ClinicSite } from './clinic-site';
import { packsOf } from './packs';

const noVendorFlows = defineError({
  code: 'VENDOR-NO-FLOWS',
  title: 'allowVendor was called for a pack that requires no egress flows at this site.',
  message: (vendor: string, site: string, withFlows: string) =>
    `no flows to allow for vendor ${vendor} on site ${site} — got a pack (or custo role) without required egress flows, expected one of ${withFlows}; fix: drop the call, or declare the custo role first`,
  example: ['hl7', 'nsw-gp', 'lumos, custo (centre), immtrac'],
});

/** One flow allowVendor will emit, with the requirement it serves and its rule name. */
export interface VendorFlow extends RequiredVendorFlow {
  readonly name: string;
}

/** Options of {@link allowVendor}. */
export interface AllowVendorOptions {
  /**
   * Name of the method to use where a requirement offers several (ImmTrac: `HTTPS`,
   * `FTPS` or `SFTP`), as named in the pack.
   * @default the pack's preferred (first) method
   */
  readonly method?: string;
  /**
   * Workload subnets the vendor's flows come from (the subnet of the Lumos extraction host, say).
   * @default - every workload subnet of the site
   */
  readonly sourceSubnets?: string[];
  /**
   * Whether the vendor's HTTP and HTTPS flows are handed to the firewall's explicit proxy
   * (`false` keeps them on their own rules and the site's NAT egress). Flows of other
   * protocols (FTPS, SFTP, MLLP) never go through the proxy, which carries only HTTP(S).
   * @default as `allowEgress`: true on a site with `explicitProxy`, false otherwise
   */
  readonly viaProxy?: boolean;
}

const packNotDeclared = defineError({
  code: 'VENDOR-PACK-NOT-DECLARED',
  title: 'allowVendor was called for a vendor pack the site does not declare in `packs`.',
  message: (vendor: string, site: string, declared: string) =>
    `vendor ${vendor} is not declared on site ${site} — got allowVendor('${vendor}') with packs [${declared}], expected '${vendor}' in the site's packs; fix: add '${vendor}' to the site's packs, so its requirements are checked too`,
  example: ['lumos', 'nsw-gp', ''],
});

const unknownMethod = defineError({
  code: 'VENDOR-METHOD-UNKNOWN',
  title: 'allowVendor was given a method name the pack does not offer.',
  message: (vendor: string, method: string, offered: string) =>
    `unknown ${vendor} method — got "${method}", expected one of ${offered}; fix: use a method name from policies/${vendor}.json`,
  example: ['immtrac', 'FTP', 'HTTPS, FTPS, SFTP'],
});

/** The application protocols the explicit proxy carries. */
const PROXIED_APPS: ReadonlySet<string> = new Set(['http', 'https']);

/** The flows a pack requires at a site, with the rule names allowVendor gives them. */
export function vendorFlows(pack: Pack, site: Pick<Site, 'vendor'>, options: AllowVendorOptions = {}): VendorFlow[] {
  return packFlows(pack, site, (methods) => chooseMethod(pack.id, methods, options.method)).map((f) => ({
    ...f,
    name: `${flowStem(pack.id, f.host)}-${f.port}`,
  }));
}

/** `lumos-csu` for csu.cherel.org.au; `immtrac-ftp1` rather than `immtrac-immtrac-ftp1`. */
function flowStem(vendor: string, host: string): string {
  const label = host.split('.')[0];
  return label.startsWith(vendor) ? label : `${vendor}-${label}`;
}

function chooseMethod(vendor: string, methods: readonly EgressMethod[], name: string | undefined): EgressMethod {
  if (name === undefined || methods.length === 1) return methods[0];
  const method = methods.find((m) => m.name.toLowerCase() === name.toLowerCase());
  if (method === undefined) throw unknownMethod(vendor, name, methods.map((m) => m.name).join(', '));
  return method;
}

/** The packs with flows to allow, as the error names them: `custo (centre)` when only some roles have flows. */
function packsWithFlows(packs: readonly Pack[]): string {
  return packs
    .map((pack) => {
      const entries = pack.requirements.filter((e) => e.rule === REQUIRED_EGRESS_FLOWS);
      if (entries.length === 0) return undefined;
      const roles = entries.every((e) => e.when?.custoRoles !== undefined)
        ? [...new Set(entries.flatMap((e) => e.when?.custoRoles ?? []))]
        : [];
      return roles.length === 0 ? pack.id : `${pack.id} (${roles.join('/')})`;
    })
    .filter((text) => text !== undefined)
    .join(', ');
}

/**
 * Emits the vendor's required flows on the site; returns them as the model records them.
 * `packs` defaults to the built-in packs and those registered on the app ({@link registerPack}).
 */
export function allowVendor(
  site: ClinicSite,
  vendor: string,
  options: AllowVendorOptions = {},
  packs: readonly Pack[] = packsOf(site),
): EgressFlow[] {
  const pack = packs.find((p) => p.id === vendor);
  // Flows of a pack the site does not declare would pass unchecked: the pack's rules would not run.
  if (pack !== undefined && pack.appliesTo === 'declared' && !site.declaredPacks.includes(vendor))
    throw packNotDeclared(vendor, site.siteName, site.declaredPacks.join(', '));
  const flows = pack === undefined ? [] : vendorFlows(pack, { vendor: site.declaredVendor() }, options);
  if (flows.length === 0) throw noVendorFlows(vendor, site.siteName, packsWithFlows(packs));
  return flows.map((f) =>
    site.allowEgress({
      name: f.name,
      fqdns: [Fqdn.parse(f.host)],
      ports: [Port.parse(f.port, f.protocol)],
      app: f.app,
      purpose: `${f.title} (${vendor})`,
      requirement: f.requirement,
      ...(options.sourceSubnets !== undefined && { sourceSubnets: options.sourceSubnets }),
      ...(options.viaProxy !== undefined && PROXIED_APPS.has(f.app) && { viaProxy: options.viaProxy }),
    }),
  );
}
