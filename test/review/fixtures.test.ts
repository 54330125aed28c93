// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { readerFiles, synthVariant } from '../fixtures/review/make-fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'review');

describe('review fixtures', () => {
  test.each(['base', 'head'] as const)(
    '%s is exactly what the constructs synthesize (regenerate with make-fixtures.ts)',
    (variant) => {
      const outdir = synthVariant(variant);
      const files = readerFiles(outdir);
      expect(files).toEqual(readerFiles(path.join(FIXTURES, variant)));
      for (const file of files) {
        expect({ file, text: fs.readFileSync(path.join(outdir, file), 'utf8') }).toEqual({
          file,
          text: fs.readFileSync(path.join(FIXTURES, variant, file), 'utf8'),
        });
      }
      fs.rmSync(outdir, { recursive: true, force: true });
    },
  );
});
