// SPDX-License-Identifier: Apache-2.0
/**
 * The JSON schema of a policy pack, built from the rules: each rule's slug and parameter
 * schema come from its own declaration, so policies/schema.json (written from this by
 * `npm run docs`) never lists a rule by hand.
 */
import type { Rule } from './rule';

/** The pack schema for these rules (sorted by slug), as data. */
export function packSchema(rules: readonly Rule<unknown>[]): Record<string, unknown> {
  const slugs = rules.map((r) => r.slug).sort();
  const bySlug = new Map(rules.map((r) => [r.slug, r]));
  const entry = {
    ...ENTRY,
    properties: { ...ENTRY.properties, rule: { ...ENTRY.properties.rule, enum: slugs } },
    // Each rule's params are checked by that rule's own schema.
    allOf: slugs.map((slug) => ({
      if: { properties: { rule: { const: slug } }, required: ['rule'] },
      then: { properties: { params: { $ref: `#/definitions/params-${slug}` } } },
    })),
  };
  const params = Object.fromEntries(slugs.map((slug) => [`params-${slug}`, bySlug.get(slug)?.params]));
  return { ...PACK, definitions: { entry, ...params } };
}

/** The pack document, less its definitions. */
const PACK = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://clinicnet.dev/schemas/policy-pack.json',
  title: 'clinicnet policy pack',
  description: 'A pack maps catalog requirements to rules with parameters, severity, citation and remediation.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'appliesTo', 'requirements'],
  properties: {
    $schema: {
      description: 'Path of this schema, for editors.',
      type: 'string',
    },
    id: {
      description: 'Pack id: lowercase letters, digits and hyphens; sites declare packs by it.',
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{1,39}$',
    },
    title: {
      description: 'Human title of the pack.',
      type: 'string',
      minLength: 3,
    },
    appliesTo: {
      description: '`every-site`: applied to all sites; `declared`: only where a site lists the pack.',
      type: 'string',
      enum: ['every-site', 'declared'],
    },
    requirements: {
      description: "The pack's requirements, one entry each.",
      type: 'array',
      items: {
        $ref: '#/definitions/entry',
      },
      minItems: 1,
    },
  },
};

/** One entry, less the rule slugs and the per-rule parameter checks. */
const ENTRY = {
  description: 'One requirement of the catalog as the pack applies it.',
  type: 'object',
  additionalProperties: false,
  properties: {
    requirement: {
      description: 'A requirement id from the catalog.',
      type: 'string',
      pattern: '^[A-Z0-9]+(-[A-Z0-9]+)+$',
    },
    title: {
      description: 'The requirement in a few plain words.',
      type: 'string',
      minLength: 5,
    },
    rule: {
      description: 'Slug of the rule that checks it (lib/policy/rules/<slug>.ts).',
      type: 'string',
    },
    severity: {
      description:
        'Severity when violated: error (service fails or data exposed), warning (against advice), info (advice).',
      type: 'string',
      enum: ['error', 'warning', 'info'],
    },
    params: {
      description: 'Parameters for the rule; their shape depends on the rule.',
      type: 'object',
    },
    when: {
      description: 'Restricts the entry to some of the sites the pack applies to.',
      type: 'object',
      additionalProperties: false,
      properties: {
        custoRoles: {
          description: 'Only sites with one of these custo roles.',
          type: 'array',
          items: {
            description: 'A custo role.',
            type: 'string',
            enum: ['sender', 'centre'],
          },
          minItems: 1,
        },
      },
      required: [],
    },
    uncheckable: {
      description: 'Why the requirement cannot be checked from the network model (instead of rule and params).',
      type: 'string',
      minLength: 10,
    },
    source: {
      description: 'Where the requirement comes from.',
      type: 'object',
      additionalProperties: false,
      properties: {
        document: {
          description: 'Title of the vendor document (or platform).',
          type: 'string',
          minLength: 3,
        },
        section: {
          description: 'Section of that document.',
          type: 'string',
          minLength: 3,
        },
      },
      required: ['document', 'section'],
    },
    remediation: {
      description: 'How to fix a violation, in one or two sentences.',
      type: 'string',
      minLength: 10,
    },
    suppressible: {
      description:
        'false: no suppression or baseline may silence this requirement (a literal VPN key, say). Default true.',
      type: 'boolean',
    },
  },
  required: ['requirement', 'title', 'severity', 'source', 'remediation'],
  oneOf: [
    {
      required: ['rule', 'params'],
      not: {
        required: ['uncheckable'],
      },
    },
    {
      required: ['uncheckable'],
      not: {
        anyOf: [
          {
            required: ['rule'],
          },
          {
            required: ['params'],
          },
        ],
      },
    },
  ],
};
