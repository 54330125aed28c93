// SPDX-License-Identifier: Apache-2.0
/**
 * `connectivity-test.ps1`: a PowerShell script the clinic's IT runs on the practice server
 * to prove each vendor flow the site declares actually gets through.
 */
import { allowedEgress } from './flow-direction';
import { powershellString, terminalText } from '../core/escape';
import { isUnknown, type EgressFlow, type Site } from '../model/types';
import { isIpAddress } from '../net/cidr';
import { Port } from '../net/port';
import { ProxyEndpoint } from './proxy-config';
import { appendAll } from '../core/append';
import { memoByText } from '../core/memo';
import { unknownText } from './unknown-text';

/** One TCP connection attempt the script makes. */
export interface ConnectivityProbe {
  /** Requirement id, or `proxy` for the proxy endpoint itself. */
  readonly requirement: string;
  /** Flow (rule) name the probe exercises. */
  readonly flow: string;
  readonly host: string;
  readonly port: number;
  /** True for the first or last port of a range: vendors often keep data ports closed until a transfer opens them. */
  readonly rangeEnd: boolean;
}

/** What the script cannot test, with the reason, so the hand-over says so instead of staying silent. */
export interface SkippedProbe {
  readonly requirement: string;
  readonly flow: string;
  readonly reason: string;
}

/** The probes for a site: every allowed vendor flow (one that serves a requirement), destination by destination, port by port. */
export function connectivityProbes(site: Site): { probes: ConnectivityProbe[]; skipped: SkippedProbe[] } {
  const probes: ConnectivityProbe[] = [];
  const skipped: SkippedProbe[] = [];
  if (site.proxy !== undefined) {
    const flow = `${site.proxy.kind} proxy`;
    const endpoint = ProxyEndpoint.parse(site.proxy.endpoint);
    if (endpoint === undefined)
      skipped.push({ requirement: 'proxy', flow, reason: `endpoint ${site.proxy.endpoint} is not host:port` });
    else {
      const host = endpoint.host.replace(/^\[(.*)\]$/, '$1');
      probes.push({ requirement: 'proxy', flow, host, port: endpoint.port, rangeEnd: false });
    }
  }
  // Every flow this site sends (with or without a requirement id); never an arrival over a VPN.
  for (const flow of allowedEgress(site)) {
    const requirement = flow.requirement ?? '-';
    const skip = (reason: string) => skipped.push({ requirement, flow: flow.name, reason });
    if (flow.protocol === 'udp') {
      skip('UDP cannot be tested with Test-NetConnection');
      continue;
    }
    for (const host of flow.fqdns) {
      if (isUnknown(host)) skip(`hostname ${unknownText(host.unknown, 'unknown before apply')}`);
      else if (host.startsWith('*.')) skip(`${host} is a wildcard; test a concrete host below it`);
      else appendAll(probes, portProbes(flow, requirement, host, skip));
    }
    for (const address of flow.addresses) {
      const host = isUnknown(address) ? undefined : singleHost(address);
      if (host === undefined)
        skip(
          `destination ${isUnknown(address) ? unknownText(address.unknown, 'unknown before apply') : `${address} is a range, not one host`}`,
        );
      else appendAll(probes, portProbes(flow, requirement, host, skip));
    }
  }
  return { probes, skipped };
}

function portProbes(
  flow: EgressFlow,
  requirement: string,
  host: string,
  skip: (reason: string) => void,
): ConnectivityProbe[] {
  const probes: ConnectivityProbe[] = [];
  for (const value of flow.ports) {
    if (isUnknown(value)) {
      skip(`port ${unknownText(value.unknown, 'unknown before apply')}`);
      continue;
    }
    const port = Port.parse(value, 'tcp');
    if (port.isAny) {
      skip(`${host} is allowed on every port; test the port the vendor uses`);
      continue;
    }
    const ends = port.from === port.to ? [port.from] : [port.from, port.to];
    appendAll(
      probes,
      ends.map((p) => ({ requirement, flow: flow.name, host, port: p, rangeEnd: ends.length > 1 })),
    );
  }
  return probes;
}

/** The address of a one-host destination (`10.10.1.20/32`, `10.10.1.20`), else undefined. */
function singleHost(address: string): string | undefined {
  if (isIpAddress(address)) return address;
  const [ip, length] = address.split('/');
  return isIpAddress(ip) && (length === '32' || length === '128') ? ip : undefined;
}

/**
 * Model text as a PowerShell string expression: shown escaped for the console the script
 * prints to (no ESC sequences, no bidi overrides), then quoted so it cannot end its string.
 * Memoised: every site's script quotes the same requirement ids, flow names and vendor hosts.
 */
const quote = memoByText((value) => powershellString(terminalText(value)));

/**
 * The script for a site; PASS/FAIL per probe, a summary, exit code 0 only when nothing failed.
 * ASCII only, and model text appears only inside quoted strings (never in comments): clinic
 * IT runs it with `-ExecutionPolicy Bypass`, and Windows PowerShell reads it in the ANSI code page.
 */
export function renderConnectivityTest(site: Site): string {
  const { probes, skipped } = connectivityProbes(site);
  const proxyNote =
    site.proxy === undefined
      ? []
      : [
          `Write-Host ${quote(`Clients here use the ${site.proxy.kind} proxy ${site.proxy.endpoint}; the direct tests pass only where the firewall also allows the flow without it.`)}`,
        ];
  const lines = [
    '# connectivity-test.ps1: generated by clinicnet from the network model; do not edit.',
    '# Run on the practice server:  powershell -ExecutionPolicy Bypass -File .\\connectivity-test.ps1',
    '# Exit code 0: every test passed. 1: at least one FAIL.',
    '# A range is tested at its first and last port. A vendor may keep data ports closed until a',
    '# transfer opens them: a range end that does not answer is WARN (check the firewall log), not FAIL.',
    "$ProgressPreference = 'SilentlyContinue'",
    `Write-Host ${quote(`clinicnet connectivity test for site ${site.name}`)}`,
    ...proxyNote,
    '$results = New-Object System.Collections.Generic.List[object]',
    'function Add-Result($Requirement, $Flow, $HostName, $Port, $RangeEnd, $Reachable) {',
    "  $status = if ($Reachable) { 'PASS' } elseif ($RangeEnd) { 'WARN' } else { 'FAIL' }",
    '  $results.Add([pscustomobject]@{ Result = $status; Requirement = $Requirement; Host = $HostName; Port = $Port; Flow = $Flow })',
    '}',
    '',
  ];
  for (const p of probes) {
    const test = `(Test-NetConnection -ComputerName ${quote(p.host)} -Port ${p.port} -InformationLevel Quiet -WarningAction SilentlyContinue)`;
    lines.push(`Add-Result ${quote(p.requirement)} ${quote(p.flow)} ${quote(p.host)} ${p.port} $${p.rangeEnd} ${test}`);
  }
  if (probes.length === 0)
    lines.push(
      `Write-Host ${quote(skipped.length === 0 ? `Site ${site.name} declares no egress flows to test.` : `Site ${site.name} has no egress flow this script can test (see below).`)}`,
    );
  for (const s of skipped)
    lines.push(`Write-Host ${quote(`NOT TESTED ${s.requirement} (flow ${s.flow}): ${s.reason}`)}`);
  lines.push(
    '',
    '$results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host',
    "$failed = @($results | Where-Object { $_.Result -eq 'FAIL' })",
    "$warned = @($results | Where-Object { $_.Result -eq 'WARN' })",
    'Write-Host ("{0} passed, {1} failed, {2} warnings of {3} tests." -f ($results.Count - $failed.Count - $warned.Count), $failed.Count, $warned.Count, $results.Count)',
    'foreach ($f in $failed) { Write-Host ("FAIL {0}: cannot reach {1}:{2} (flow {3})" -f $f.Requirement, $f.Host, $f.Port, $f.Flow) }',
    'if ($failed.Count -gt 0) { exit 1 }',
    'exit 0',
    '',
  );
  return lines.join('\n');
}
