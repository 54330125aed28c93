// SPDX-License-Identifier: Apache-2.0
import schema from '../../lib/model/schema.json';
import type { NetworkModel, Site } from '../../lib/model/types';
import { validateModel } from '../../lib/model/validate';
import { emptySite } from './empty-site';

const site: Site = emptySite('nsw-gp', {
  packs: ['lumos'],
  path: 'estate/nsw-gp',
  vnets: [
    {
      name: 'vnet',
      path: 'p',
      address: 'azurerm_virtual_network.vnet',
      addressSpaces: ['10.1.0.0/16', { unknown: '${var.space}' }],
      subnets: [],
    },
  ],
  egress: [
    {
      name: 'lumos-ftps',
      path: 'p',
      address: 'a',
      ruleKind: 'network',
      collection: 'c',
      priority: 220,
      action: 'Allow',
      fqdns: ['csu.cherel.org.au'],
      addresses: [],
      protocol: 'tcp',
      ports: ['991', '3000-3010'],
      appProtocol: 'ftps-implicit',
      sources: ['10.1.1.0/24'],
      terminateTls: false,
      requirement: 'LUMOS-EGRESS-991',
    },
  ],
});
const model: NetworkModel = { version: 1, sites: [site] };
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A model as plain mutable JSON, to break in ways its types forbid. */
interface LooseModel {
  version: unknown;
  sites: { [field: string]: unknown; egress: { ports: unknown }[] }[];
}
const loose = (value: NetworkModel): LooseModel => clone(value) as unknown as LooseModel;

describe('validateModel', () => {
  test('accepts a model, known and unknown values alike, and returns it', () => {
    expect(validateModel(clone(model))).toEqual(model);
  });

  test('lists every wrong field with its JSON path', () => {
    const bad = loose(model);
    bad.sites[0].kind = 'office';
    bad.sites[0].egress[0].ports = [991];
    bad.sites[0].colour = 'blue';
    delete bad.sites[0].dns;
    expect(() => validateModel(bad)).toThrow(
      '[MODEL-INVALID] not a valid network model — got /sites/0/egress/0/ports/0: must be a known value or {"unknown": "<reason>"}; /sites/0/kind: must be one of clinic, hub; /sites/0: missing property "dns"; /sites/0: unexpected property "colour"; expected data matching',
    );
  });

  test('rejects an unknown without its reason and a wrong version', () => {
    const bad = loose(model);
    bad.version = 2;
    bad.sites[0].region = { unknown: 1 };
    expect(() => validateModel(bad)).toThrow(
      'got /sites/0/region: must be a known value or {"unknown": "<reason>"}; /version: must be 1; expected',
    );
  });
});

describe('schema.json', () => {
  /** Every object schema in the document, with its JSON pointer. */
  function objects(
    node: unknown,
    pointer: string,
    out: [string, Record<string, unknown>][] = [],
  ): [string, Record<string, unknown>][] {
    if (node === null || typeof node !== 'object') return out;
    const record = node as Record<string, unknown>;
    if (record.type === 'object') out.push([pointer, record]);
    for (const [key, child] of Object.entries(record)) objects(child, `${pointer}/${key}`, out);
    return out;
  }

  test('every object forbids extra properties and describes each of its properties', () => {
    const problems = objects(schema, '#').flatMap(([pointer, object]) => [
      ...(object.additionalProperties === false ? [] : [`${pointer}: additionalProperties is not false`]),
      ...Object.entries((object.properties ?? {}) as Record<string, unknown>)
        .filter(([, property]) => typeof (property as { description?: unknown }).description !== 'string')
        .map(([name]) => `${pointer}/properties/${name}: no description`),
    ]);
    expect(problems).toEqual([]);
  });

  test('covers every field of Site in types.ts', () => {
    expect(Object.keys(schema.definitions.Site.properties).sort()).toEqual(
      Object.keys({ ...site, firewall: 0, proxy: 0, vpnGateway: 0, dataplane: 0, placements: 0 }).sort(),
    );
  });
});

describe('placements and viaProxy', () => {
  test('validate when well formed and are refused with a wrong zone type', () => {
    const placed: NetworkModel = {
      version: 1,
      sites: [
        {
          ...site,
          egress: site.egress.map((flow) => ({ ...flow, viaProxy: false })),
          placements: [
            {
              type: 'azurerm_firewall',
              path: 'p',
              address: 'a',
              location: 'Australia East',
              zones: ['1', { unknown: 'z' }],
            },
          ],
        },
      ],
    };
    expect(validateModel(clone(placed))).toEqual(placed);
    const wrong = JSON.parse(JSON.stringify(placed).replace('"zones":["1"', '"zones":[1')) as unknown;
    expect(() => validateModel(wrong)).toThrow('/sites/0/placements/0/zones/0');
  });
});
