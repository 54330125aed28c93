// SPDX-License-Identifier: Apache-2.0
import { defineError } from '../core/errors';

export type PortProtocol = 'tcp' | 'udp' | 'any';

const portOutOfRange = defineError({
  code: 'PORT-RANGE',
  title: 'A port number is not a whole number from 1 to 65535, or a range runs backwards.',
  message: (value: string) =>
    `invalid port — got ${value}, expected whole numbers from 1 to 65535 with from ≤ to; fix: correct the port or swap the ends of the range`,
  example: ['70000'],
});

const portNotParsable = defineError({
  code: 'PORT-INVALID',
  title: 'A port string is not a number, a range `a-b` or `*`.',
  message: (value: string) =>
    `not a port — got "${value}", expected "443", "3000-3010" or "*"; fix: write one port, a range with a hyphen, or * for any`,
  example: ['https'],
});

/** A transport protocol and a port or contiguous port range. */
export class Port {
  /** One TCP port. */
  public static tcp(port: number): Port {
    return Port.range('tcp', port, port);
  }

  /** TCP ports `from` to `to`, inclusive. */
  public static tcpRange(from: number, to: number): Port {
    return Port.range('tcp', from, to);
  }

  /** One UDP port. */
  public static udp(port: number): Port {
    return Port.range('udp', port, port);
  }

  /** UDP ports `from` to `to`, inclusive. */
  public static udpRange(from: number, to: number): Port {
    return Port.range('udp', from, to);
  }

  /** Any protocol, any port (`*`). */
  public static any(): Port {
    return new Port('any', 1, 65535, true);
  }

  /** Parses the Azure form (`"443"`, `"3000-3010"`, `"*"`) for the given protocol. */
  public static parse(text: string, protocol: PortProtocol = 'tcp'): Port {
    const value = String(text).trim();
    if (value === '*') return protocol === 'any' ? Port.any() : new Port(protocol, 1, 65535, true);
    // `\d{1,5}` or `\d{1,5}-\d{1,5}`, read by hand: rules parse every firewall rule's ports, and a match allocates.
    const hyphen = value.indexOf('-');
    const from = readDigits(value, 0, hyphen < 0 ? value.length : hyphen);
    const to = hyphen < 0 ? from : readDigits(value, hyphen + 1, value.length);
    if (from < 0 || to < 0) throw portNotParsable(value);
    return Port.range(protocol, from, to);
  }

  private static range(protocol: PortProtocol, from: number, to: number): Port {
    if (!validPort(from) || !validPort(to) || from > to) {
      throw portOutOfRange(from === to ? `${from}` : `${from}-${to}`);
    }
    return new Port(protocol, from, to, false);
  }

  private constructor(
    public readonly protocol: PortProtocol,
    public readonly from: number,
    public readonly to: number,
    /** True for `*` (every port). */
    public readonly isAny: boolean,
  ) {}

  /** True when every port of `other` is in this range for its protocol (`any` covers both). */
  public covers(other: Port): boolean {
    const protocolCovered = this.protocol === 'any' || this.protocol === other.protocol;
    return protocolCovered && this.from <= other.from && other.to <= this.to;
  }

  /** True when `port` is in this range. */
  public includes(port: number): boolean {
    return this.from <= port && port <= this.to;
  }

  /** Azure form: `"443"`, `"3000-3010"`, `"*"`. */
  public toString(): string {
    if (this.isAny) return '*';
    return this.from === this.to ? `${this.from}` : `${this.from}-${this.to}`;
  }

  /** Readable form with the protocol: `TCP 3000-3010`. */
  public describe(): string {
    return `${this.protocol === 'any' ? 'ANY' : this.protocol.toUpperCase()} ${this.toString()}`;
  }
}

function validPort(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** `text[start, end)` as a number when it is one to five ASCII digits, else -1. */
function readDigits(text: string, start: number, end: number): number {
  if (end - start < 1 || end - start > 5) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}
