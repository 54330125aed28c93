// SPDX-License-Identifier: Apache-2.0
/** Site names as hand-over folder names: never outside `--out`, never two sites in one folder. */
import { mkdtempSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { writeArtefacts } from '../../lib/artefacts/write';
import { model, site } from '../review/builders';

const root = mkdtempSync(join(tmpdir(), 'artefact-folders-'));
let counter = 0;
const fresh = () => join(root, `out-${counter++}`);

describe('hand-over folders', () => {
  test('two sites with the same name are refused, nothing written', () => {
    const out = fresh();
    expect(() => writeArtefacts(model(site('gp-a'), site('gp-b'), site('gp-a')), out)).toThrow(
      '[ARTEFACT-SITE-COLLISION] two sites share one hand-over folder — got "gp-a" and "gp-a"',
    );
    expect(readdirSync(root)).not.toContain(out.split('/').pop());
  });

  test('names equal but for case are refused too (one folder on Windows and macOS)', () => {
    expect(() => writeArtefacts(model(site('GP-Parramatta'), site('gp-parramatta')), fresh())).toThrow(
      /^\[ARTEFACT-SITE-COLLISION\] .*got "GP-Parramatta" and "gp-parramatta"/,
    );
  });

  test('distinct names each get their folder beside the marker', () => {
    const out = fresh();
    writeArtefacts(model(site('gp-a'), site('gp-b')), out);
    expect(readdirSync(out).sort()).toEqual(['.clinicnet-artefacts', 'gp-a', 'gp-b']);
  });
});
