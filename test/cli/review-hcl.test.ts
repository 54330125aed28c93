// SPDX-License-Identifier: Apache-2.0
/** `clinicnet review --base DIR --head DIR` on Terraform HCL root modules (read through the asynchronous parser). */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from './run-cli';

const ESTATE = join(__dirname, '..', 'fixtures', 'hcl', 'estate');
jest.setTimeout(60_000); // HCL parsing loads a WebAssembly parser: seconds on a loaded machine

interface ReviewJson {
  readonly findings: Record<'new' | 'fixed' | 'unchanged', { requirement: string; site: string }[]>;
}

/** A copy of the estate whose tfvars are changed by `edit`. */
function estate(edit: (tfvars: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'review-hcl-'));
  cpSync(ESTATE, dir, { recursive: true });
  const tfvars = join(dir, 'terraform.tfvars');
  writeFileSync(tfvars, edit(readFileSync(tfvars, 'utf8')));
  return dir;
}

test("a change that gives blacktown its Lumos 991 rule: that finding is fixed, richmond's overlap unchanged", async () => {
  const base = estate((t) => t);
  const rule =
    '{ name = "lumos-ftps-control", app = "ftps-implicit", req = "LUMOS-EGRESS-991", fqdns = ["csu.cherel.org.au"], ports = ["991"] },';
  const head = estate((t) => t.replace(/(blacktown = \{[\s\S]*?rules = \[\n)/, `$1      ${rule}\n`));
  const run = await runCli(['review', '--base', base, '--head', head, '--format', 'json']);
  expect(run.err).toBe('');
  const review = JSON.parse(run.out) as ReviewJson;
  const pairs = (list: { requirement: string; site: string }[]) => list.map((f) => [f.site, f.requirement]);
  expect(pairs(review.findings.fixed)).toEqual([['blacktown', 'LUMOS-EGRESS-991']]);
  expect(pairs(review.findings.new)).toEqual([]);
  expect(pairs(review.findings.unchanged)).toEqual([['richmond', 'BASE-CIDR-NO-OVERLAP']]);
  expect(run.code).toBe(1);
});
