// SPDX-License-Identifier: Apache-2.0
/**
 * The settings a clinic's IT must make on its own systems (not in Azure) for each vendor
 * pack the site declares. Every item is filled from the site's model and cites the
 * requirement it serves; NETWORK.md adds the requirement's document from the packs.
 */
import { markdownCode, markdownText } from '../core/escape';
import { isUnknown, type Site, type VendorPackId } from '../model/types';
import { unknownText } from './unknown-text';
import { handedToProxy } from '../policy/proxied-flows';

/** One thing to set on a clinic system, and the requirement it serves. */
export interface VendorSetting {
  readonly requirement: string;
  /** Markdown, one paragraph; every model value in it already escaped. */
  readonly text: string;
}

/** Inputs besides the site that the settings mention. */
export interface SettingsInput {
  /** The Windows proxy-override string for Internet Options, when the site has a proxy. @default none */
  readonly proxyOverride?: string;
}

/** Vendor hosts the site's flows name for requirements with this prefix. */
function hostsFor(site: Site, prefix: string): string[] {
  const hosts = site.egress
    .filter((f) => f.action === 'Allow' && f.requirement?.startsWith(prefix))
    .flatMap((f) => f.fqdns.filter((h): h is string => !isUnknown(h)));
  return [...new Set(hosts)].sort();
}

/** A model value as inline code, escaped so it cannot end the span or form Markdown. */
const code = (value: string) => markdownCode(value);

function inspectionCa(site: Site, requirement: string): VendorSetting[] {
  if (!site.tlsInspection.enabled) return [];
  const ca = site.tlsInspection.caCertificate;
  const where =
    ca === undefined
      ? 'the inspection CA'
      : isUnknown(ca)
        ? `the inspection CA (${markdownText(unknownText(ca.unknown))})`
        : `the inspection CA ${code(ca)}`;
  return [
    {
      requirement,
      text: `Import ${where} into the practice server's *Trusted Root Certification Authorities* store (Local Computer); the firewall inspects TLS.`,
    },
  ];
}

/** Names of the allowed Lumos flows the clients keep off the proxy (the explicit proxy cannot carry FTPS). */
function lumosOffProxy(site: Site): string[] {
  if (site.proxy?.azureExplicitProxy !== true) return [];
  return site.egress
    .filter((f) => f.action === 'Allow' && f.requirement?.startsWith('LUMOS-') === true && !handedToProxy(site, f))
    .map((f) => f.name)
    .sort();
}

function lumos(site: Site, input: SettingsInput): VendorSetting[] {
  const proxy = site.proxy;
  const offProxy = lumosOffProxy(site);
  // The scheduler sends all its transfers to the proxy it is given: not one that cannot carry some.
  const scheduler =
    proxy === undefined
      ? 'CAT4 scheduler (Clinical Audit preferences, Scheduler tab): leave *Proxy Server Address* empty; the clinic reaches the Lumos hosts by NAT.'
      : offProxy.length > 0
        ? `CAT4 scheduler (Clinical Audit preferences, Scheduler tab): leave *Proxy Server Address* empty; the firewall's explicit proxy carries only HTTP and HTTPS, so ${offProxy.map(code).join(', ')} reach the Lumos hosts by NAT.`
        : `CAT4 scheduler (Clinical Audit preferences, Scheduler tab): set *Proxy Server Address* to ${code(proxy.endpoint)} (format hostname:port, HTTP proxy).`;
  const settings: VendorSetting[] = [{ requirement: 'LUMOS-NAT-OR-PROXY', text: scheduler }];
  if (proxy !== undefined) {
    const exceptions = input.proxyOverride === undefined ? '' : ` and list the exceptions ${code(input.proxyOverride)}`;
    settings.push({
      requirement: 'LUMOS-PROXY-EXCEPTIONS',
      text: `Windows Internet Options → LAN settings on the practice server: use the proxy ${code(proxy.endpoint)} machine-wide${exceptions}.`,
    });
  }
  const hosts = hostsFor(site, 'LUMOS-');
  if (hosts.length > 0) {
    settings.push({
      requirement: 'LUMOS-BY-HOSTNAME',
      text: `Any firewall or proxy exception on the clinic side names the hosts ${hosts.map(code).join(', ')}, never their IP addresses.`,
    });
  }
  const os = site.vendor.lumos?.extractionHostOs;
  settings.push({
    requirement: 'LUMOS-TLS12',
    text: `The practice server negotiates TLS 1.2 for the portal and for FTPS${os === undefined ? '' : ` (declared OS: ${markdownText(String(os))}; Vista/2008 SP2 need KB4019276, 7/2008 R2 need KB3140245, XP/2003 cannot)`}.`,
  });
  return [...settings, ...inspectionCa(site, 'LUMOS-TLS-INSPECT-CA')];
}

function custo(site: Site): VendorSetting[] {
  const custo = site.vendor.custo;
  const settings: VendorSetting[] = [];
  if (custo?.sslPort !== undefined) {
    const port = markdownText(String(custo.sslPort));
    // Only a centre takes connections: a sender connects out and forwards nothing.
    const text =
      custo.role === 'sender'
        ? `The custo sender connects to the evaluation centre's diagnostic SSL port ${port}; nothing is forwarded to this site.`
        : `custo diagnostic SSL port: ${port}${custo.mode === 'port-forward' ? ', forwarded with the same number outside and inside' : ''}.`;
    settings.push({ requirement: 'CUSTO-INBOUND-PORT', text });
  }
  const path = custo?.role === 'centre' ? 'between the senders and this evaluation centre' : 'to the evaluation centre';
  settings.push({
    requirement: 'CUSTO-NO-TLS-INSPECT',
    text: `No proxy or TLS-inspecting device at this site may break the TLS chain ${path}: add ${code('*.customed.de')} as an exception on each.`,
  });
  if (custo?.role === 'centre') {
    const hosts = hostsFor(site, 'CUSTO-');
    settings.push({
      requirement: 'CUSTO-CLOUD-EGRESS',
      text: `The evaluation centre's server reaches ${hosts.length > 0 ? hosts.map(code).join(', ') : 'the custo cloud server'} over HTTPS and trusts the Let's Encrypt certificates.`,
    });
  }
  return settings;
}

function immtrac(site: Site): VendorSetting[] {
  const hosts = hostsFor(site, 'IMMTRAC-');
  return [
    {
      requirement: 'IMMTRAC-BY-HOSTNAME',
      text: `The transfer client connects to ${hosts.length > 0 ? hosts.map(code).join(', ') : 'the registry'} by hostname, never by IP address.`,
    },
    { requirement: 'IMMTRAC-TLS12', text: 'FTPS is implicit TLS, version 1.2 or later.' },
    {
      requirement: 'IMMTRAC-TIMEOUTS',
      text: 'The transfer client uses a 65-second network timeout and disconnects after each transfer.',
    },
  ];
}

function hl7(): VendorSetting[] {
  return [
    {
      requirement: 'HL7-ENCRYPTED',
      text: 'HL7 interfaces send MLLP only over the VPN or over TLS (MLLP/TLS, SFTP, FTPS, HTTPS), never in clear text over the internet.',
    },
    {
      requirement: 'HL7-SFTP-FTPS',
      text: 'Each file-transfer interface is set to the protocol the partner uses: SFTP (SSH, port 22) and FTPS (TLS) do not interoperate.',
    },
  ];
}

function onepacs(site: Site): VendorSetting[] {
  const address = site.vendor.onepacs?.gatewayAddress;
  return [
    {
      requirement: 'ONEPACS-STATIC-IP',
      text: `The OnePacs gateway server keeps a fixed internal address${address === undefined ? '' : ` (${code(address)})`}.`,
    },
    {
      requirement: 'ONEPACS-NO-INBOUND',
      text: 'The gateway server accepts no connections from the internet; its Windows firewall allows only the gateway components from the clinic network.',
    },
  ];
}

/** The settings for every pack the site declares, in pack order. */
export function vendorSettings(
  site: Site,
  input: SettingsInput = {},
): { pack: VendorPackId; settings: VendorSetting[] }[] {
  const byPack: Record<VendorPackId, () => VendorSetting[]> = {
    lumos: () => lumos(site, input),
    custo: () => custo(site),
    immtrac: () => immtrac(site),
    hl7: () => hl7(),
    onepacs: () => onepacs(site),
  };
  // A user's pack has no settings to hand over.
  return site.packs.filter((pack) => Object.hasOwn(byPack, pack)).map((pack) => ({ pack, settings: byPack[pack]() }));
}
