// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { Testing } from 'cdktf';

// Tests and Testing.app() make temporary directories; a test run must keep them in the
// project's ignored .tmp/jest, not in the machine's /tmp (see jest.config.js).
describe('temporary directories of a test run', () => {
  const projectTmp = resolve(__dirname, '..', '.tmp', 'jest');

  test('os.tmpdir() is the project folder, so mkdtemp lands there', () => {
    expect(tmpdir()).toBe(projectTmp);
    expect(mkdtempSync(join(tmpdir(), 'tmpdir-test-')).startsWith(projectTmp)).toBe(true);
  });

  test('Testing.app() synthesizes into the project folder', () => {
    expect(Testing.app().outdir.startsWith(projectTmp)).toBe(true);
  });
});

describe('the environment of a test run', () => {
  test('cdktf checkpoint calls are off in the tests as well (set in jest.config.js)', () => {
    expect(process.env.CHECKPOINT_DISABLE).toBe('1');
  });
});
