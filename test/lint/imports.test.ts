// SPDX-License-Identifier: Apache-2.0
/**
 * Repository rules that no compiler enforces: deep azurerm imports only (the package root
 * costs seconds and hundreds of MB per process); cdktf and constructs only in the construct
 * layer and the code that drives it (stacks, tests, benchmarks); nothing reading the
 * workshop's shared folder (a user's clone has none).
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative, sep } from 'path';

const ROOT = join(__dirname, '..', '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'cdktf.out', 'coverage', '.git', '.tmp', '.ci']);
const SOURCE = /\.(ts|js|mjs|cjs)$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(join(dir, entry.name), out);
    } else if (entry.isFile()) {
      out.push(relative(ROOT, join(dir, entry.name)).split(sep).join('/'));
    }
  }
  return out;
}

/** Module specifiers a file imports, requires or dynamically imports. */
function importedModules(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((m) => m[1]);
}

/** True when the specifier is the azurerm provider's package root. */
const isAzurermRoot = (specifier: string) => specifier === AZURERM || specifier === `${AZURERM}/lib`;

/** True for cdktf or constructs, with or without a subpath. */
const isCdktf = (specifier: string) => /^(cdktf|constructs)(\/|$)/.test(specifier);

// Built from parts so this file's own samples do not trip the rules it states.
const AZURERM = ['@cdktf', 'provider-azurerm'].join('/');
const SHARED = ['..', 'shared'];
/** True when the text refers to the shared folder outside the project. */
const readsShared = (text: string) =>
  text.includes(SHARED.join('/')) ||
  text.includes(['', 'work', 'shared'].join('/')) ||
  new RegExp(`['"]\\.\\.['"]\\s*,\\s*['"]${SHARED[1]}['"]`).test(text);

// Tests and benchmarks drive the constructs; everything else under lib/ must run without cdktf.
const mayImportCdktf = (file: string) => /^(lib\/constructs|stacks|test|bench)\//.test(file);

const files = walk(ROOT);
const sources = files.filter((f) => /^(lib|stacks|test|bench)\//.test(f) && SOURCE.test(f));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('import rules', () => {
  test('the scanner sees the project sources', () => {
    expect(sources).toEqual(expect.arrayContaining(['lib/net/cidr.ts', 'test/lint/imports.test.ts']));
  });

  test('the matchers catch each forbidden form', () => {
    expect(importedModules(`import { X } from '${AZURERM}';`).some(isAzurermRoot)).toBe(true);
    expect(importedModules(`const p = require("${AZURERM}");`).some(isAzurermRoot)).toBe(true);
    expect(importedModules(`const p = await import('${AZURERM}');`).some(isAzurermRoot)).toBe(true);
    expect(importedModules(`import * as a from '${AZURERM}/lib/firewall-policy';`).some(isAzurermRoot)).toBe(false);
    expect(importedModules(`import type { IConstruct } from 'constructs';`).some(isCdktf)).toBe(true);
    expect(importedModules(`import 'cdktf/lib/testing';`).some(isCdktf)).toBe(true);
    expect(importedModules(`import { x } from './cdktf-free';`).some(isCdktf)).toBe(false);
    expect(readsShared(`readFileSync(join(__dirname, '..', '..', 'shared', 'x.md'))`)).toBe(true);
    expect(readsShared(`readFileSync('${SHARED.join('/')}/REQUIREMENTS.md')`)).toBe(true);
    expect(readsShared(`const shared = load('./shared-state');`)).toBe(false);
  });

  test('@cdktf/provider-azurerm is imported by deep path only', () => {
    const offenders = sources.filter((file) => importedModules(read(file)).some(isAzurermRoot));
    expect(offenders).toEqual([]);
  });

  test('cdktf and constructs are imported only by lib/constructs, stacks, tests and benchmarks', () => {
    const offenders = sources.filter((file) => !mayImportCdktf(file) && importedModules(read(file)).some(isCdktf));
    expect(offenders).toEqual([]);
  });

  test('nothing outside .ci reads the shared folder', () => {
    const self = 'test/lint/imports.test.ts';
    const candidates = files.filter(
      (f) => f !== self && !f.endsWith('.md') && /\.(ts|js|mjs|cjs|json|sh|ya?ml)$|^bin\/|^scripts\//.test(f),
    );
    const offenders = candidates.filter((file) => readsShared(read(file)));
    expect(offenders).toEqual([]);
  });
});
