// SPDX-License-Identifier: Apache-2.0
import { domainToASCII } from 'url';
import { defineError } from '../core/errors';
import { isIpAddress } from './cidr';

const fqdnIsIp = defineError({
  code: 'FQDN-IS-IP',
  title: 'An IP address was given where a hostname is required.',
  message: (value: string) =>
    `IP address given as hostname — got "${value}", expected a hostname such as csu.cherel.org.au; fix: use the vendor's hostname (its address may change), or declare an address flow explicitly`,
  example: ['203.0.113.10'],
});

const fqdnInvalid = defineError({
  code: 'FQDN-INVALID',
  title: 'A hostname breaks RFC 1123 (labels of letters, digits and hyphens, 63 characters each, 253 in all).',
  message: (value: string, why: string) =>
    `invalid hostname (${why}) — got "${value}", expected RFC 1123 labels separated by dots, optionally starting with "*."; fix: correct the hostname`,
  example: ['csu..cherel.org.au', 'empty label'],
});

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A fully qualified domain name, lowercase punycode, optionally a `*.` wildcard. */
export class Fqdn {
  /**
   * Parses a hostname: lowercases it, drops one trailing dot, converts international
   * names to punycode, accepts one leading `*.` label, rejects IP literals.
   */
  public static parse(text: string): Fqdn {
    const raw = String(text).trim();
    let name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
    if (isIpAddress(name) || isIpAddress(name.replace(/^\[|\]$/g, ''))) throw fqdnIsIp(raw);
    const wildcard = name.startsWith('*.');
    if (wildcard) name = name.slice(2);
    if (name.includes('*')) throw fqdnInvalid(raw, 'a wildcard is allowed only as the whole first label, "*."');
    if (name.length === 0) throw fqdnInvalid(raw, 'empty');
    if (name.split('.').some((label) => label.length === 0)) throw fqdnInvalid(raw, 'empty label');
    const ascii = /^\p{ASCII}*$/u.test(name) ? name.toLowerCase() : domainToASCII(name);
    if (ascii === '') throw fqdnInvalid(raw, 'not a valid international name');
    const labels = ascii.split('.');
    const bad = labels.find((label) => !LABEL.test(label));
    if (bad !== undefined) throw fqdnInvalid(raw, `bad label "${bad}"`);
    if (labels.length < 2) throw fqdnInvalid(raw, 'a single label is not fully qualified');
    if (/^\d+$/.test(labels[labels.length - 1])) throw fqdnInvalid(raw, 'numeric top-level label');
    const full = (wildcard ? '*.' : '') + ascii;
    if (full.length > 253) throw fqdnInvalid(raw, `${full.length} characters, more than 253`);
    return new Fqdn(full, wildcard);
  }

  private constructor(
    private readonly name: string,
    /** True for `*.example.org`. */
    public readonly isWildcard: boolean,
  ) {}

  /** True when `host` is this name, or (for a wildcard) any name below its base. */
  public matches(host: string): boolean {
    // No pattern and no trimmed copy per call: required flows compare every rule's names with the vendor hosts.
    const lower = host.toLowerCase();
    const length = lower.endsWith('.') ? lower.length - 1 : lower.length;
    if (!this.isWildcard) return length === this.name.length && lower.startsWith(this.name);
    // `*.base` matches names ending in `.base`: the name without its `*`.
    return lower.endsWith(this.name.slice(1), length);
  }

  /** Canonical form: lowercase punycode, no trailing dot. */
  public toString(): string {
    return this.name;
  }
}
