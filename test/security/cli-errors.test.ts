// SPDX-License-Identifier: Apache-2.0
/** An unreadable input whose name is a CI command: the one-line error carries it escaped. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../cli/run-cli';
import { terminalProblems } from './checks';

test('a file name with a CI command, ESC and a bidi override is shown escaped in the one-line error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-errors-'));
  try {
    const name = path.join(dir, 'x ##vso[task.setvariable variable=A]1 \u001b[2J \u202Eevil\n::error::forged.json');
    fs.writeFileSync(name, '{ "resource": ');
    const { code, err } = await runCli(['check', name]);
    expect(code).toBe(2);
    expect(err).toContain('#\\x23vso[task.setvariable');
    expect(terminalProblems(err, 'clinicnet: one line\n')).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
