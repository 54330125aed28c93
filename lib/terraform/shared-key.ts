// SPDX-License-Identifier: Apache-2.0
/**
 * Where a VPN connection's shared key comes from. Only four sources keep the key out of
 * the input: a Key Vault secret data source, an ephemeral Key Vault secret, a managed
 * Key Vault secret whose own value is not a literal, and a sensitive variable with no
 * value written in the input. Anything else that can be seen is a literal — an expression
 * with literal text in it (`"pfx-${var.x}"`, `join("", ["…", var.x])`) carries key
 * material too. What is recorded names the source, never the key: no text of the
 * expression goes into the model, so no report can print it.
 */
import { memoByText } from '../core/memo';
import type { VpnLink } from '../model/types';
import type { TfResource } from './document';
import { isObject } from './document';
import type { DocumentIndex } from './values';

type KeySource = VpnLink['sharedKey'];

const literal = (reference?: string): KeySource =>
  reference === undefined ? { source: 'literal' } : { source: 'literal', reference };
const unknownSource = (reference: string): KeySource => ({ source: 'unknown', reference });

/** A whole-value `${traversal}`; null for a template with text around it or a function call. */
const WHOLE = /^\$\{\s*((?:data\.|ephemeral\.)?[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+)\s*\}$/;
/** Traversals in an expression (identifiers and their attributes), for naming them without any text between. */
const TRAVERSALS =
  /\b(?:data\.|ephemeral\.)?(?:var|local|module|[a-z][a-z0-9_]*)\.[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*/g;
const MAX_DEPTH = 4;

/** A traversal taken apart as {@link fromTraversal} reads it. */
interface KeyTraversal {
  /** The first and second dot-separated parts, and how many there are. */
  readonly head: string;
  readonly second: string | undefined;
  readonly count: number;
  readonly mode: 'managed' | 'data' | 'ephemeral';
  readonly type: string;
  readonly name: string;
  readonly attribute: string | undefined;
  /** `type.name`, with `data.` or `ephemeral.` before it. */
  readonly address: string;
}

/** Every stack's connections name their keys alike: each traversal is taken apart once. */
const keyTraversal = memoByText((text): KeyTraversal => {
  const parts = text.split('.');
  const mode = parts[0] === 'data' || parts[0] === 'ephemeral' ? parts[0] : 'managed';
  const rest = mode === 'managed' ? parts : parts.slice(1);
  const [type, name, attribute] = rest;
  return Object.freeze({
    head: parts[0],
    second: parts[1],
    count: parts.length,
    mode,
    type,
    name,
    attribute,
    address: `${mode === 'managed' ? '' : `${mode}.`}${type}.${name}`,
  });
});

/**
 * The traversal of a whole-value `${traversal}`, null for another expression. Only texts without
 * literal text reach it (checked first), so no key material is kept in the memo.
 */
const wholeTraversal = memoByText((text): string | null => WHOLE.exec(text)?.[1] ?? null);

/**
 * True when a template holds literal text: anything outside `${…}`, a quoted string with
 * content or a heredoc inside one. Conservative: `${"a"}` and `x${var.k}` are both literal text.
 */
export function holdsLiteralText(template: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (depth === 0) {
      if ((c === '$' || c === '%') && template[i + 1] === '{') {
        depth = 1;
        i++;
      } else return true;
    } else if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else if (c === '$' && template[i + 1] === '{') return true;
      else return true;
    } else if (c === '"') {
      inString = true;
    } else if (c === '<' && template[i + 1] === '<') {
      return true;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return false;
}

/** The identifiers an expression reads (`var.a`, `data.x.y.value`), never the text between them. */
function referencesIn(template: string): string[] {
  return [...new Set(template.match(TRAVERSALS) ?? [])].sort();
}

/** An expression that is not one traversal: a literal when it reads nothing (`${12345}`), else not known. */
function fromExpression(references: readonly string[]): KeySource {
  if (references.length === 0) return literal('an expression without references');
  return unknownSource(`an expression of ${references.join(', ')}`);
}

/** A variable's key: only a sensitive one whose value is not written in the input. */
function fromVariable(index: DocumentIndex, name: string): KeySource {
  const spec = index.doc.variables.get(name);
  const reference = `var.${name}`;
  if (spec === undefined) return unknownSource(`${reference} (not declared in this input)`);
  if (!spec.sensitive) return literal(`${reference} is not sensitive`);
  if (spec.hasDefault) return literal(`${reference} has a default`);
  if (spec.committedValue === true) return literal(`${reference} has a value in a committed .tfvars file`);
  return { source: 'sensitive-variable', reference };
}

/** The key a managed `azurerm_key_vault_secret` holds: accepted unless its own value is a literal. */
function fromManagedSecret(index: DocumentIndex, secret: TfResource, depth: number): KeySource {
  const own = keySourceOf(index, secret, 'value', depth + 1, true);
  if (own.source === 'literal') return literal(`the value of ${secret.address} is a literal`);
  return { source: 'key-vault-secret', reference: secret.address };
}

/** The source a single traversal names: `var.x`, `data.azurerm_key_vault_secret.x.value`, … */
function fromTraversal(
  index: DocumentIndex,
  from: TfResource,
  text: string,
  depth: number,
  inSecret: boolean,
): KeySource {
  const { head, second, count, mode, type, name, attribute, address } = keyTraversal(text);
  if (head === 'var' && count === 2) return fromVariable(index, second as string);
  if (head === 'local' || head === 'module') return unknownSource(`${head}.${second} (not read)`);
  const target = mode === 'ephemeral' ? undefined : index.find(from.module, mode, type, name);
  // A managed secret may hold a generated value (`random_password.p.result`): only its literal text is refused.
  if (inSecret && target !== undefined && !(type === 'azurerm_key_vault_secret' && attribute === 'value'))
    return { source: 'unknown', reference: address };
  if (type !== 'azurerm_key_vault_secret' || attribute !== 'value') {
    // A resource of the input that is no secret store holds the key in the input or its state; `each.value` and the like are not read.
    return target !== undefined
      ? literal(`${address} is not a Key Vault secret's value`)
      : unknownSource(`${text} (not read)`);
  }
  if (mode === 'ephemeral') {
    // A plan lists no ephemeral resources: there the reference itself is what the configuration says.
    const known = from.planned || index.doc.ephemerals?.has(`${type}.${name}`) === true;
    return known ? { source: 'key-vault-secret', reference: address } : unknownSource(`${address} (not in this input)`);
  }
  if (target === undefined) return unknownSource(`${address} (not in this input)`);
  if (mode === 'data') return { source: 'key-vault-secret', reference: address };
  if (depth >= MAX_DEPTH) return unknownSource(`${address} (references nested too deep)`);
  return fromManagedSecret(index, target, depth);
}

/** A plan's key: its configuration expression decides (the values are already evaluated). */
function fromPlanConfiguration(
  index: DocumentIndex,
  resource: TfResource,
  attribute: string,
  depth: number,
  inSecret: boolean,
): KeySource {
  const expression = isObject(resource.expressions) ? resource.expressions[attribute] : undefined;
  if (!isObject(expression)) return unknownSource('plan without configuration');
  if ('constant_value' in expression) return literal();
  const texts = Array.isArray(expression.references) ? expression.references.map(String) : [];
  // Terraform lists `a.b.value` and then `a.b`: only the most specific reference counts.
  const specific = texts.filter((t) => !texts.some((o) => o !== t && (o.startsWith(`${t}.`) || o.startsWith(`${t}[`))));
  if (specific.length !== 1) return fromExpression(referencesIn(specific.join(' ')));
  // A plan's configuration does not show literal text around a reference (`"pfx-${var.x}"`): the reference decides.
  return fromTraversal(index, resource, specific[0].replace(/\[[^\]]*\]/g, ''), depth, inSecret);
}

/**
 * Where the key in `resource.<attribute>` comes from.
 * @param inSecret true while reading a managed secret's own value, where any non-literal source will do
 */
export function keySourceOf(
  index: DocumentIndex,
  resource: TfResource,
  attribute: string,
  depth = 0,
  inSecret = false,
): KeySource {
  if (resource.planned) return fromPlanConfiguration(index, resource, attribute, depth, inSecret);
  const raw = resource.values[attribute];
  if (raw === undefined || raw === null) return { source: 'none' };
  if (typeof raw !== 'string' || !raw.includes('${') || holdsLiteralText(raw)) return literal();
  const whole = wholeTraversal(raw);
  if (whole === null) return fromExpression(referencesIn(raw));
  return fromTraversal(index, resource, whole, depth, inSecret);
}
