// SPDX-License-Identifier: Apache-2.0
import { defineError } from '../core/errors';

/** A TLS protocol version as written in configuration. */
export type TlsVersionString = '1.0' | '1.1' | '1.2' | '1.3';

const tlsVersionInvalid = defineError({
  code: 'TLS-VERSION-INVALID',
  title: 'A TLS version is not one of 1.0, 1.1, 1.2 or 1.3.',
  message: (value: string) =>
    `unknown TLS version — got "${value}", expected 1.0, 1.1, 1.2 or 1.3; fix: use one of those (vendors here require 1.2 or later)`,
  example: ['TLS1'],
});

const ORDER: TlsVersionString[] = ['1.0', '1.1', '1.2', '1.3'];

/** A TLS protocol version, ordered. */
export class TlsVersion {
  public static readonly V1_0 = new TlsVersion('1.0');
  public static readonly V1_1 = new TlsVersion('1.1');
  public static readonly V1_2 = new TlsVersion('1.2');
  public static readonly V1_3 = new TlsVersion('1.3');

  /** Accepts `1.2`, `TLS1.2`, `TLSv1.2`, `TLS1_2` (any case). */
  public static parse(text: string): TlsVersion {
    const normal = String(text)
      .trim()
      .toUpperCase()
      .replace(/^TLS\s*V?/, '')
      .replace('_', '.');
    const found = ORDER.find((v) => v === normal);
    if (found === undefined) throw tlsVersionInvalid(String(text));
    return TlsVersion.of(found);
  }

  /** The version for its model string (`'1.2'`). */
  public static of(version: TlsVersionString): TlsVersion {
    return [TlsVersion.V1_0, TlsVersion.V1_1, TlsVersion.V1_2, TlsVersion.V1_3][ORDER.indexOf(version)];
  }

  private constructor(public readonly version: TlsVersionString) {}

  /** Negative, zero or positive as this version is older than, equal to or newer than `other`. */
  public compareTo(other: TlsVersion): number {
    return ORDER.indexOf(this.version) - ORDER.indexOf(other.version);
  }

  /** True when this version is `other` or newer. */
  public isAtLeast(other: TlsVersion): boolean {
    return this.compareTo(other) >= 0;
  }

  /** Readable form: `TLS 1.2`. */
  public toString(): string {
    return `TLS ${this.version}`;
  }
}
