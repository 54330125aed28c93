// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { renderRulesDoc, RULES_DOC } from '../../lib/policy/rules-doc';

describe('docs/RULES.md', () => {
  test('is up to date with the packs and the registry (regenerate: npm run build && node dist/lib/policy/rules-doc.js)', () => {
    const onDisk = fs.readFileSync(path.join(__dirname, '..', '..', RULES_DOC), 'utf8');
    expect(onDisk).toBe(renderRulesDoc());
  });

  test('lists every requirement with its citation', () => {
    const doc = renderRulesDoc();
    expect(doc).toContain('| IMMTRAC-METHOD | error | `required-egress-flows` |');
    expect(doc).toContain('Texas Immunization Registry: Secure FTP Specifications — Secure FTP Methods');
  });
});
