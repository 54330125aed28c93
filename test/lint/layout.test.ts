// SPDX-License-Identifier: Apache-2.0
/** What the README's layout table says about lib/ and test/ stays true of the tree. */
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** Folders under `dir`, relative to the repository root. */
function folders(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [`${dir}/${e.name}`, ...folders(`${dir}/${e.name}`)]);
}

describe('the README layout table', () => {
  test('names every lib folder', () => {
    for (const dir of folders('lib')) {
      const named = readme.includes(`\`${dir}\``) || readme.includes(`\`${path.basename(dir)}/\``);
      expect([dir, named]).toEqual([dir, true]);
    }
  });

  test('"one folder per lib folder": each has a test folder, but for the one the README names as tested elsewhere', () => {
    const elsewhere = ['lib/terraform/dataplane'];
    for (const dir of folders('lib').filter((d) => !elsewhere.includes(d)))
      expect([dir, fs.existsSync(path.join(root, 'test', dir.slice('lib/'.length)))]).toEqual([dir, true]);
  });

  test('"one test file per rule"', () => {
    for (const file of fs.readdirSync(path.join(root, 'lib', 'policy', 'rules'))) {
      const test = path.join(root, 'test', 'policy', 'rules', file.replace(/\.ts$/, '.test.ts'));
      expect([file, fs.existsSync(test)]).toEqual([file, true]);
    }
  });
});
