// SPDX-License-Identifier: Apache-2.0
import type { ParamsSchema } from '../rule';
import { memoSlot, siteRule, violation } from '../rule';

/** How the vendor treats one operating system family. */
export interface OsVerdict {
  /** Case-insensitive regular expression over the declared OS name. */
  readonly pattern: string;
  readonly verdict: 'unsupported' | 'needs-update' | 'supported';
  /** What must be installed, for `needs-update`. @default nothing */
  readonly update?: string;
}

export interface ExtractionHostOsParams {
  /** Checked in order; the first match decides. */
  readonly systems: OsVerdict[];
}

/** Schema of {@link ExtractionHostOsParams}: pack files are checked against it. */
// `update` is optional, and JSONSchemaType wants optional properties nullable; a null update is
// not a pack value, so the schema stays strict and this one declaration is cast.
const PARAMS = {
  description: 'Operating system verdicts.',
  type: 'object',
  additionalProperties: false,
  properties: {
    systems: {
      description: 'Checked in order; the first match decides.',
      type: 'array',
      items: {
        description: 'One operating system family.',
        type: 'object',
        additionalProperties: false,
        properties: {
          pattern: {
            description: 'Case-insensitive regular expression over the declared OS name.',
            type: 'string',
            minLength: 1,
          },
          verdict: {
            description: 'What the vendor says about it.',
            type: 'string',
            enum: ['unsupported', 'needs-update', 'supported'],
          },
          update: {
            description: 'Update to install, for `needs-update`.',
            type: 'string',
            minLength: 1,
          },
        },
        required: ['pattern', 'verdict'],
      },
      minItems: 1,
    },
  },
  required: ['systems'],
} as unknown as ParamsSchema<ExtractionHostOsParams>;

/** The declared extraction host OS is supported; one that needs an update gets an info reminder. */
export const extractionHostOs = siteRule<ExtractionHostOsParams>({
  slug: 'extraction-host-os',
  description:
    'The declared operating system of the extraction host supports TLS 1.2 (with the named update where needed).',
  params: PARAMS,
  check: ({ site, params, memo }) => {
    const os = site.vendor.lumos?.extractionHostOs;
    if (os === undefined) return [];
    const match = params.systems.find((s) => memo.get(PATTERNS, s.pattern, compile).test(os));
    if (match === undefined || match.verdict === 'supported') return [];
    if (match.verdict === 'unsupported') {
      return [
        violation(site.path, 'extraction host OS cannot do TLS 1.2', os, 'Windows 8 / Server 2012 or later', {
          fix: 'move the extraction to a supported Windows version',
        }),
      ];
    }
    return [
      violation(
        site.path,
        `extraction host OS needs ${match.update} for TLS 1.2`,
        os,
        `${os} with ${match.update} installed`,
        { fix: `install ${match.update} and enable TLS 1.2 in SChannel`, severity: 'info' },
      ),
    ];
  },
});

/**
 * The pattern as a case-insensitive expression, compiled once per evaluation (every lumos site
 * is checked against the same few); neither global nor sticky, so `test` keeps no state between sites.
 */
const PATTERNS = memoSlot<RegExp>('extraction-host-os: patterns');
const compile = (pattern: string): RegExp => new RegExp(pattern, 'i');
