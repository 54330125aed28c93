// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as path from 'path';
import { siteArtefacts } from '../../lib/artefacts/generate';
import { readTerraformInput } from '../../lib/terraform';
import { synthVariant } from '../fixtures/review/make-fixtures';

describe('hand-over files at synth', () => {
  test('cdktf.out/clinicnet/<site>/ holds what `clinicnet artefacts` makes from the same synth output', () => {
    // GIVEN a synthesized estate
    const outdir = synthVariant('base');
    // WHEN the files are generated again from its JSON, as `clinicnet artefacts cdktf.out` does
    const { model } = readTerraformInput(outdir, { dataplane: true });
    // THEN both agree, file for file
    expect(fs.readdirSync(path.join(outdir, 'clinicnet')).sort()).toEqual([
      '.clinicnet-artefacts',
      ...model.sites.map((s) => s.name),
    ]);
    for (const site of model.sites) {
      const dir = path.join(outdir, 'clinicnet', site.name);
      const written = Object.fromEntries(
        fs
          .readdirSync(dir)
          .sort()
          .map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]),
      );
      expect(written).toEqual(Object.fromEntries(siteArtefacts(site).map((f) => [f.name, f.content])));
    }
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});
