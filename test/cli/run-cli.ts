// SPDX-License-Identifier: Apache-2.0
/** Runs the CLI in-process with captured output streams. */
import { Writable } from 'stream';
import { main } from '../../lib/cli/main';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** `clinicnet ...argv`, with its exit code and what it wrote to stdout and stderr. */
export async function runCli(argv: readonly string[]): Promise<CliRun> {
  const out = sink();
  const err = sink();
  const code = await main([...argv], out, err);
  return { code, out: out.text(), err: err.text() };
}
