// SPDX-License-Identifier: Apache-2.0
/**
 * Address plan files (`{"ranges":[...]}`, JSON or YAML): loading with schema validation,
 * and the check whose JSON form `clinicnet cidr check` prints. Kept apart from the command
 * so other code can load plans without importing the CLI.
 */
import Ajv, { ErrorObject } from 'ajv';
import { ClinicnetError, defineError } from '../core/errors';
import { AddressPlan, MAX_CLUSTER_MEMBERS, PlanRange, RANGE_KINDS, RangeKind } from '../net/address-plan';
import { Cidr } from '../net/cidr';
import { readDataFile } from './data-file';

/** One entry of an address plan file. */
export interface PlanFileRange {
  /** Name of the range; a VNet with several address spaces repeats its name. */
  readonly name: string;
  /** The network in CIDR notation, IPv4 or IPv6. */
  readonly cidr: string;
  /**
   * What the range is.
   * @default 'other'
   */
  readonly kind?: RangeKind;
  /**
   * Site that owns the range.
   * @default - no owner
   */
  readonly site?: string;
  /**
   * For a subnet: the name of its VNet range.
   * @default - none (a subnet must name its VNet)
   */
  readonly parent?: string;
}

/** An address plan file: `{"ranges": [...]}`. */
export interface PlanFile {
  /** The ranges of the estate, in any order. */
  readonly ranges: PlanFileRange[];
}

// Not JSONSchemaType<PlanFile>: it demands `nullable` on optional fields, which would admit null.
/** JSON Schema of an address plan file. */
export const PLAN_FILE_SCHEMA = {
  type: 'object',
  description: 'An estate address plan: every named range to check for overlaps.',
  additionalProperties: false,
  required: ['ranges'],
  properties: {
    ranges: {
      type: 'array',
      description: 'The ranges of the estate, in any order.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'cidr'],
        properties: {
          name: {
            type: 'string',
            minLength: 1,
            description: 'Name of the range; a VNet with several address spaces repeats its name.',
          },
          cidr: {
            type: 'string',
            description: 'The network in CIDR notation, IPv4 or IPv6 (10.1.0.0/16, 2001:db8::/48).',
          },
          kind: { type: 'string', enum: [...RANGE_KINDS], description: 'What the range is; default other.' },
          site: { type: 'string', description: 'Site that owns the range.' },
          parent: { type: 'string', description: 'For a subnet: the name of its VNet range.' },
        },
      },
    },
  },
} as const;

const planFileInvalid = defineError({
  code: 'PLAN-FILE-INVALID',
  title: 'An address plan file does not match the plan schema.',
  message: (file: string, where: string, problem: string) =>
    `invalid address plan ${file} at ${where} — got a value that ${problem}, expected {"ranges":[{"name","cidr","kind"?,"site"?,"parent"?}]}; fix: correct that entry`,
  example: ['plan.json', 'ranges[3] "clinic-a-lan"', "must have required property 'cidr'"],
});

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads, validates and parses an address plan file; errors name the file and the entry. */
export function loadPlanFile(file: string): AddressPlan {
  const data = readDataFile(file);
  // The schema is a constant, checked against the meta-schema by its test; skipping that
  // check here saves most of the compile time of every CLI run.
  validator ??= new Ajv({ validateSchema: false }).compile(PLAN_FILE_SCHEMA);
  if (!validator(data)) throw schemaError(file, data, validator.errors ?? []);
  const plan = new AddressPlan();
  (data as PlanFile).ranges.forEach((entry, index) => plan.add(toRange(file, entry, index)));
  return plan;
}

function toRange(file: string, entry: PlanFileRange, index: number): PlanRange {
  let cidr: Cidr;
  try {
    cidr = Cidr.parse(entry.cidr);
  } catch (e) {
    if (!(e instanceof ClinicnetError)) throw e;
    const detail = e.message.replace(/^\[[^\]]+\] /, '');
    throw new ClinicnetError(e.code, `ranges[${index}] "${entry.name}" in ${file}: ${detail}`);
  }
  return { name: entry.name, cidr, kind: entry.kind ?? 'other', site: entry.site, parent: entry.parent };
}

function schemaError(file: string, data: unknown, errors: ErrorObject[]): ClinicnetError {
  const error = errors[0];
  const index = /^\/ranges\/(\d+)/.exec(error?.instancePath ?? '');
  let where = error?.instancePath ? error.instancePath : 'the top level';
  if (index) {
    const entry = (data as { ranges: unknown[] }).ranges[Number(index[1])];
    const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
    const field = error.instancePath.slice(index[0].length).replace(/^\//, '');
    where = `ranges[${index[1]}]${typeof name === 'string' ? ` "${name}"` : ''}${field ? ` field ${field}` : ''}`;
  }
  const params = error?.params as { additionalProperty?: string; allowedValues?: unknown[] } | undefined;
  let problem = error?.message ?? 'is not valid';
  if (params?.additionalProperty) problem += ` ("${params.additionalProperty}")`;
  if (params?.allowedValues) problem += ` (${params.allowedValues.join(', ')})`;
  return planFileInvalid(file, where, problem);
}

/** A range as `cidr check` prints it. */
export interface CheckedRange {
  /** The range's name. */
  readonly name: string;
  /** Its network in CIDR notation. */
  readonly cidr: string;
}

/** The `cidr check` result in its JSON form (the CLI's output contract). */
export interface CheckReport {
  /**
   * Overlapping ranges, one entry per cluster of ranges joined by overlaps: its first ranges
   * (at most {@link MAX_CLUSTER_MEMBERS}), how many ranges it has and how many pairs overlap.
   */
  readonly overlaps: { ranges: CheckedRange[]; rangeCount: number; pairCount: number }[];
  /** Ranges touching an Azure-reserved range. */
  readonly reserved: { name: string; cidr: string; reservedRange: string }[];
  /** Containment problems (subnet outside its VNet, unknown parent, …). */
  readonly errors: { name: string; message: string }[];
}

/** Checks a plan for overlaps, reserved ranges and subnets outside their VNet. */
export function checkPlan(plan: AddressPlan): CheckReport {
  return {
    overlaps: plan.overlapClusters(MAX_CLUSTER_MEMBERS).map((cluster) => ({
      ranges: cluster.members.map((r) => ({ name: r.name, cidr: r.cidr.toString() })),
      rangeCount: cluster.rangeCount,
      pairCount: cluster.pairCount,
    })),
    reserved: plan.reserved().map((hit) => ({
      name: hit.range.name,
      cidr: hit.range.cidr.toString(),
      reservedRange: hit.reservedRange.toString(),
    })),
    errors: plan.containmentErrors().map((e) => ({ name: e.range.name, message: e.message })),
  };
}
