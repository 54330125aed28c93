// SPDX-License-Identifier: Apache-2.0
/**
 * Requests handed to Azure Firewall's explicit proxy (fact 12): the client's packet to the proxy
 * port, then application rules only. Fixture `explicit-proxy`: the practice subnet's NSG denies
 * the internet, a network collection denies TCP 443, and application collection `web` allows
 * `*.cherel.org.au` on HTTPS 443; the policy's proxy listens on 8080 (HTTP) and 8443 (HTTPS).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseFrom, parseTarget } from '../../lib/cli/trace';
import { trace } from '../../lib/dataplane';
import type { ProxyScheme, TraceResult } from '../../lib/dataplane';
import { readTerraformInput } from '../../lib/terraform';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'dataplane');

function traceIn(file: string, from: string, to: string, viaProxy?: ProxyScheme): TraceResult {
  const model = readTerraformInput(file, { dataplane: true }).model;
  const target = parseTarget(to);
  const query = { from: parseFrom(from), to: target.to, protocol: 'tcp', port: target.port } as const;
  return trace(model, viaProxy === undefined ? query : { ...query, viaProxy });
}

const fixture = (name: string) => path.join(FIXTURES, `${name}.cdk.tf.json`);
const compact = (result: TraceResult) =>
  result.hops.map((h) => `${h.step} ${h.decision} ${h.address} ${h.rule}`.trim());

/** The explicit-proxy fixture with its policy's `explicit_proxy` block replaced. */
function withProxyBlock(block: unknown): string {
  const json = JSON.parse(fs.readFileSync(fixture('explicit-proxy'), 'utf8')) as {
    resource: { azurerm_firewall_policy: { policy: Record<string, unknown> } };
  };
  json.resource.azurerm_firewall_policy.policy.explicit_proxy = block;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-'));
  const file = path.join(dir, 'cdk.tf.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('trace through the explicit proxy', () => {
  test('the direct packet is denied by the NSG; the request handed to the proxy reaches the host', () => {
    expect(traceIn(fixture('explicit-proxy'), 'clinic/practice', 'www.cherel.org.au:443').verdict).toBe('denied');
    const proxied = traceIn(fixture('explicit-proxy'), 'clinic/practice', 'www.cherel.org.au:443', 'https');
    expect(proxied.verdict).toBe('allowed');
    expect(compact(proxied)).toEqual([
      'source pass azurerm_subnet.practice practice',
      'nsg-outbound allow azurerm_network_security_group.practice nsg-practice/AllowVnetOutBound (priority 65000)',
      'route pass azurerm_virtual_network.vnet VNet vnet-clinic',
      'proxy pass azurerm_firewall_policy.policy explicit_proxy',
      'threat-intel pass azurerm_firewall_policy.policy Alert',
      'firewall allow azurerm_firewall_policy_rule_collection_group.rcg application collection web (priority 500, group rcg-clinic priority 200, policy fwp-clinic) rule cherel',
      'route pass azure Azure system route 0.0.0.0/0',
      'snat allow azurerm_firewall.fw azurerm_public_ip.fw',
    ]);
    // The network Deny of TCP 443 (priority 300) comes first for packets, never for proxied requests.
    expect(proxied.hops[3].detail).toBe('handed to the explicit proxy at 10.20.0.4:8443 (https)');
  });

  test('HTTP goes to the HTTP port; only application rules decide, so a network rule allows nothing', () => {
    const http = traceIn(fixture('explicit-proxy'), 'clinic/practice', 'www.cherel.org.au:80', 'http');
    expect(http.hops[3].detail).toBe('handed to the explicit proxy at 10.20.0.4:8080 (http)');
    expect(http.verdict).toBe('denied');
    // lumos-ftps allows csu.cherel.org.au:991 as a network rule: not for a proxied request.
    const ftps = traceIn(fixture('explicit-proxy'), 'clinic/practice', 'csu.cherel.org.au:991', 'https');
    expect(ftps.verdict).toBe('denied');
    expect(ftps.hops[ftps.hops.length - 1]).toMatchObject({ step: 'firewall', decision: 'deny' });
  });

  test('a site whose firewalls run no proxy is unknown at the proxy hop, never allowed', () => {
    const result = traceIn(fixture('base'), 'clinic/practice', 'www.cherel.org.au:443', 'https');
    expect(result.verdict).toBe('unknown');
    expect(result.hops[1]).toMatchObject({ step: 'proxy', decision: 'unknown' });
    expect(result.hops[1].detail).toContain('no explicit proxy for practice');
  });

  test('a disabled proxy is no proxy; unknown ports or switch make the proxy hop unknown', () => {
    const off = traceIn(
      withProxyBlock({ enabled: false, http_port: 8080, https_port: 8443 }),
      'clinic',
      'www.cherel.org.au:443',
      'https',
    );
    expect(off.hops[1].detail).toContain('no explicit proxy for practice');
    const port = traceIn(
      withProxyBlock({ enabled: true, http_port: 8080, https_port: '${var.port}' }),
      'clinic',
      'www.cherel.org.au:443',
      'https',
    );
    expect(port.verdict).toBe('unknown');
    expect(port.hops[1]).toMatchObject({
      step: 'proxy',
      decision: 'unknown',
      address: 'azurerm_firewall_policy.policy',
    });
    expect(port.hops[1].detail).toContain('explicit proxy https port');
    // The HTTP port is known: HTTP is traced on.
    const http = traceIn(
      withProxyBlock({ enabled: true, http_port: 8080, https_port: '${var.port}' }),
      'clinic',
      'www.cherel.org.au:80',
      'http',
    );
    expect(http.hops[3].detail).toBe('handed to the explicit proxy at 10.20.0.4:8080 (http)');
    const enabled = traceIn(
      withProxyBlock({ enabled: '${var.proxy}', http_port: 8080, https_port: 8443 }),
      'clinic',
      'www.cherel.org.au:443',
      'https',
    );
    expect(enabled.hops[1].detail).toContain('explicit_proxy.enabled is');
  });

  test('the proxied and the direct answer are memoized apart', () => {
    const model = readTerraformInput(fixture('explicit-proxy'), { dataplane: true }).model;
    const query = {
      from: parseFrom('clinic'),
      to: parseTarget('www.cherel.org.au:443').to,
      protocol: 'tcp',
      port: 443,
    } as const;
    expect(trace(model, query).verdict).toBe('denied');
    expect(trace(model, { ...query, viaProxy: 'https' }).verdict).toBe('allowed');
  });

  test('the internet is no client of the proxy: one usage error', () => {
    expect(() => traceIn(fixture('explicit-proxy'), 'internet', 'www.cherel.org.au:443', 'https')).toThrow(
      /TRACE-PROXY-FROM/,
    );
  });
});
