// SPDX-License-Identifier: Apache-2.0
/**
 * Files written next to a site's synthesized stack, in `<outdir>/clinicnet/<site>/`:
 * the client-side forms of its bypass list (`proxy-override.txt`, `no-proxy.txt`, and
 * `proxy.pac` when the site declares a proxy).
 */
import * as fs from 'fs';
import * as path from 'path';
import { noProxyValue, pacFile, windowsProxyOverride } from '../report/proxy-config';
import type { ClinicSite } from './clinic-site';

/** Directory, relative to the app's outdir, that holds a site's clinicnet files. */
export function siteArtefactDir(siteName: string): string {
  return path.join('clinicnet', siteName);
}

/**
 * Wraps the stack's synthesizer so the files are written once the stack itself has
 * synthesized; `bypassHosts` is read then, after every construct has run.
 */
export function writeSiteArtefacts(site: ClinicSite, bypassHosts: () => string[]): void {
  const inner = site.synthesizer;
  site.synthesizer = {
    synthesize(session) {
      inner.synthesize(session);
      const hosts = bypassHosts();
      if (hosts.length === 0) return;
      const dir = path.join(session.outdir, siteArtefactDir(site.siteName));
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'proxy-override.txt'), `${windowsProxyOverride(hosts)}\n`);
      fs.writeFileSync(path.join(dir, 'no-proxy.txt'), `${noProxyValue(hosts)}\n`);
      if (site.proxyEndpoint !== undefined) fs.writeFileSync(path.join(dir, 'proxy.pac'), pacFile(site.proxyEndpoint, hosts));
    },
  };
}
