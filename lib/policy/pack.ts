// SPDX-License-Identifier: Apache-2.0
/**
 * Policy packs: data that maps catalog requirements to rules. Each pack is checked against
 * the pack schema (built from the rules; `policies/schema.json` is its generated copy) when
 * loaded; after that the types are trusted.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { defineError } from '../core/errors';
import type { CustoRole } from '../model/types';
import type { Severity } from './finding';
import { packSchema } from './pack-schema';
import { RULES } from './registry';
import azure from '../../policies/azure.json';
import baseline from '../../policies/baseline.json';
import custo from '../../policies/custo.json';
import hl7 from '../../policies/hl7.json';
import immtrac from '../../policies/immtrac.json';
import lumos from '../../policies/lumos.json';
import onepacs from '../../policies/onepacs.json';

/** Where a requirement comes from. */
export interface PackSource {
  readonly document: string;
  readonly section: string;
}

/** One catalog requirement as a pack applies it. */
export interface PackEntry {
  readonly requirement: string;
  readonly title: string;
  /** Rule slug. @default none: the requirement is {@link PackEntry.uncheckable} */
  readonly rule?: string;
  readonly severity: Severity;
  /** The rule's parameters, checked by policies/schema.json. @default none, with no rule */
  readonly params?: Record<string, unknown>;
  /** Restricts the entry to some sites. @default every site the pack applies to */
  readonly when?: { readonly custoRoles?: CustoRole[] };
  /** Why the model cannot show whether the requirement is met. @default - checkable */
  readonly uncheckable?: string;
  readonly source: PackSource;
  readonly remediation: string;
  /** false: no suppression or baseline may silence the requirement. @default true */
  readonly suppressible?: boolean;
}

/** `every-site` packs apply everywhere; `declared` packs where a site lists them. */
export type PackScope = 'every-site' | 'declared';

/** A policy pack. */
export interface Pack {
  readonly id: string;
  readonly title: string;
  readonly appliesTo: PackScope;
  readonly requirements: PackEntry[];
}

/** Thrown where a pack id is asked for (`--packs`, extra packs) that no loaded pack has. */
export const unknownPack = defineError({
  code: 'POLICY-UNKNOWN-PACK',
  title: 'A pack id was asked for that no loaded pack has.',
  message: (id: string, known: string) =>
    `unknown policy pack — got "${id}", expected one of ${known}; fix: use one of those ids`,
  example: ['lumoss', 'azure, baseline, custo, hl7, immtrac, lumos, onepacs'],
});

const packInvalid = defineError({
  code: 'PACK-INVALID',
  title: 'A policy pack file does not match policies/schema.json.',
  message: (file: string, at: string, got: string, expected: string) =>
    `invalid policy pack ${file} at ${at} — got ${got}, expected ${expected}; fix: correct the pack file (policies/schema.json describes every field)`,
  example: ['policies/lumos.json', '/requirements/0/severity', '"fatal"', 'one of error, warning, info'],
});

const packDuplicate = defineError({
  code: 'PACK-DUPLICATE-REQUIREMENT',
  title: 'A policy pack lists the same requirement id twice.',
  message: (file: string, requirement: string) =>
    `requirement listed twice in ${file} — got ${requirement} twice, expected each requirement once; fix: merge the two entries`,
  example: ['policies/lumos.json', 'LUMOS-TLS12'],
});

// Compiled on first use, so processes that never load a pack do not pay for it.
let validatePack: ValidateFunction | undefined;

/** Validates pack data read from `file`; throws PACK-INVALID naming the file, JSON path and expectation. */
export function loadPack(data: unknown, file: string): Pack {
  // Unoptimised code compiles in half the time, and it validates only the packs a user names.
  validatePack ??= new Ajv({ allErrors: false, strict: false, code: { optimize: false } }).compile(packSchema(RULES));
  if (!validatePack(data)) {
    const error = mostSpecific(validatePack.errors ?? []);
    throw packInvalid(file, error.instancePath || '/', actual(data, error), expectation(error));
  }
  return withUniqueRequirements(data as Pack, file);
}

function withUniqueRequirements(pack: Pack, file: string): Pack {
  const seen = new Set<string>();
  for (const entry of pack.requirements) {
    if (seen.has(entry.requirement)) throw packDuplicate(file, entry.requirement);
    seen.add(entry.requirement);
  }
  return pack;
}

/** The shipped packs' data, as `policies/` holds it. */
export const BUILTIN_PACK_DATA: readonly unknown[] = [azure, baseline, custo, hl7, immtrac, lumos, onepacs];

// The shipped packs are constants of this module, held to the pack schema by a test
// (test/policy/builtin-packs.test.ts) rather than at run time: compiling the schema cost every
// command 100–400 ms of start-up, for data that cannot change after the build.
let builtins: readonly Pack[] | undefined;

/** The packs shipped in `policies/`, sorted by id (a new array each call; the packs are shared). */
export function builtinPacks(): Pack[] {
  builtins ??= BUILTIN_PACK_DATA.map((data) => {
    const pack = data as Pack;
    return withUniqueRequirements(pack, `policies/${pack.id}.json`);
  });
  return [...builtins];
}

/** The deepest error is the one that names the actual mistake (not the `if/then` wrapper). */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
}

function expectation(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'enum') return `one of ${(p.allowedValues as unknown[]).map(String).join(', ')}`;
  if (error.keyword === 'additionalProperties')
    return `no property "${String(p.additionalProperty)}" (not in the schema)`;
  if (error.keyword === 'required') return `property "${String(p.missingProperty)}"`;
  if (error.keyword === 'oneOf') return 'either rule and params, or uncheckable with a reason';
  return `a value that ${error.message ?? 'matches the schema'}`;
}

function actual(data: unknown, error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `property "${String(p.additionalProperty)}"`;
  if (error.keyword === 'required') return `no "${String(p.missingProperty)}"`;
  const text = JSON.stringify(valueAt(data, error.instancePath)) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const key of pointer.split('/').slice(1)) {
    value = (value as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}
