// SPDX-License-Identifier: Apache-2.0
/**
 * `--sites FILE`: a YAML or JSON map of site name or glob → packs, kind and vendor settings,
 * for sites whose input carries no clinicnet tags (plain Terraform). Read only from the command
 * line — never from the input under review, which may come from the pull request it checks.
 */
import Ajv from 'ajv';
import { defineError } from '../core/errors';
import type { SiteSettings } from '../terraform';
import { isVendorSettings } from '../terraform/declaration';
import { readDataFile } from './data-file';

/** JSON Schema of a sites file (vendor settings are held to the model schema apart). */
export const SITES_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['sites'],
  properties: {
    sites: {
      type: 'object',
      minProperties: 1,
      description: 'Site name, or glob (`*`, `?`), → what the matching sites get.',
      propertyNames: { minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._*?-]+$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          packs: {
            type: 'array',
            items: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' },
            description: 'Pack ids checked at the matching sites, besides their own.',
          },
          kind: { enum: ['clinic', 'hub'], description: "The sites' kind." },
          vendor: { type: 'object', description: 'Vendor settings (custo role and mode, onepacs gateway, …).' },
        },
      },
    },
  },
} as const;

const sitesFileInvalid = defineError({
  code: 'SITES-FILE-INVALID',
  title: 'A --sites file does not match the sites file schema.',
  message: (file: string, where: string, problem: string) =>
    `invalid sites file ${file} at ${where} — got a value that ${problem}, ` +
    `expected {sites: {NAME or GLOB: {packs?: [pack ids], kind?: clinic|hub, vendor?: vendor settings}}}; fix: correct that entry`,
  example: ['sites.yaml', 'entry "clinic-*" field packs/0', 'must match pattern "^[a-z][a-z0-9-]{1,39}$"'],
});

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads a sites file into its entries, in file order; any invalid entry is a one-line error. */
export function loadSitesFile(file: string): SiteSettings[] {
  const data = readDataFile(file);
  validator ??= new Ajv({ allErrors: false }).compile(SITES_FILE_SCHEMA);
  if (!validator(data)) {
    const error = validator.errors?.[0];
    const path = error?.instancePath ?? '';
    const entry = /^\/sites\/([^/]+)(.*)$/.exec(path);
    const where =
      entry === null
        ? error?.propertyName !== undefined
          ? `an entry name ${JSON.stringify(error.propertyName.slice(0, 80))}`
          : 'the top level'
        : `entry ${JSON.stringify(unescapePointer(entry[1]).slice(0, 80))}${entry[2] ? ` field ${entry[2].slice(1)}` : ''}`;
    const extra = (error?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    throw sitesFileInvalid(
      file,
      where,
      `${error?.message ?? 'is not valid'}${extra ? ` (${JSON.stringify(extra.slice(0, 80))})` : ''}`,
    );
  }
  const sites = (data as { sites: Record<string, Omit<SiteSettings, 'pattern' | 'declaredAt'>> }).sites;
  return Object.entries(sites).map(([pattern, settings]) => {
    if (settings.vendor !== undefined && !isVendorSettings(settings.vendor))
      throw sitesFileInvalid(
        file,
        `entry ${JSON.stringify(pattern)} field vendor`,
        'is not vendor settings as lib/model/schema.json describes them',
      );
    return { ...settings, pattern, declaredAt: `${file}: entry ${JSON.stringify(pattern)}` };
  });
}

/** A JSON Pointer segment as the key it stands for. */
function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
