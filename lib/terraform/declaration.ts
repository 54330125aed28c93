// SPDX-License-Identifier: Apache-2.0
/** The `clinicnet_site` output: site facts that no Azure resource carries. */
import Ajv from 'ajv';
import type { SiteDeclaration } from '../model/encoding';
import schema from '../model/schema.json';
import { ClinicnetError } from '../core/errors';
import { memoByText } from '../core/memo';
import type { Suppression } from '../policy/evaluation';
import { parseSuppression } from '../policy/suppressions';
import { declarationFormatProblem } from './declaration-formats';
import { isObject } from './document';

// The declaration's vendor settings, bypass entries and proxy enter the model as they are:
// hold them to the model schema here, so a hand-edited output cannot make an invalid model.
// Only the definitions are registered: with the model's root schema, asking for one definition
// compiled the whole model schema (about 120 ms of every command's start-up).
// Compiled on first use, so plain Terraform and plans, which carry no declaration, never pay for it.
const DEFINITIONS_ID = `${schema.$id}/definitions`;
let ajv: Ajv | undefined;
const definition = (name: string) => {
  let validate: ((value: unknown) => boolean) | undefined;
  return (value: unknown): boolean => {
    if (validate === undefined) {
      ajv ??= new Ajv({ strict: true }).addSchema({
        $id: DEFINITIONS_ID,
        $schema: schema.$schema,
        definitions: schema.definitions,
      });
      validate = ajv.getSchema(`${DEFINITIONS_ID}#/definitions/${name}`);
      if (validate === undefined) throw new Error(`model schema has no definition ${name}`);
    }
    return validate(value) === true;
  };
};
const validVendor = definition('VendorSettings');
/** True when the value is vendor settings as the model schema describes them (a `--sites` file's too). */
export const isVendorSettings = validVendor;
const validBypass = definition('BypassEntry');
const validProxy = definition('ProxySettings');
const TLS_VERSIONS = ['1.0', '1.1', '1.2', '1.3'];

// Every site of an estate declares the same few bypass entries: each distinct one (as JSON text;
// declarations are JSON data) is held to the schema once, read back from its text. (Vendor settings
// are validated directly: their text is longer, and writing and hashing it cost more than the check.)
const validBypassText = memoByText((text) => validBypass({ ...(JSON.parse(text) as object), path: '' }));

const stringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** True when a `${…}` appears anywhere in the value, keys included (no JSON text built per stack). */
function holdsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(holdsExpression);
  if (isObject(value)) {
    for (const key in value) if (key.includes('${') || holdsExpression(value[key])) return true;
  }
  return false;
}

/**
 * The declaration in an output value (an object, or JSON text of one). Returns the
 * reason instead when the value is not a declaration, so the caller can report it.
 * @param requirements requirement ids of the loaded packs (default: the built-in packs')
 */
export function parseDeclaration(value: unknown, requirements?: ReadonlySet<string>): SiteDeclaration | string {
  let data = value;
  if (typeof value === 'string') {
    if (value.includes('${')) return 'the output is an unresolved expression';
    try {
      data = JSON.parse(value);
    } catch {
      return 'the output is text that is not JSON';
    }
  }
  if (!isObject(data)) return 'the output is not an object';
  // Every fact of a declaration is a literal when clinicnet writes it; an expression inside is unknowable here.
  if (holdsExpression(data)) return 'the output holds unresolved expressions';
  if (typeof data.site !== 'string' || data.site === '') return 'the output has no "site" name';
  if (data.kind !== undefined && data.kind !== 'clinic' && data.kind !== 'hub')
    return `"kind" is ${JSON.stringify(data.kind)}, expected clinic or hub`;
  if (data.packs !== undefined && !stringList(data.packs)) return '"packs" is not a list of pack ids';
  if (data.vpnClientPools !== undefined && !stringList(data.vpnClientPools))
    return '"vpnClientPools" is not a list of CIDRs';
  if (
    data.bypass !== undefined &&
    !(Array.isArray(data.bypass) && data.bypass.every((b) => isObject(b) && typeof b.host === 'string'))
  ) {
    return '"bypass" is not a list of {host, reason}';
  }
  if (
    data.proxy !== undefined &&
    !(isObject(data.proxy) && typeof data.proxy.kind === 'string' && typeof data.proxy.endpoint === 'string')
  ) {
    return '"proxy" is not {kind, endpoint, azureExplicitProxy}';
  }
  if (data.bypass !== undefined && !data.bypass.every((b: unknown) => validBypassText(JSON.stringify(b)))) {
    return '"bypass" has an entry that is not {host, reason, requirement?}';
  }
  if (data.proxy !== undefined && !validProxy({ ...data.proxy, path: '' }))
    return '"proxy" is not {kind, endpoint, azureExplicitProxy, minTlsVersion?}';
  if (data.tlsInspectionMinVersion !== undefined && !TLS_VERSIONS.includes(data.tlsInspectionMinVersion as string)) {
    return `"tlsInspectionMinVersion" is ${JSON.stringify(data.tlsInspectionMinVersion)}, expected one of ${TLS_VERSIONS.join(', ')}`;
  }
  if (data.vendor !== undefined && !validVendor(data.vendor))
    return '"vendor" is not vendor settings as lib/model/schema.json describes them';
  const format = declarationFormatProblem(data, requirements);
  if (format !== undefined) return format;
  const suppressions = declaredSuppressions(data.suppressions);
  if (typeof suppressions === 'string') return suppressions;
  return {
    ...(data as unknown as SiteDeclaration),
    kind: data.kind === 'hub' ? 'hub' : 'clinic',
    packs: data.packs ?? [],
    bypass: (data.bypass ?? []) as SiteDeclaration['bypass'],
    vendor: data.vendor ?? {},
    vpnClientPools: data.vpnClientPools ?? [],
    ...(suppressions.length > 0 && { suppressions }),
  };
}

/** The construct suppressions a declaration carries, each held to the same rules as a suppression file's. */
function declaredSuppressions(value: unknown): Suppression[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return '"suppressions" is not a list';
  const parsed: Suppression[] = [];
  for (const entry of value) {
    if (!isObject(entry) || typeof entry.declaredAt !== 'string')
      return '"suppressions" has an entry without "declaredAt"';
    const { declaredAt, ...fields } = entry;
    try {
      parsed.push(parseSuppression(fields, declaredAt));
    } catch (e) {
      if (!(e instanceof ClinicnetError)) throw e;
      return `"suppressions" has an invalid entry: ${e.message}`;
    }
  }
  return parsed;
}
