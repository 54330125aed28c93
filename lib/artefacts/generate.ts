// SPDX-License-Identifier: Apache-2.0
/** Every hand-over file for one site, as name and content, from the model and the packs. */
import type { Site } from '../model/types';
import { builtinPacks, type Pack } from '../policy/pack';
import { isUnknown } from '../model/types';
import { Cidr } from '../net/cidr';
import { type LocalExceptions, noProxyValue, pacFile, ProxyEndpoint, windowsProxyOverride } from './proxy-config';
import { renderConnectivityTest } from './connectivity-test';
import { renderNetworkDoc } from './network-md';
import { requirementFacts, type RequirementFacts } from './pack-info';
import { vpnPeerSheets } from './vpn-peer-sheet';
import { appendAll } from '../core/append';
import { directHosts, proxiedHosts } from '../policy/proxied-flows';

/** One file of a site's hand-over. */
export interface ArtefactFile {
  /** File name inside the site's directory. */
  readonly name: string;
  readonly content: string;
}

/** What the generators may know besides the model. */
export interface ArtefactOptions {
  /** Packs that give vendor names and documents. @default the packs shipped in policies/ */
  readonly packs?: readonly Pack[];
}

/**
 * The site's files, sorted by name: `NETWORK.md`, `connectivity-test.ps1`, the client
 * forms of its bypass list (`proxy-override.txt`, `no-proxy.txt` when it has bypass
 * entries or a proxy; `proxy.pac` when it declares a proxy whose endpoint is a valid `host:port` —
 * NETWORK.md and the script say so when it is not), and a `vpn-peer-<link>.md` per VPN link.
 * With the Azure Firewall explicit proxy, the PAC file sends only the hosts of the flows handed to
 * the proxy there (everything else DIRECT), and the exception lists add the hosts of the flows
 * kept off it (FTPS, SFTP: the proxy cannot carry them).
 */
export function siteArtefacts(site: Site, options: ArtefactOptions = {}): ArtefactFile[] {
  return artefactWriter(options)(site);
}

/**
 * {@link siteArtefacts} for many sites: what every site shares (the packs' requirement facts) is
 * worked out once, not once per site.
 */
export function artefactWriter(options: ArtefactOptions = {}): (site: Site) => ArtefactFile[] {
  const requirements = requirementFacts(options.packs ?? builtinPacks());
  return (site) => filesOf(site, requirements);
}

function filesOf(site: Site, requirements: ReadonlyMap<string, RequirementFacts>): ArtefactFile[] {
  const bypass = site.bypass.map((b) => b.host);
  // The explicit proxy carries only what application rules allow: the PAC names those hosts, and
  // the lists of exceptions (which cannot name what goes to a proxy) add the hosts kept off it.
  const proxied = proxiedHosts(site);
  const hosts = proxied === undefined ? bypass : [...bypass, ...directHosts(site)];
  const local = localExceptions(site);
  // With a proxy, the local exceptions alone are worth handing out (the practice's own web apps).
  const proxyOverride = hosts.length > 0 || site.proxy !== undefined ? windowsProxyOverride(hosts, local) : undefined;
  const files: ArtefactFile[] = [
    {
      name: 'NETWORK.md',
      content: renderNetworkDoc(site, { requirements, proxyOverride }),
    },
    { name: 'connectivity-test.ps1', content: renderConnectivityTest(site) },
  ];
  if (proxyOverride !== undefined) {
    files.push(
      { name: 'proxy-override.txt', content: `${proxyOverride}\n` },
      { name: 'no-proxy.txt', content: `${noProxyValue(hosts, local)}\n` },
    );
  }
  const endpoint = site.proxy === undefined ? undefined : ProxyEndpoint.parse(site.proxy.endpoint);
  if (endpoint !== undefined) files.push({ name: 'proxy.pac', content: pacFile(endpoint, bypass, local, proxied) });
  appendAll(files, vpnPeerSheets(site));
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The site's own address spaces as far as they are known (an unknown one is simply not excepted). */
function localExceptions(site: Site): LocalExceptions {
  const spaces = site.vnets.flatMap((v) => v.addressSpaces).filter((a): a is string => !isUnknown(a));
  return { addressSpaces: spaces.flatMap(prefixIn) };
}

/** The prefix `text` names, or none; parsed once (`Cidr.isCidr`, then `Cidr.parse`, would parse it twice). */
function prefixIn(text: string): Cidr[] {
  try {
    return [Cidr.parse(text)];
  } catch {
    return [];
  }
}
