// SPDX-License-Identifier: Apache-2.0
import Ajv from 'ajv';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkPlan, loadPlanFile, PLAN_FILE_SCHEMA } from '../../lib/cli/plan-file';

describe('the plan file schema', () => {
  test('is a valid strict JSON Schema with a description on every field', () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(PLAN_FILE_SCHEMA)).toBe(true);
    expect(ajv.compile(PLAN_FILE_SCHEMA)({ ranges: [{ name: 'a', cidr: '10.0.0.0/8', kind: 'vnet' }] })).toBe(true);
    const fields = PLAN_FILE_SCHEMA.properties.ranges.items.properties;
    expect(Object.values(fields).every((field) => field.description.length > 10)).toBe(true);
  });
});

describe('loadPlanFile', () => {
  test('loads a plan without the CLI, defaulting kind to other', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plan-file-')), 'plan.yml');
    writeFileSync(
      file,
      'ranges:\n  - {name: hub/vnet, cidr: 10.0.0.0/16, kind: vnet, site: hub}\n  - {name: lan, cidr: 10.0.1.0/24}\n',
    );
    const plan = loadPlanFile(file);
    expect(plan.ranges().map((r) => `${r.name} ${r.cidr.toString()} ${r.kind} ${r.site}`)).toEqual([
      'hub/vnet 10.0.0.0/16 vnet hub',
      'lan 10.0.1.0/24 other undefined',
    ]);
    expect(checkPlan(plan).overlaps).toEqual([
      {
        ranges: [
          { name: 'hub/vnet', cidr: '10.0.0.0/16' },
          { name: 'lan', cidr: '10.0.1.0/24' },
        ],
        rangeCount: 2,
        pairCount: 1,
      },
    ]);
  });
});
