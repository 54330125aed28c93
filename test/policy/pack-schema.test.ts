// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { PACK_SCHEMA, renderPackSchema } from '../../lib/policy/rules-doc';

describe('policies/schema.json', () => {
  test('is generated from the rules (regenerate: npm run docs)', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '..', '..', PACK_SCHEMA), 'utf8');
    expect(onDisk).toBe(renderPackSchema());
  });
});
