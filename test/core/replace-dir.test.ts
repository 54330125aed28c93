// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ClinicnetError } from '../../lib/core/errors';
import { MARKER_FILE, replaceDirectory } from '../../lib/core/replace-dir';

/** The module object itself (not an import namespace copy), so a spy reaches lib code. */
const nodeFs = jest.requireActual<typeof import('fs')>('fs');

const root = fs.mkdtempSync(join(tmpdir(), 'replace-dir-'));
let counter = 0;

/** A fresh parent directory; the target inside it is `out`. */
function place(): { parent: string; out: string } {
  const parent = join(root, `case-${counter++}`);
  fs.mkdirSync(parent);
  return { parent, out: join(parent, 'out') };
}

/** Every file under `dir`, relative, with its content. */
function tree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    result[full.slice(dir.length + 1)] = fs.readFileSync(full, 'utf8');
  }
  return result;
}

function errorOf(body: () => unknown): ClinicnetError {
  try {
    body();
  } catch (e) {
    if (e instanceof ClinicnetError) return e;
    throw e;
  }
  throw new Error('expected a ClinicnetError');
}

const set = [
  { path: 'a/NETWORK.md', content: 'a' },
  { path: 'b/proxy.pac', content: 'b' },
];

describe('replaceDirectory', () => {
  test('creates the directory with exactly the set and the marker, leaving nothing beside it', () => {
    const { parent, out } = place();
    replaceDirectory(out, set);
    expect(Object.keys(tree(out)).sort()).toEqual([MARKER_FILE, 'a/NETWORK.md', 'b/proxy.pac']);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('replaces an earlier set as a whole: files and folders that are gone do not linger', () => {
    const { parent, out } = place();
    replaceDirectory(out, [...set, { path: 'c/old.txt', content: 'c' }]);
    replaceDirectory(out, [{ path: 'a/NETWORK.md', content: 'new' }]);
    expect(tree(out)).toEqual({ [MARKER_FILE]: expect.any(String) as string, 'a/NETWORK.md': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('an empty directory is used; a non-empty one without the marker is refused and untouched', () => {
    const { out } = place();
    fs.mkdirSync(out);
    replaceDirectory(out, set);
    expect(tree(out)['a/NETWORK.md']).toBe('a');
    const user = place();
    fs.mkdirSync(user.out);
    fs.writeFileSync(join(user.out, 'thesis.docx'), 'years of work');
    expect(errorOf(() => replaceDirectory(user.out, set)).message).toMatch(
      /^\[OUT-DIR-NOT-OURS\] output directory not written by clinicnet — got .*\/out with content and no \.clinicnet-artefacts file/,
    );
    expect(tree(user.out)).toEqual({ 'thesis.docx': 'years of work' });
    expect(fs.readdirSync(user.parent)).toEqual(['out']);
  });

  test('a recognised earlier layout without a marker is replaced', () => {
    const { out } = place();
    fs.mkdirSync(join(out, 'site'), { recursive: true });
    fs.writeFileSync(join(out, 'site', 'proxy.pac'), 'stale');
    replaceDirectory(out, set, { recognise: (_dir, entries) => entries.join() === 'site' });
    expect(Object.keys(tree(out)).sort()).toEqual([MARKER_FILE, 'a/NETWORK.md', 'b/proxy.pac']);
  });

  test('an --out that is a file is refused with one line', () => {
    const { out } = place();
    fs.writeFileSync(out, 'a file');
    expect(errorOf(() => replaceDirectory(out, set)).code).toBe('OUT-DIR-NOT-DIRECTORY');
    expect(fs.readFileSync(out, 'utf8')).toBe('a file');
    expect(errorOf(() => replaceDirectory(join(out, 'below'), set)).message).toMatch(
      /^\[OUT-DIR-WRITE\] cannot write .*\/out\/below — got (ENOTDIR|EEXIST) \(mkdir\)/,
    );
  });

  test('a name too long fails as one error, the earlier set unchanged and no staging left', () => {
    const { parent, out } = place();
    replaceDirectory(out, set);
    const before = tree(out);
    const error = errorOf(() => replaceDirectory(out, [{ path: `${'x'.repeat(300)}/f`, content: '' }]));
    expect(error.message).toMatch(/^\[OUT-DIR-WRITE\] cannot write .*\/out — got ENAMETOOLONG \(mkdir\)/);
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('a full disk while writing fails as one error, the earlier set unchanged and no staging left', () => {
    const { parent, out } = place();
    replaceDirectory(out, set);
    const before = tree(out);
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'write' });
    const spy = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file) => {
      if (String(file).endsWith('proxy.pac')) throw full;
    });
    try {
      expect(errorOf(() => replaceDirectory(out, set)).message).toMatch(/— got ENOSPC \(write\), expected a writable/);
    } finally {
      spy.mockRestore();
    }
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('an earlier set is deleted whole, nested folders included, and a link in it is removed, never followed', () => {
    const { parent, out } = place();
    const outside = join(root, `outside-${counter++}`);
    fs.mkdirSync(outside);
    fs.writeFileSync(join(outside, 'keep'), 'k');
    replaceDirectory(out, set);
    fs.mkdirSync(join(out, 'a', 'deeper', 'still'), { recursive: true });
    fs.writeFileSync(join(out, 'a', 'deeper', 'still', 'f'), 'f');
    fs.symlinkSync(outside, join(out, 'a', 'link'));
    replaceDirectory(out, [{ path: 'n', content: 'n' }]);
    expect(tree(out)).toEqual({ [MARKER_FILE]: expect.any(String) as string, n: 'n' });
    expect(fs.readdirSync(parent)).toEqual(['out']);
    expect(fs.readFileSync(join(outside, 'keep'), 'utf8')).toBe('k');
  });

  test('an earlier set whose quick deletion fails is still deleted (fs.rmSync finishes it)', () => {
    const { parent, out } = place();
    replaceDirectory(out, set);
    // Node loads fs.rmSync's helper on first use and keeps the unlinkSync it finds then: load it
    // before the spy, or it would keep the spy (and every later rmSync in this worker would break).
    fs.rmSync(join(parent, 'absent'), { recursive: true, force: true });
    const unlink = fs.unlinkSync;
    let refused = 0;
    const spy = jest.spyOn(nodeFs, 'unlinkSync').mockImplementation((file) => {
      if (refused++ === 0) throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      unlink(file);
    });
    try {
      replaceDirectory(out, [{ path: 'n', content: 'n' }]);
    } finally {
      spy.mockRestore();
    }
    expect(refused).toBeGreaterThan(0);
    expect(tree(out)).toEqual({ [MARKER_FILE]: expect.any(String) as string, n: 'n' });
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('a failed final move puts the old set back', () => {
    const { parent, out } = place();
    replaceDirectory(out, set);
    const before = tree(out);
    const rename = fs.renameSync;
    const spy = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).includes('clinicnet-staging-')) throw Object.assign(new Error('EIO'), { code: 'EIO' });
      rename(from, to);
    });
    try {
      expect(errorOf(() => replaceDirectory(out, [{ path: 'z', content: 'z' }])).code).toBe('OUT-DIR-WRITE');
    } finally {
      spy.mockRestore();
    }
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });
});

describe('replaceDirectory after an interrupted run', () => {
  /** Simulates a run killed after moving the old set aside, before moving the new one in. */
  function killedBetweenMoves(): { parent: string; out: string; before: Record<string, string> } {
    const { parent, out } = place();
    replaceDirectory(out, set);
    const before = tree(out);
    fs.renameSync(out, join(parent, '.out.clinicnet-old-0123456789abcdef'));
    fs.mkdirSync(join(parent, '.out.clinicnet-staging-0123456789abcdef'));
    fs.writeFileSync(join(parent, '.out.clinicnet-staging-0123456789abcdef', MARKER_FILE), '');
    fs.writeFileSync(join(parent, '.out.clinicnet-staging-0123456789abcdef', 'half'), '');
    return { parent, out, before };
  }

  test('the next run finds the old set (recovered) and cleans the staging leftover', () => {
    const { parent, out, before } = killedBetweenMoves();
    // A run that then fails still leaves the recovered set in place.
    const long = [{ path: `${'x'.repeat(300)}/f`, content: '' }];
    expect(errorOf(() => replaceDirectory(out, long)).code).toBe('OUT-DIR-WRITE');
    expect(tree(out)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('the next successful run replaces the recovered set', () => {
    const { parent, out } = killedBetweenMoves();
    replaceDirectory(out, [{ path: 'new', content: 'n' }]);
    expect(tree(out)).toEqual({ [MARKER_FILE]: expect.any(String) as string, new: 'n' });
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('killed after the swap, before the delete: the old set is deleted', () => {
    const { parent, out } = place();
    replaceDirectory(out, set);
    fs.cpSync(out, join(parent, '.out.clinicnet-old-00'), { recursive: true });
    replaceDirectory(out, set);
    expect(fs.readdirSync(parent)).toEqual(['out']);
  });

  test('look-alike directories without the marker are never touched', () => {
    const { parent, out } = place();
    fs.mkdirSync(join(parent, '.out.clinicnet-old-mine'));
    fs.writeFileSync(join(parent, '.out.clinicnet-old-mine', 'keep'), 'k');
    replaceDirectory(out, set);
    expect(fs.readdirSync(parent).sort()).toEqual(['.out.clinicnet-old-mine', 'out']);
    expect(tree(out)['a/NETWORK.md']).toBe('a');
  });
});
