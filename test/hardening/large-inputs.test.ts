// SPDX-License-Identifier: Apache-2.0
/**
 * Input sizes that used to crash with a stack trace: > ~125,000 items spread into one call
 * (`push(...rules)`), and a source tree that must not bring that pattern back.
 */
import { readFileSync, readdirSync } from 'fs';
import { join, relative } from 'path';
import * as ts from 'typescript';
import { readTerraformDocument } from '../../lib/terraform';
import { fixture } from './mutate';

const LIB = join(__dirname, '..', '..', 'lib');

/** Call sites that spread a list whose length the code bounds (a finding's few lines, capped rows, user code). */
const BOUNDED_SPREADS = new Set([
  'lib/report/junit.ts: for (const c of mine) suites.push(...testCaseXml(c, context));',
  'lib/report/text.ts: lines.push(...findingLines(f, context));',
  'lib/report/markdown.ts: lines.push(...findings.slice(0, MARKDOWN_MAX_ROWS).map(findingRow));',
  'lib/constructs/clinic-site.ts: this.bypassEntries.push(...entries);',
  "lib/artefacts/network-md.ts: lines.push('', '## Proxy, TLS inspection and address', '', ...egressPath(site, input), '');",
  'lib/core/errors.ts: exampleMessage: new ClinicnetError(spec.code, spec.message(...spec.example)).message,',
  'lib/core/errors.ts: return (...args: A) => new ClinicnetError(spec.code, spec.message(...args));',
  "lib/core/replace-dir.ts: const full = path.join(staging, ...file.path.split('/'));",
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('large arrays', () => {
  test('150,000 rules in one collection are read, not a RangeError', () => {
    const stack = fixture('reports', 'lumos-clinic.cdk.tf.json') as {
      resource: Record<string, Record<string, { network_rule_collection: { rule: unknown[] }[] }>>;
    };
    const group = stack.resource.azurerm_firewall_policy_rule_collection_group.egress;
    const template = group.network_rule_collection[0].rule[0] as Record<string, unknown>;
    group.network_rule_collection[0].rule = Array.from({ length: 150_000 }, (_, i) => ({
      ...template,
      name: `rule-${i}`,
    }));
    const { model } = readTerraformDocument(stack, 'big.cdk.tf.json');
    const flows = model.sites.flatMap((site) => site.egress).filter((flow) => flow.name.startsWith('rule-'));
    expect(flows).toHaveLength(150_000);
  });

  test('no call in lib/ spreads a list of unbounded length into its arguments', () => {
    const found: string[] = [];
    for (const file of sources(LIB)) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          found.push(`${relative(join(LIB, '..'), file)}: ${source.text.split('\n')[line].trim()}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(found.filter((site) => !BOUNDED_SPREADS.has(site))).toEqual([]);
  });
});
