// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet trace INPUT --from … --to …`: whether one packet gets through, hop by hop.
 * Exit 0 allowed, 1 denied or unknown, 2 usage errors and unreadable input.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ProxyScheme, TraceFrom, TraceResult, TraceTo } from '../dataplane';
import { trace } from '../dataplane';
import { Cidr, isIpAddress } from '../net/cidr';
import { Fqdn } from '../net/fqdn';
import type { ReadProblem } from '../terraform';
import { readTerraformInput } from '../terraform';
import { EXIT, type CommandRegistrar } from './command';
import { loadSitesFile } from './sites-file';

/** Help text of `--sites` for the commands that read a model (trace, graph, artefacts). */
export const SITES_OPTION_HELP =
  'YAML or JSON {sites: {NAME or GLOB: {packs?, kind?, vendor?}}}: packs and vendor settings for the matching sites, as for check';

/** What `--to` names, with its port. */
export interface TraceTarget {
  readonly to: TraceTo;
  readonly port: number;
}

function hostCidr(text: string): Cidr | undefined {
  if (isIpAddress(text)) return Cidr.parse(`${text}/${text.includes(':') ? 128 : 32}`);
  return Cidr.isCidr(text) ? Cidr.parse(text) : undefined;
}

/** `HOST:PORT`, `ADDRESS:PORT`, `CIDR:PORT`, `[IPv6]:PORT` or `[SITE/]azurerm_public_ip.NAME:PORT`. */
export function parseTarget(value: string): TraceTarget {
  const m = /^(?:\[([^\]]+)\]|(.+)):(\d{1,5})$/.exec(value.trim());
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || port < 1 || port > 65535)
    throw new InvalidArgumentError(
      `expected HOST:PORT, ADDRESS:PORT or [IPv6]:PORT with a port 1-65535, got ${JSON.stringify(value)}.`,
    );
  const where = (m[1] ?? m[2]).trim();
  const cidr = hostCidr(where);
  if (cidr !== undefined) return { to: { kind: 'address', address: cidr }, port };
  if (m[1] !== undefined)
    throw new InvalidArgumentError(`expected an IPv6 address in brackets, got ${JSON.stringify(where)}.`);
  // Terraform addresses repeat across stacks: `SITE/azurerm_public_ip.NAME` says whose.
  const ip = /^(?:([^/\s]+)\/)?(azurerm_public_ip\.[A-Za-z0-9_-]+)$/.exec(where);
  if (ip !== null)
    return { to: { kind: 'public-ip', resource: ip[2], ...(ip[1] === undefined ? {} : { site: ip[1] }) }, port };
  try {
    return { to: { kind: 'host', host: Fqdn.parse(where).toString() }, port };
  } catch {
    throw new InvalidArgumentError(
      `expected a hostname, an address or a CIDR before the port, got ${JSON.stringify(where)}.`,
    );
  }
}

/** `internet`, an address, `SITE` or `SITE/SUBNET`. */
export function parseFrom(value: string): TraceFrom {
  const text = value.trim();
  if (text === '') throw new InvalidArgumentError('expected internet, SITE, SITE/SUBNET or an address, got nothing.');
  if (text === 'internet') return { kind: 'internet' };
  const address = hostCidr(text.replace(/^\[|\]$/g, ''));
  if (address !== undefined) return { kind: 'address', address };
  const slash = text.indexOf('/');
  if (slash < 0) return { kind: 'site', site: text };
  return { kind: 'subnet', site: text.slice(0, slash), subnet: text.slice(slash + 1) };
}

/** Control characters from the input shown as escapes, so one value is one line on a terminal. */
const printable = (text: string): string =>
  text.replace(
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

/** The verdict, then one line per hop. */
export function renderTraceText(result: TraceResult): string {
  const lines = [`verdict: ${result.verdict}`];
  const width = result.hops.reduce((max, h) => Math.max(max, h.step.length), 4);
  for (const hop of result.hops) {
    const rule = hop.rule === '' ? '' : ` ${printable(hop.rule)}`;
    lines.push(
      `  ${hop.step.padEnd(width)}  ${hop.decision.padEnd(7)}  ${printable(hop.address)}${rule} — ${printable(hop.detail)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One `clinicnet: warning:` line per read problem, for standard error. */
export function problemLines(problems: readonly ReadProblem[]): string {
  return problems
    .map((p) => `clinicnet: warning: ${printable(`${p.site === '' ? '*' : p.site} ${p.address}: ${p.message}`)}\n`)
    .join('');
}

interface TraceOptions {
  readonly from: TraceFrom;
  readonly to: TraceTarget;
  readonly protocol: 'tcp' | 'udp';
  readonly viaProxy?: ProxyScheme;
  readonly format: 'text' | 'json';
  readonly sites?: string;
}

/** Registers `clinicnet trace`. */
export const registerTrace: CommandRegistrar = (program, setExitCode) => {
  program
    .command('trace')
    .description(
      'Trace one packet through the data plane (NSGs, routes, firewall, NAT, VPN). Exit 0 allowed, 1 denied or unknown.',
    )
    .argument('<input>', 'cdk.tf.json, cdktf.out directory or `terraform show -json` plan')
    .requiredOption('--from <source>', 'internet, SITE, SITE/SUBNET or an address in the estate', parseFrom)
    .requiredOption(
      '--to <target>',
      'HOST:PORT, ADDRESS:PORT, CIDR:PORT, [IPv6]:PORT or [SITE/]azurerm_public_ip.NAME:PORT',
      parseTarget,
    )
    .addOption(new Option('--protocol <protocol>', 'transport protocol').choices(['tcp', 'udp']).default('tcp'))
    .addOption(
      new Option(
        '--via-proxy <scheme>',
        "a request the client hands to its firewall's explicit proxy (only application rules decide)",
      ).choices(['http', 'https']),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--sites <file>', SITES_OPTION_HELP)
    .action(function (this: Command, input: string, options: TraceOptions) {
      if (options.viaProxy !== undefined && options.protocol !== 'tcp')
        this.error('error: --via-proxy carries HTTP(S) over TCP: drop --protocol udp');
      // The sites file before the input, as check reads it: its errors come first.
      const sites = options.sites === undefined ? undefined : loadSitesFile(options.sites);
      const read = readTerraformInput(input, { dataplane: true, sites });
      const result = trace(read.model, {
        from: options.from,
        to: options.to.to,
        protocol: options.protocol,
        port: options.to.port,
        ...(options.viaProxy !== undefined && { viaProxy: options.viaProxy }),
      });
      const output = this.configureOutput();
      if (read.problems.length > 0) output.writeErr?.(problemLines(read.problems));
      output.writeOut?.(options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderTraceText(result));
      setExitCode(result.verdict === 'allowed' ? EXIT.OK : EXIT.FINDINGS);
    });
};
