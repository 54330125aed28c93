// SPDX-License-Identifier: Apache-2.0
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { siteArtefacts } from '../../lib/artefacts/generate';
import { writeArtefacts } from '../../lib/artefacts/write';
import { unknown } from '../../lib/model/types';
import { flow, forward, model, site, vpnLink } from '../review/builders';
import { pacFunction } from '../security/checks';

const lumosFlows = [
  flow('lumos-portal', {
    fqdns: ['authentigate.cherel.org.au'],
    ports: ['443'],
    appProtocol: 'https',
    ruleKind: 'application',
    requirement: 'LUMOS-EGRESS-443',
    purpose: 'Lumos Authentigate portal',
  }),
  flow('lumos-ftps-control', { requirement: 'LUMOS-EGRESS-991' }),
  flow('lumos-ftps-data', { ports: ['3000-3010'], requirement: 'LUMOS-EGRESS-DATA' }),
];

const parramatta = site('parramatta', {
  packs: ['lumos'],
  egress: [...lumosFlows, flow('windows-update', { fqdns: ['*.windowsupdate.com'], ports: ['443'] })],
  proxy: {
    kind: 'http',
    endpoint: 'proxy.parramatta.clinic:3128',
    azureExplicitProxy: false,
    path: 'parramatta/proxy',
  },
  bypass: [
    {
      host: '*.customed.de',
      reason: 'custo needs an unbroken TLS chain',
      requirement: 'CUSTO-NO-TLS-INSPECT',
      path: 'parramatta/bypass',
    },
  ],
  tlsInspection: {
    enabled: true,
    caCertificate: 'kv-clinic/inspection-ca',
    minTlsVersion: '1.2',
    path: 'parramatta/tls',
  },
  vpnLinks: [vpnLink('to-hub')],
  vendor: { lumos: { extractionHostOs: 'Windows Server 2008 R2' } },
});

const centre = site('custo-centre', {
  packs: ['custo'],
  egress: [
    flow('custo-cloud', {
      fqdns: ['kybe.customed.de'],
      ports: ['443'],
      appProtocol: 'https',
      requirement: 'CUSTO-CLOUD-EGRESS',
    }),
  ],
  inbound: [forward('custo-rdt', { sources: ['198.51.100.0/24'] })],
  vendor: { custo: { role: 'centre', mode: 'port-forward', sslPort: 8443 } },
});

const file = (files: { name: string; content: string }[], name: string) => {
  const found = files.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no ${name} among ${files.map((f) => f.name).join(', ')}`);
  return found.content;
};

describe('connectivity-test.ps1', () => {
  const script = file(siteArtefacts(parramatta), 'connectivity-test.ps1');

  test('tests every vendor flow by hostname and port with its requirement id; ranges at both ends', () => {
    expect(script).toContain(
      "Add-Result 'LUMOS-EGRESS-443' 'lumos-portal' 'authentigate.cherel.org.au' 443 $false (Test-NetConnection -ComputerName 'authentigate.cherel.org.au' -Port 443",
    );
    expect(script).toContain(
      "Add-Result 'LUMOS-EGRESS-991' 'lumos-ftps-control' 'csu.cherel.org.au' 991 $false (Test-NetConnection -ComputerName 'csu.cherel.org.au' -Port 991",
    );
    expect(script).toContain(
      "'LUMOS-EGRESS-DATA' 'lumos-ftps-data' 'csu.cherel.org.au' 3000 $true (Test-NetConnection -ComputerName 'csu.cherel.org.au' -Port 3000",
    );
    expect(script).toContain("-ComputerName 'csu.cherel.org.au' -Port 3010");
    expect(script).not.toContain('-Port 3005');
  });

  test('tests the proxy endpoint, ends with a summary and an exit code', () => {
    expect(script).toContain("Add-Result 'proxy' 'http proxy' 'proxy.parramatta.clinic' 3128");
    expect(script).toMatch(/passed, \{1\} failed/);
    expect(script).toContain('if ($failed.Count -gt 0) { exit 1 }');
  });

  test('every egress flow, with or without a requirement id; nothing for flows the site does not have', () => {
    // windows-update has no requirement id; it is a wildcard, so it is listed as skipped, not dropped.
    expect(script).toContain('*.windowsupdate.com is a wildcard; test a concrete host below it');
    expect(script).not.toContain('kybe.customed.de');
    expect(file(siteArtefacts(centre), 'connectivity-test.ps1')).not.toContain('cherel.org.au');
  });

  test('says what it cannot test instead of skipping silently', () => {
    const odd = site('odd', {
      egress: [
        flow('vendor', { fqdns: [unknown('var.host')], requirement: 'IMMTRAC-METHOD' }),
        flow('ntp', { protocol: 'udp', ports: ['123'], requirement: 'BASE-X' }),
      ],
    });
    const text = file(siteArtefacts(odd), 'connectivity-test.ps1');
    expect(text).toContain(
      "Write-Host 'NOT TESTED IMMTRAC-METHOD (flow vendor): hostname unknown before apply (var.host)'",
    );
    expect(text).toContain('UDP cannot be tested');
    // Two flows, neither testable: never "no flows".
    expect(text).toContain("Write-Host 'Site odd has no egress flow this script can test (see below).'");
    expect(file(siteArtefacts(site('empty', { egress: [] })), 'connectivity-test.ps1')).toContain(
      "Write-Host 'Site empty declares no egress flows to test.'",
    );
  });

  test('a value Terraform resolves at apply is "known after apply: …", never the raw expression', () => {
    const later = site('later', {
      egress: [
        flow('vendor', { fqdns: [unknown('${azurerm_public_ip.fw.ip_address}')], requirement: 'IMMTRAC-METHOD' }),
      ],
    });
    const text = file(siteArtefacts(later), 'connectivity-test.ps1');
    expect(text).toContain('hostname known after apply: the ip_address of azurerm_public_ip.fw');
    expect(text).not.toContain('${');
  });
});

describe('proxy files', () => {
  test('PAC, proxy override and NO_PROXY come from the bypass list and the declared proxy', () => {
    const files = siteArtefacts(parramatta);
    expect(file(files, 'proxy.pac')).toContain('return "PROXY proxy.parramatta.clinic:3128"');
    expect(file(files, 'proxy.pac')).toContain('dnsDomainIs(host, ".customed.de")');
    expect(file(files, 'proxy-override.txt')).toBe('<local>;*.local;*.customed.de\n');
    expect(file(files, 'no-proxy.txt')).toBe('.local,.customed.de\n');
  });

  test('the Azure explicit proxy: the PAC sends only the proxied hosts there, the exception lists add the hosts kept off it', () => {
    const geelong = site('geelong', {
      packs: ['lumos', 'immtrac'],
      egress: [
        { ...lumosFlows[0], viaProxy: true },
        { ...lumosFlows[1], viaProxy: false },
        { ...lumosFlows[2], viaProxy: false },
        flow('immtrac', { fqdns: ['immtrac-ftp1.dshs.state.tx.us'], ports: ['990'], viaProxy: false }),
        // Not marked (plain Terraform): an allowed hostname flow is taken to be handed to the proxy.
        flow('updates', { fqdns: ['*.windowsupdate.com'], ports: ['443'], ruleKind: 'application' }),
        flow('blocked', { fqdns: ['blocked.example.org'], action: 'Deny', viaProxy: true }),
      ],
      proxy: { kind: 'http', endpoint: '10.40.0.4:8080', azureExplicitProxy: true, path: 'geelong/proxy' },
      bypass: [{ host: '*.customed.de', reason: 'custo', path: 'geelong/bypass' }],
    });
    const files = siteArtefacts(geelong);
    const find = pacFunction(file(files, 'proxy.pac'));
    expect(find('https://authentigate.cherel.org.au/', 'authentigate.cherel.org.au')).toBe('PROXY 10.40.0.4:8080');
    expect(find('https://dl.windowsupdate.com/', 'dl.windowsupdate.com')).toBe('PROXY 10.40.0.4:8080');
    for (const host of ['csu.cherel.org.au', 'immtrac-ftp1.dshs.state.tx.us', 'blocked.example.org', 'example.org'])
      expect([host, find(`https://${host}/`, host)]).toEqual([host, 'DIRECT']);
    expect(file(files, 'proxy-override.txt')).toBe(
      '<local>;*.local;*.customed.de;csu.cherel.org.au;immtrac-ftp1.dshs.state.tx.us\n',
    );
    expect(file(files, 'no-proxy.txt')).toBe('.local,.customed.de,csu.cherel.org.au,immtrac-ftp1.dshs.state.tx.us\n');
  });

  test('the Azure explicit proxy: a host named by a proxied and a kept-off flow stays with the proxy', () => {
    const both = site('both', {
      egress: [
        flow('csu-https', { ports: ['443'], appProtocol: 'https', ruleKind: 'application', viaProxy: true }),
        flow('csu-ftps', { viaProxy: false }),
      ],
      proxy: { kind: 'http', endpoint: '10.40.0.4:8080', azureExplicitProxy: true, path: 'both/proxy' },
    });
    const files = siteArtefacts(both);
    expect(pacFunction(file(files, 'proxy.pac'))('https://csu.cherel.org.au/', 'csu.cherel.org.au')).toBe(
      'PROXY 10.40.0.4:8080',
    );
    expect(file(files, 'proxy-override.txt')).toBe('<local>;*.local\n');
  });

  test('a site without proxy or bypass list gets neither', () => {
    expect(siteArtefacts(centre).map((f) => f.name)).toEqual(['NETWORK.md', 'connectivity-test.ps1']);
  });
});

describe('NETWORK.md', () => {
  const doc = file(siteArtefacts(parramatta), 'NETWORK.md');

  test('lists what the clinic may reach, with vendor, requirement id and document from the packs', () => {
    expect(doc).toContain(
      '| `csu.cherel.org.au` | TCP 991 \\(ftps-implicit\\) | internet | lumos-ftps-control | Lumos | LUMOS-EGRESS-991 | Lumos PenCS Network Configuration Guide \\(`v1.3`, June 2020\\), Outbound Traffic Destination Ports |',
    );
    expect(doc).toContain(
      '| `authentigate.cherel.org.au` | TCP 443 \\(https\\) | internet | Lumos Authentigate portal | Lumos | LUMOS-EGRESS-443 |',
    );
    expect(doc).toContain('Nothing: no inbound port forwards.');
  });

  test('names VPN peers and prefixes', () => {
    expect(doc).toContain('| to-hub | hub | `20.1.1.1` | `10.0.0.0/16` | `10.10.0.0/16` | IKEv2 |');
  });

  test('gives the vendor-side settings: scheduler proxy host:port, TLS 1.2, trusting the inspection CA', () => {
    expect(doc).toContain('set *Proxy Server Address* to `proxy.parramatta.clinic:3128`');
    expect(doc).toContain('list the exceptions `<local>;*.local;*.customed.de`');
    expect(doc).toMatch(/TLS 1\.2 .*KB3140245/);
    expect(doc).toContain(
      "Import the inspection CA `kv-clinic/inspection-ca` into the practice server's *Trusted Root Certification Authorities* store",
    );
    expect(doc).not.toContain('### custo');
  });

  test('behind the Azure explicit proxy, CAT4 is told to go by NAT when the proxy cannot carry its FTPS flows', () => {
    const explicit = { kind: 'http' as const, endpoint: '10.40.0.4:8080', azureExplicitProxy: true, path: 'p' };
    const marked = [
      { ...lumosFlows[0], viaProxy: true },
      { ...lumosFlows[1], viaProxy: false },
      { ...lumosFlows[2], viaProxy: false },
    ];
    const behind = file(siteArtefacts({ ...parramatta, proxy: explicit, egress: marked }), 'NETWORK.md');
    expect(behind).toContain(
      "leave *Proxy Server Address* empty; the firewall's explicit proxy carries only HTTP and HTTPS, so `lumos-ftps-control`, `lumos-ftps-data` reach the Lumos hosts by NAT.",
    );
    expect(behind).not.toContain('set *Proxy Server Address*');
    // Every Lumos flow handed to the proxy (say, an application rule for each): the scheduler uses it.
    const allProxied = marked.map((f) => ({ ...f, viaProxy: true }));
    const through = file(siteArtefacts({ ...parramatta, proxy: explicit, egress: allProxied }), 'NETWORK.md');
    expect(through).toContain('set *Proxy Server Address* to `10.40.0.4:8080`');
  });

  test('NAT outbound addresses are shown when known, and said to come at apply when not', () => {
    const nat = {
      name: 'internet',
      path: 'p/nat',
      address: 'azurerm_nat_gateway.n',
      sku: 'Standard',
      idleTimeoutMinutes: 10,
      publicIps: ['20.5.1.1', 'azurerm_public_ip.second'],
      publicIpPrefixes: [],
      subnets: ['AzureFirewallSubnet'],
    };
    const text = file(siteArtefacts(site('natted', { natEgress: [nat] })), 'NETWORK.md');
    expect(text).toContain(
      '- Outbound address (NAT `internet`): `20.5.1.1`, assigned at apply \\(`azurerm_public_ip.second`\\)',
    );
  });

  test('a custo centre lists its inbound forward and custo settings, nothing of Lumos', () => {
    const text = file(siteArtefacts(centre), 'NETWORK.md');
    expect(text).toContain(
      '| custo-rdt | TCP `20.5.1.10:8443` | `198.51.100.0/24` | `10.10.1.20:8443` | custo evaluation centre receives recordings | CUSTO-INBOUND-PORT |',
    );
    expect(text).toContain('custo diagnostic SSL port: 8443');
    expect(text).toContain('reaches `kybe.customed.de` over HTTPS');
    expect(text).not.toMatch(/lumos|cherel/i);
  });
});

describe('writeArtefacts', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artefacts-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('writes <out>/<site>/ for every site and replaces stale files', () => {
    const out = tempDir();
    fs.mkdirSync(path.join(out, 'custo-centre'));
    fs.writeFileSync(path.join(out, 'custo-centre', 'proxy.pac'), 'stale');
    const dirs = writeArtefacts(model(centre, parramatta), out);
    expect(dirs).toEqual([path.join(out, 'custo-centre'), path.join(out, 'parramatta')]);
    expect(fs.readdirSync(path.join(out, 'custo-centre')).sort()).toEqual(['NETWORK.md', 'connectivity-test.ps1']);
    expect(fs.readdirSync(path.join(out, 'parramatta')).sort()).toEqual([
      'NETWORK.md',
      'connectivity-test.ps1',
      'no-proxy.txt',
      'proxy-override.txt',
      'proxy.pac',
      'vpn-peer-to-hub.md',
    ]);
    expect(fs.readdirSync(out).sort()).toEqual(['.clinicnet-artefacts', 'custo-centre', 'parramatta']);
  });

  test('refuses a site name that would escape the output directory', () => {
    expect(() => writeArtefacts(model(site('../etc')), tempDir())).toThrow(/\[ARTEFACT-SITE-NAME\] .*got "\.\.\/etc"/);
  });
});
