// SPDX-License-Identifier: Apache-2.0
/**
 * Strings of a parsed configuration are Terraform templates (hcl2json keeps `${…}` and
 * `%{…}` as written, with literal parts already unescaped, as in .tf.json). Each is turned
 * into an expression AST by the parser, before evaluation: a whole `${expr}` as the bare
 * expression (its value keeps its type, as Terraform's does), any other template as a
 * heredoc, whose literal parts need no escaping. Parses are asynchronous, so the table is
 * filled first and read synchronously by the evaluator.
 */
import type { ExpressionType } from '@cdktn/hcl2json/build/syntax-tree';
import { parseExpression } from './parser';

/** A configuration string, ready to evaluate. */
export type Template =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'expression'; readonly ast: ExpressionType; readonly source: string; readonly heredoc: boolean }
  | { readonly kind: 'invalid'; readonly source: string; readonly error: string };

/** True when the string is a template rather than plain text. */
export const isTemplate = (text: string): boolean => text.includes('${') || text.includes('%{');

function heredocOf(text: string): string {
  let marker = 'CLINICNET_EOT';
  while (text.includes(marker)) marker += '_';
  return `<<${marker}\n${text}\n${marker}\n`;
}

async function templateOf(text: string): Promise<Template> {
  if (!isTemplate(text)) return { kind: 'literal', value: text };
  const whole = /^\$\{([\s\S]*)\}$/.exec(text);
  if (whole) {
    // `${a}-${b}` also starts and ends so; its inside (`a}-${b`) is not an expression.
    const parsed = await parseExpression(whole[1]);
    if ('ast' in parsed) return { kind: 'expression', ast: parsed.ast, source: whole[1].trim(), heredoc: false };
  }
  const parsed = await parseExpression(heredocOf(text));
  if ('ast' in parsed) return { kind: 'expression', ast: parsed.ast, source: text, heredoc: true };
  return { kind: 'invalid', source: text, error: parsed.error };
}

/** Every configuration string's template, parsed once per text. */
export class TemplateTable {
  private readonly table = new Map<string, Template>();
  private readonly pending = new Map<string, Promise<void>>();

  /** Parses every string found in `value` (deeply, object keys included). */
  public collect(value: unknown): void {
    if (typeof value === 'string') {
      if (!isTemplate(value) || this.table.has(value) || this.pending.has(value)) return;
      this.pending.set(
        value,
        templateOf(value).then((t) => void this.table.set(value, t)),
      );
    } else if (Array.isArray(value)) {
      for (const item of value) this.collect(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        this.collect(key);
        this.collect(item);
      }
    }
  }

  /** Resolves once every collected string is parsed. */
  public async ready(): Promise<void> {
    await Promise.all(this.pending.values());
    this.pending.clear();
  }

  /** The template of a collected string (plain text needs no parse). */
  public get(text: string): Template {
    if (!isTemplate(text)) return { kind: 'literal', value: text };
    const found = this.table.get(text);
    return found ?? { kind: 'invalid', source: text, error: 'not parsed' };
  }
}
