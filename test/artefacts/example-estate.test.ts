// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdktf';
import { siteArtefacts, type ArtefactFile } from '../../lib/artefacts/generate';
import type { NetworkModel } from '../../lib/model/types';
import { buildExampleEstate } from '../../stacks/estate';
import { tokenizePowerShell } from '../security/powershell-tokens';
import { modelOf } from '../constructs/read-back';

const model: NetworkModel = modelOf(buildExampleEstate(Testing.app()));

function filesOf(siteName: string): Map<string, string> {
  const site = model.sites.find((s) => s.name === siteName);
  if (site === undefined) throw new Error(`example estate has no site ${siteName}`);
  return new Map(siteArtefacts(site).map((f: ArtefactFile) => [f.name, f.content]));
}

describe('hand-over files of the example estate', () => {
  test('the Lumos practice tests its three Lumos flows and nothing else', () => {
    const script = filesOf('nsw-gp-parramatta').get('connectivity-test.ps1') ?? '';
    expect(script).toContain("'LUMOS-EGRESS-443' 'lumos-authentigate-443' 'authentigate.cherel.org.au' 443");
    expect(script).toContain("'LUMOS-EGRESS-991' 'lumos-csu-991' 'csu.cherel.org.au' 991");
    expect(script).toContain("'LUMOS-EGRESS-DATA' 'lumos-csu-3000-3010' 'csu.cherel.org.au' 3000 $true");
    expect(script).toContain("'LUMOS-EGRESS-DATA' 'lumos-csu-3000-3010' 'csu.cherel.org.au' 3010 $true");
    expect(script).not.toMatch(/immtrac|customed|2575/);
  });

  test('the hub lists the arrivals over its VPNs as inbound and its test script never probes them', () => {
    const files = filesOf('hub');
    const doc = files.get('NETWORK.md') ?? '';
    const egress = doc.slice(doc.indexOf('## What this site may reach'), doc.indexOf('## What can reach this site'));
    const inbound = doc.slice(doc.indexOf('## What can reach this site'), doc.indexOf('## VPN peers'));
    expect(inbound).toContain('### Admitted from other estate sites over a VPN');
    expect(inbound).toMatch(/\| from-tx-paediatrics-austin-/);
    expect(egress).not.toContain('arriving from');
    expect(files.get('connectivity-test.ps1')).not.toMatch(/from-tx-paediatrics-austin|from-cardiology-geelong/);
  });

  test('the Texas clinic tests ImmTrac2 and its HL7 engine across the VPN, not Lumos', () => {
    const script = filesOf('tx-paediatrics-austin').get('connectivity-test.ps1') ?? '';
    expect(script).toContain("'IMMTRAC-METHOD' 'immtrac-ftp1-990' 'immtrac-ftp1.dshs.state.tx.us' 990");
    expect(script).toContain("'IMMTRAC-METHOD' 'immtrac-ftp1-5000-5010' 'immtrac-ftp1.dshs.state.tx.us' 5010");
    expect(script).toContain("'HL7-ENCRYPTED' 'hl7-to-hub' '10.10.3.10' 2575");
    expect(script).not.toContain('cherel');
    const doc = filesOf('tx-paediatrics-austin').get('NETWORK.md') ?? '';
    expect(doc).toContain(
      '| cn-tx-paediatrics-austin-to-hub | hub | `cnexample-hub-vpn.australiaeast.cloudapp.azure.com` | `10.10.0.0/16` | `10.30.0.0/16` | IKEv2 |',
    );
    expect(doc).toContain('### immtrac');
    expect(doc).not.toContain('### lumos');
  });

  test('the cardiology practice behind the explicit proxy gets a PAC file and the custo exception', () => {
    const files = filesOf('cardiology-geelong');
    // Local exceptions first: plain hostnames, *.local, the site's own 10.40.0.0/16.
    expect(files.get('proxy-override.txt')).toBe('<local>;*.local;10.40.*;*.customed.de\n');
    expect(files.get('no-proxy.txt')).toBe('.local,10.40.0.0/16,.customed.de\n');
    expect(files.get('proxy.pac')).toContain('isInNet(host, "10.40.0.0", "255.255.0.0")');
    expect(files.get('proxy.pac')).toContain('dnsDomainIs(host, ".customed.de")');
    // The explicit proxy carries only what application rules allow: its one HTTPS flow (the custo
    // cloud) is bypassed and the VPN flow is an address flow, so nothing is handed to the proxy.
    expect(files.get('proxy.pac')).toContain('\n  return "DIRECT";\n}\n');
    expect(files.get('proxy.pac')).not.toContain('PROXY');
    expect(files.get('NETWORK.md')).toContain('CUSTO-NO-TLS-INSPECT');
    expect(files.get('connectivity-test.ps1')).toContain("'CUSTO-MODE' 'custo-to-centre' '10.10.1.20' 8443");
    // A sender connects out to the centre's port; only the centre is told about a port forward.
    expect(files.get('NETWORK.md')).toContain(
      "The custo sender connects to the evaluation centre's diagnostic SSL port 8443; nothing is forwarded to this site.",
    );
    expect(files.get('NETWORK.md')).not.toContain('custo diagnostic SSL port');
    expect(filesOf('hub').get('NETWORK.md')).toContain('custo diagnostic SSL port: 8443.');
  });

  test('a site without a proxy gets no PAC file', () => {
    expect([...filesOf('nsw-gp-parramatta').keys()]).toEqual(['NETWORK.md', 'connectivity-test.ps1']);
  });

  test('every connectivity-test.ps1 is printable ASCII, tokenizes, and has no model text in comments', () => {
    for (const site of model.sites) {
      const script = filesOf(site.name).get('connectivity-test.ps1') ?? '';
      expect({ site: site.name, ascii: /^[\n\x20-\x7E]*$/.test(script) }).toEqual({ site: site.name, ascii: true });
      const comments = tokenizePowerShell(script).filter((t) => t.kind === 'comment');
      expect(comments.filter((c) => c.text.includes(site.name))).toEqual([]);
    }
  });

  test('each estate VPN link has a peer sheet with our gateway public IP known after apply and the Key Vault secret, no key', () => {
    const files = filesOf('tx-paediatrics-austin');
    const sheet = files.get('vpn-peer-cn-tx-paediatrics-austin-to-hub.md') ?? '';
    expect(sheet).toMatch(
      /^\| Public address \| known after apply: the public IP `azurerm_public_ip\.[^`]+` of VPN gateway vpngw-tx-paediatrics-austin \|$/m,
    );
    expect(sheet).toMatch(/^\| Our prefixes \\\(your remote networks\\\) \| `10\.30\.0\.0\/16` \|$/m);
    expect(sheet).toMatch(/^- Where it lives: a Key Vault secret, read by `data\.azurerm_key_vault_secret\.[^`]+`\.$/m);
    const hubSheets = [...filesOf('hub').keys()].filter((name) => name.startsWith('vpn-peer-'));
    expect(hubSheets).toEqual([
      'vpn-peer-cn-hub-to-cardiology-geelong.md',
      'vpn-peer-cn-hub-to-tx-paediatrics-austin.md',
    ]);
  });
});
