// SPDX-License-Identifier: Apache-2.0
/** Hostile paths and files: a manifest cannot make the reader read outside cdktf.out, hang, or exhaust memory. */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ClinicnetError } from '../../lib/core/errors';
import { readTerraformInput } from '../../lib/terraform';
import { checkInputFile } from '../../lib/terraform/input';
import { runCli } from '../cli/run-cli';

function errorOf(run: () => unknown): ClinicnetError {
  try {
    run();
  } catch (e) {
    if (e instanceof ClinicnetError) return e;
    throw e;
  }
  throw new Error('expected a ClinicnetError, nothing was thrown');
}

const STACK = JSON.stringify({ resource: { azurerm_firewall_policy: { p: { name: 'fwp' } } } });

/** A cdktf.out whose manifest lists one stack at `stackPath`; `setup` may add files first. */
function cdktfOut(stackPath: string, setup: (dir: string) => void = () => undefined): string {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'cdktf-out-'));
  setup(dir);
  const manifest = { version: '0.21.0', stacks: { hub: { name: 'hub', synthesizedStackPath: stackPath } } };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

describe('manifest stack paths', () => {
  test('a stack inside the directory is read', () => {
    const dir = cdktfOut('stacks/hub/cdk.tf.json', (d) => {
      fs.mkdirSync(path.join(d, 'stacks', 'hub'), { recursive: true });
      fs.writeFileSync(path.join(d, 'stacks', 'hub', 'cdk.tf.json'), STACK);
    });
    expect(readTerraformInput(dir).files).toEqual([
      path.join(dir, 'manifest.json'),
      path.join(dir, 'stacks/hub/cdk.tf.json'),
    ]);
  });

  test.each(['../../../../../../etc/passwd', '/etc/passwd', '/dev/zero', '.'])(
    '%s is refused as outside the directory',
    (stackPath) => {
      const e = errorOf(() => readTerraformInput(cdktfOut(stackPath)));
      expect(e.code).toBe('TF-INPUT-OUTSIDE');
      expect(e.message).toContain('stack "hub"');
      expect(e.message).not.toContain('root:');
    },
  );

  test('a symbolic link inside the directory to a file outside it is refused', () => {
    const dir = cdktfOut('stack.json', (d) => fs.symlinkSync('/etc/hostname', path.join(d, 'stack.json')));
    expect(errorOf(() => readTerraformInput(dir)).code).toBe('TF-INPUT-OUTSIDE');
  });

  test('a symbolic link to /dev/zero inside the directory is refused before any read', () => {
    const dir = cdktfOut('zero.json', (d) => fs.symlinkSync('/dev/zero', path.join(d, 'zero.json')));
    expect(errorOf(() => readTerraformInput(dir)).code).toBe('TF-INPUT-OUTSIDE');
  });

  test('a directory or a named pipe inside the directory is not a regular file', () => {
    const withDir = cdktfOut('stacks', (d) => fs.mkdirSync(path.join(d, 'stacks')));
    expect(errorOf(() => readTerraformInput(withDir)).message).toContain('got a directory');
    const withFifo = cdktfOut('pipe.json', (d) => execFileSync('mkfifo', [path.join(d, 'pipe.json')]));
    const e = errorOf(() => readTerraformInput(withFifo));
    expect(e.code).toBe('TF-INPUT-NOT-FILE');
    expect(e.message).toContain('got a named pipe');
  });

  test('the CLI refuses a hostile manifest with one line and exit 2', async () => {
    const run = await runCli(['check', cdktfOut('../../../../../../etc/passwd')]);
    expect(run.code).toBe(2);
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toContain('TF-INPUT-OUTSIDE');
  });
});

describe('input files', () => {
  test('a device given directly is not a regular file', () => {
    const e = errorOf(() => readTerraformInput('/dev/zero'));
    expect(e.code).toBe('TF-INPUT-NOT-FILE');
    expect(e.message).toContain('got a character device');
  });

  test('a file over the cap is refused; one at the cap is read', () => {
    const dir = cdktfOut('s.json', (d) => fs.writeFileSync(path.join(d, 's.json'), STACK));
    const stack = path.join(dir, 's.json');
    expect(() => checkInputFile(stack, STACK.length)).not.toThrow();
    const e = errorOf(() => checkInputFile(stack, STACK.length - 1));
    expect(e.code).toBe('TF-INPUT-TOO-LARGE');
    expect(errorOf(() => readTerraformInput(dir, { maxInputBytes: 10 })).code).toBe('TF-INPUT-TOO-LARGE');
  });

  test('a JSON syntax error never quotes the input', () => {
    const dir = cdktfOut('s.json', (d) => fs.writeFileSync(path.join(d, 's.json'), '{"shared_key": hunter2secret}'));
    const e = errorOf(() => readTerraformInput(path.join(dir, 's.json')));
    expect(e.code).toBe('TF-INPUT-JSON');
    expect(e.message).not.toContain('hunter2');
    // Node 20 gives no position for this message; the exact column comes with lib/core/json-input.ts.
    expect(e.message).toContain('— got an unexpected character');
  });
});
