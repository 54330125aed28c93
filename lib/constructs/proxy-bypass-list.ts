// SPDX-License-Identifier: Apache-2.0
/**
 * Hosts that must be neither TLS-inspected nor proxied (custo's `*.customed.de`, pinned
 * vendor endpoints). With TLS inspection on, they get an application rule with
 * `terminate_tls = false`; with a proxy, the site's PAC file sends them DIRECT; either way
 * the site's proxy-override and NO_PROXY files list them.
 */
import { Construct } from 'constructs';
import { defineError } from '../core/errors';
import { encodeAnnotations } from '../model/encoding';
import type { Fqdn } from '../net/fqdn';
import type { ClinicSite } from './clinic-site';
import { isToken } from './values';
import { recordCallSite } from './call-site';

/** One bypassed host. */
export interface BypassHostProps {
  /** Hostname or wildcard (`*.customed.de`). */
  readonly host: Fqdn;
  /** Why the host must not be inspected or proxied. */
  readonly reason: string;
  /**
   * Catalog requirement id (`CUSTO-NO-TLS-INSPECT`).
   * @default - none
   */
  readonly requirement?: string;
}

/** A list of bypassed hosts for one site. */
export interface ProxyBypassListProps {
  /** The hosts, each with its reason. */
  readonly hosts: BypassHostProps[];
  /**
   * Ports of the HTTPS traffic to those hosts (for the no-inspection rule).
   * @default [443]
   */
  readonly httpsPorts?: number[];
}

const bypassInvalid = defineError({
  code: 'BYPASS-INVALID',
  title: 'A proxy bypass list was declared with missing or inconsistent entries.',
  message: (list: string, got: string, expected: string, fix: string) =>
    `invalid bypass list "${list}" — got ${got}, expected ${expected}; fix: ${fix}`,
  example: ['custo', 'no hosts', 'at least one host', 'list the hosts, e.g. Fqdn.parse("*.customed.de")'],
});

/** Records the bypass entries and, with TLS inspection on, emits the no-inspection rule. */
export class ProxyBypassList extends Construct {
  public constructor(site: ClinicSite, id: string, props: ProxyBypassListProps) {
    const hosts = validate(site, id, props);
    super(site, id);
    recordCallSite(this);
    site.declareBypass(
      props.hosts.map((h) => ({
        host: h.host.toString(),
        reason: h.reason,
        ...(h.requirement !== undefined && { requirement: h.requirement }),
      })),
    );
    if (site.tlsInspection === undefined) return;
    const fw = site.requireFirewall(`bypass list "${id}"`);
    const ports = props.httpsPorts ?? [443];
    const sources = site.sourcePrefixes();
    const requirement = [...new Set(props.hosts.map((h) => h.requirement).filter((r): r is string => r !== undefined))]
      .sort()
      .join(',');
    const purpose = `not inspected: ${props.hosts
      .map((h) => `${h.host.toString()} (${h.reason})`)
      .sort()
      .join(', ')}`;
    fw.rules.addApplicationRule('bypass-no-inspection', {
      name: `bypass-${id}`,
      description: encodeAnnotations({ app: 'https', req: requirement || undefined, purpose }),
      sourceAddresses: sources,
      destinationFqdns: hosts,
      protocols: ports.map((port) => ({ type: 'Https', port })),
      terminateTls: false,
    });
  }
}

function validate(site: ClinicSite, id: string, props: ProxyBypassListProps): string[] {
  // The no-inspection rule's name is checked now, so a clash leaves nothing recorded.
  if (site.tlsInspection !== undefined) site.requireFirewall(`bypass list "${id}"`).rules.checkName(`bypass-${id}`);
  if (props.hosts.length === 0)
    throw bypassInvalid(id, 'no hosts', 'at least one host', 'list the hosts, e.g. Fqdn.parse("*.customed.de")');
  const seen = new Set<string>();
  for (const entry of props.hosts) {
    const host = entry.host.toString();
    if (entry.reason.trim().length === 0)
      throw bypassInvalid(
        id,
        `an empty reason for ${host}`,
        'a reason per host',
        'say why the host must not be inspected or proxied',
      );
    if (seen.has(host)) throw bypassInvalid(id, `${host} twice`, 'each host once', 'drop the duplicate');
    seen.add(host);
  }
  if (props.httpsPorts?.length === 0)
    throw bypassInvalid(
      id,
      'an empty httpsPorts list',
      'at least one port',
      'leave httpsPorts out for 443, or list the ports',
    );
  for (const port of props.httpsPorts ?? []) {
    if (!isToken(port) && (!Number.isInteger(port) || port < 1 || port > 65535))
      throw bypassInvalid(id, `httpsPorts entry ${port}`, 'ports from 1 to 65535', 'correct the port');
  }
  return [...seen].sort();
}
