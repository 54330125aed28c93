// SPDX-License-Identifier: Apache-2.0
/** The `clinicnet_site` output: site facts that no Azure resource carries. */
import type { SiteDeclaration } from '../model/encoding';
import { isObject } from './document';

const stringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/**
 * The declaration in an output value (an object, or JSON text of one). Returns the
 * reason instead when the value is not a declaration, so the caller can report it.
 */
export function parseDeclaration(value: unknown): SiteDeclaration | string {
  let data = value;
  if (typeof value === 'string') {
    if (value.includes('${')) return `the output is an unresolved expression (${value})`;
    try {
      data = JSON.parse(value);
    } catch {
      return 'the output is text that is not JSON';
    }
  }
  if (!isObject(data)) return 'the output is not an object';
  if (typeof data.site !== 'string' || data.site === '') return 'the output has no "site" name';
  if (data.kind !== undefined && data.kind !== 'clinic' && data.kind !== 'hub') return `"kind" is ${JSON.stringify(data.kind)}, expected clinic or hub`;
  if (data.packs !== undefined && !stringList(data.packs)) return '"packs" is not a list of pack ids';
  if (data.vpnClientPools !== undefined && !stringList(data.vpnClientPools)) return '"vpnClientPools" is not a list of CIDRs';
  if (data.bypass !== undefined && !(Array.isArray(data.bypass) && data.bypass.every((b) => isObject(b) && typeof b.host === 'string'))) {
    return '"bypass" is not a list of {host, reason}';
  }
  if (data.proxy !== undefined && !(isObject(data.proxy) && typeof data.proxy.kind === 'string' && typeof data.proxy.endpoint === 'string')) {
    return '"proxy" is not {kind, endpoint, azureExplicitProxy}';
  }
  if (data.vendor !== undefined && !isObject(data.vendor)) return '"vendor" is not an object';
  return {
    ...(data as unknown as SiteDeclaration),
    kind: data.kind === 'hub' ? 'hub' : 'clinic',
    packs: (data.packs ?? []) as SiteDeclaration['packs'],
    bypass: (data.bypass ?? []) as SiteDeclaration['bypass'],
    vendor: (data.vendor ?? {}) as SiteDeclaration['vendor'],
    vpnClientPools: (data.vpnClientPools ?? []) as string[],
  };
}
