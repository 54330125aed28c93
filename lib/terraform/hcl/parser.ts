// SPDX-License-Identifier: Apache-2.0
/**
 * The HCL parser (@cdktn/hcl2json, Terraform's own HCL library compiled to WASM), loaded
 * on first use: importing it costs ~100 ms and ~100 MB, which JSON-only runs must not pay.
 * Its API is asynchronous, so the directory reader parses every file and every expression
 * first (awaiting here) and then evaluates synchronously. Expression parses are cached
 * by text: a module instantiated for 100 clinics has its expressions parsed once.
 */
import type { ExpressionType } from '@cdktn/hcl2json/build/syntax-tree';
import { defineError } from '../../core/errors';

type Hcl2Json = typeof import('@cdktn/hcl2json');

/** An HCL file the parser rejects. */
export const hclSyntax = defineError({
  code: 'TF-HCL-SYNTAX',
  title: 'A Terraform configuration file is not valid HCL.',
  message: (file: string, why: string) =>
    `invalid HCL in ${file} — got ${why}, expected a file \`terraform validate\` accepts; fix: correct the file (run \`terraform fmt\` to locate the error)`,
  example: ['main.tf', 'main.tf:3,1-2: Argument or block definition required'],
});

let loaded: Promise<Hcl2Json> | undefined;

function parser(): Promise<Hcl2Json> {
  loaded ??= import('@cdktn/hcl2json');
  return loaded;
}

/** Parses one `.tf` (or `.tfvars`) file into hcl2json's JSON (blocks as lists of bodies). */
export async function parseHclFile(file: string, text: string): Promise<Record<string, unknown>> {
  const hcl = await parser();
  try {
    return (await hcl.parse(file, text)) as Record<string, unknown>;
  } catch (e) {
    // The parser's message is "parse config: [diagnostics]"; keep the diagnostics, on one line.
    const why = String((e as Error).message ?? e).replace(/^parse config: /, '');
    throw hclSyntax(file, why.replace(/\s+/g, ' ').slice(0, 400));
  }
}

/** A parsed expression, or the parser's complaint. */
export type ParsedExpression = { readonly ast: ExpressionType } | { readonly error: string };

const expressions = new Map<string, Promise<ParsedExpression>>();
const EXPRESSION_CACHE_LIMIT = 50_000;

/** The AST of an HCL expression (source text, not a template), parsed once per text. */
export function parseExpression(text: string): Promise<ParsedExpression> {
  let parsed = expressions.get(text);
  if (parsed === undefined) {
    if (expressions.size >= EXPRESSION_CACHE_LIMIT) expressions.clear();
    parsed = parser().then(async (hcl) => {
      try {
        const ast = await hcl.getExpressionAst('expression.tf', text);
        return ast === null ? { error: 'no expression' } : { ast };
      } catch (e) {
        return { error: String((e as Error).message ?? e).replace(/\s+/g, ' ') };
      }
    });
    expressions.set(text, parsed);
  }
  return parsed;
}
