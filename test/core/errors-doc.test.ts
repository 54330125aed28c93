import * as fs from 'fs';
import * as path from 'path';
import { errorDefinitions } from '../../lib/core/errors';
import { renderErrorsDoc } from '../../lib/core/errors-doc';

describe('docs/errors.md', () => {
  const doc = renderErrorsDoc();

  test('is up to date with the error definitions (regenerate with `npm run docs`)', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
    expect(committed).toBe(doc);
  });

  test('lists every error code once, each example in the [CODE] problem — got …; fix: … form', () => {
    const definitions = errorDefinitions();
    expect(definitions.length).toBeGreaterThan(5);
    for (const d of definitions) {
      expect(doc.split(`| \`${d.code}\` |`).length).toBe(2);
      expect(d.exampleMessage).toMatch(new RegExp(`^\\[${d.code}\\] .+ — got .+; fix: .+`, 's'));
    }
  });
});
