// SPDX-License-Identifier: Apache-2.0
/**
 * A hostname flow's declared application protocol must be the one the vendor packs give that
 * host and port: FTPS labelled `https` would become an application rule, which the firewall
 * (and its explicit proxy) treats as HTTPS and breaks. Every pack the app knows counts, declared
 * by the site or not: what a vendor's port carries does not depend on the site.
 */
import { defineError } from '../core/errors';
import { Fqdn } from '../net/fqdn';
import { Port } from '../net/port';
import { everyVendorFlow } from '../policy/vendor-flows';
import type { HostnameEgressProps } from './egress';
import type { ClinicSite } from './clinic-site';
import { packsOf } from './packs';

const protocolMismatch = defineError({
  code: 'EGRESS-PROTOCOL-MISMATCH',
  title: "A flow's declared application protocol is not the one a vendor pack gives its host and port.",
  message: (name: string, got: string, expected: string, app: string) =>
    `flow "${name}" declares the wrong application protocol — got ${got}, expected ${expected}; fix: declare app: '${app}' for that port (FTPS and SFTP are network rules), or use site.allowVendor`,
  example: [
    'immtrac-upload',
    "app 'https' on TCP 990 to immtrac-ftp1.dshs.state.tx.us",
    "app 'ftps-implicit' (IMMTRAC-METHOD)",
    'ftps-implicit',
  ],
});

/** True when the two hostname entries (either may be a wildcard) can name the same host. */
function sameHost(a: string, b: string): boolean {
  return Fqdn.parse(a).matches(b) || Fqdn.parse(b).matches(a);
}

/** True when the ports share a port of a common transport. */
function touch(a: Port, b: Port): boolean {
  const transport = a.protocol === 'any' || b.protocol === 'any' || a.protocol === b.protocol;
  return transport && a.from <= b.to && b.from <= a.to;
}

/**
 * Throws EGRESS-PROTOCOL-MISMATCH when the packs say a declared host and port carry another
 * protocol (and none of them says the declared one: a pack may offer a port under two methods).
 */
export function checkVendorProtocol(site: ClinicSite, props: HostnameEgressProps): void {
  const flows = everyVendorFlow(packsOf(site));
  for (const host of props.fqdns)
    for (const port of props.ports) {
      const said = flows.filter(
        (v) => sameHost(host.toString(), v.host) && touch(port, Port.parse(v.port, v.protocol)),
      );
      const other = said.find((v) => v.app !== props.app);
      if (other !== undefined && !said.some((v) => v.app === props.app))
        throw protocolMismatch(
          props.name,
          `app '${props.app}' on ${port.describe()} to ${host.toString()}`,
          `app '${other.app}' (${other.requirement})`,
          other.app,
        );
    }
}
