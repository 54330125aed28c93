// SPDX-License-Identifier: Apache-2.0
/**
 * Data flows one way through lib/: core ← net ← model ← dataplane ← policy ←
 * {terraform, report, review, artefacts} ← cli, with constructs on top beside cli. A module
 * may import its own layer and the layers below it, never one above it or a sibling of the
 * same tier (terraform, report, review and artefacts stay independent of each other).
 */
import { readdirSync, readFileSync } from 'fs';
import { dirname, join, normalize, relative, sep } from 'path';

const ROOT = join(__dirname, '..', '..');
const LIB = join(ROOT, 'lib');

/** Rank of each layer; a module may import ranks strictly below its own, or its own folder. */
const RANK: Readonly<Record<string, number>> = {
  core: 0,
  net: 1,
  model: 2,
  dataplane: 3,
  policy: 4,
  terraform: 5,
  report: 5,
  review: 5,
  artefacts: 5,
  cli: 6,
  constructs: 6,
  // lib/index.ts is the package entry: it re-exports the public API of every layer but constructs.
  index: 7,
};

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** The layer a file under lib/ belongs to: its first folder, or `index` for lib/index.ts. */
function layerOf(file: string): string {
  const parts = relative(LIB, file).split(sep);
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
}

/** Relative imports of a source file, as absolute paths. */
function relativeImports(file: string, source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => normalize(join(dirname(file), m[1])));
}

/** Every import that goes against the direction, as `from -> to` lines. */
function violations(files: readonly string[], read = (file: string) => readFileSync(file, 'utf8')): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const target of relativeImports(file, read(file))) {
      if (!target.startsWith(LIB + sep)) continue; // policies/*.json and the like
      const to = layerOf(target + '.ts');
      if (to === from) continue;
      if (RANK[to] === undefined || RANK[from] === undefined || RANK[to] >= RANK[from]) {
        out.push(`${relative(ROOT, file)} -> ${relative(ROOT, target)}`);
      }
    }
  }
  return out.sort();
}

describe('layer direction', () => {
  const files = walk(LIB);

  test('every folder of lib/ has a rank', () => {
    expect(files.map(layerOf).filter((layer) => RANK[layer] === undefined)).toEqual([]);
  });

  test('no module imports a layer above its own or a sibling of its tier', () => {
    expect(violations(files)).toEqual([]);
  });

  test('the check catches an upward, a sideways and an unranked import, and allows a downward one', () => {
    const fake = new Map<string, string>([
      [join(LIB, 'net', 'fake.ts'), "import { x } from '../policy/engine';"],
      [join(LIB, 'report', 'fake.ts'), "import { y } from '../artefacts/write';"],
      [join(LIB, 'model', 'fake.ts'), "import { z } from '../surprise/thing';"],
      [join(LIB, 'constructs', 'fake.ts'), "import { v } from '../cli/main';"],
      [join(LIB, 'cli', 'fake.ts'), "import { w } from '../policy/engine';"],
    ]);
    expect(violations([...fake.keys()], (file) => fake.get(file) ?? '')).toEqual([
      'lib/constructs/fake.ts -> lib/cli/main',
      'lib/model/fake.ts -> lib/surprise/thing',
      'lib/net/fake.ts -> lib/policy/engine',
      'lib/report/fake.ts -> lib/artefacts/write',
    ]);
  });
});
