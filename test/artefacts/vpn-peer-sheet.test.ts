// SPDX-License-Identifier: Apache-2.0
import MarkdownIt from 'markdown-it';
import { siteArtefacts } from '../../lib/artefacts/generate';
import { renderVpnPeerSheet, vpnPeerSheetNames } from '../../lib/artefacts/vpn-peer-sheet';
import type { Site, VpnGateway } from '../../lib/model/types';
import { unknown } from '../../lib/model/types';
import { site, vpnLink } from '../review/builders';

const gateway: VpnGateway = {
  name: 'vpngw-clinic',
  path: 'clinic/vpn-gateway',
  address: 'azurerm_virtual_network_gateway.gw',
  type: 'Vpn',
  vpnType: 'RouteBased',
  sku: 'VpnGw1AZ',
  generation: 'Generation1',
  publicIps: [{ address: 'azurerm_public_ip.vpn', allocation: 'Static', sku: 'Standard', ipVersion: 'IPv4' }],
  bgpAsn: 65010,
};

const strong = {
  ikeEncryption: 'GCMAES256',
  ikeIntegrity: 'SHA256',
  dhGroup: 'DHGroup14',
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  pfsGroup: 'PFS2048',
  saLifetimeSeconds: 27000,
};

const clinic = (patch: Partial<Site> = {}) =>
  site('clinic', { vpnGateway: gateway, vpnLinks: [vpnLink('to-hub', { ipsec: strong })], ...patch });

/** The value cell of the row labelled `label`, as rendered. */
function row(sheet: string, label: string): string {
  const line = sheet.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (line === undefined) throw new Error(`no row ${label}`);
  return line.slice(`| ${label} | `.length, -2);
}

describe('VPN peer sheet', () => {
  test('one file per link in the hand-over, named after the link', () => {
    const links = [vpnLink('to-hub'), vpnLink('to-lab')];
    const names = siteArtefacts(clinic({ vpnLinks: links })).map((f) => f.name);
    expect(names.filter((n) => n.startsWith('vpn-peer-'))).toEqual(['vpn-peer-to-hub.md', 'vpn-peer-to-lab.md']);
    expect(siteArtefacts(clinic({ vpnLinks: [] })).some((f) => f.name.startsWith('vpn-peer-'))).toBe(false);
  });

  test('our public address is "known after apply: <what>", never guessed; our and their prefixes are listed', () => {
    const sheet = renderVpnPeerSheet(clinic(), clinic().vpnLinks[0]);
    expect(row(sheet, 'Public address')).toBe(
      'known after apply: the public IP `azurerm_public_ip.vpn` of VPN gateway vpngw-clinic',
    );
    expect(row(sheet, 'Our prefixes \\(your remote networks\\)')).toBe('`10.10.0.0/16`');
    expect(row(sheet, 'Your prefixes, as our end routes them')).toBe('`10.0.0.0/16`');
    expect(row(sheet, 'Your gateway, as our end knows it')).toBe('`20.1.1.1`');
    expect(row(sheet, 'Routing')).toBe('static routes \\(no BGP\\)');
  });

  test('without a gateway in the input the address is unknown, with the reason', () => {
    const sheet = renderVpnPeerSheet(clinic({ vpnGateway: undefined }), clinic().vpnLinks[0]);
    expect(row(sheet, 'Public address')).toBe('unknown \\(no VPN gateway of this site is in the input\\)');
  });

  test('every IKE/IPsec parameter, and the default policy when no custom one is set', () => {
    const sheet = renderVpnPeerSheet(clinic(), clinic().vpnLinks[0]);
    expect(row(sheet, 'IKE version')).toBe('IKEv2');
    expect(row(sheet, 'DH group')).toBe('DHGroup14');
    expect(row(sheet, 'PFS group')).toBe('PFS2048');
    expect(row(sheet, 'SA lifetime \\(phase 2\\)')).toBe('27000 s');
    const link = vpnLink('to-hub', { ipsec: { ...strong, dhGroup: unknown('var.dh') } });
    expect(row(renderVpnPeerSheet(clinic(), link), 'DH group')).toBe('unknown \\(`var.dh`\\)');
    const byDefault = renderVpnPeerSheet(clinic(), vpnLink('to-hub'));
    expect(row(byDefault, 'IPsec/IKE policy')).toBe("Azure's default policy \\(no custom policy on our end\\)");
  });

  test('BGP names both ASNs', () => {
    const link = vpnLink('to-hub', { bgp: { enabled: true, peerAsn: 65020 } });
    expect(row(renderVpnPeerSheet(clinic(), link), 'Routing')).toBe('BGP: our ASN 65010, your ASN 65020');
  });

  test.each([
    [
      'key-vault-secret',
      'data.azurerm_key_vault_secret.psk',
      'a Key Vault secret, read by `data.azurerm_key_vault_secret.psk`.',
    ],
    ['sensitive-variable', 'var.psk', 'a sensitive Terraform variable \\(`var.psk`\\), given at apply time.'],
    ['none', undefined, 'none set on this end.'],
  ] as const)('the key from %s: where it lives, never its value', (source, reference, where) => {
    const link = vpnLink('to-hub', { sharedKey: reference === undefined ? { source } : { source, reference } });
    expect(renderVpnPeerSheet(clinic(), link)).toContain(`- Where it lives: ${where}\n`);
  });

  test('hostile names and reasons are inert Markdown: no heading, table break, HTML or link', () => {
    const hostile = vpnLink('x\n# pwned | <img src=x onerror=alert(1)>', {
      remote: { name: '[click](https://evil.example)', address: 'lng', prefixes: [unknown('a|b\n| c')] },
      sharedKey: { source: 'unknown', reference: '<script>' },
    });
    const sheet = renderVpnPeerSheet(clinic(), hostile);
    const tokens = new MarkdownIt().parse(sheet, {});
    expect(tokens.filter((t) => t.type === 'heading_open').length).toBe(4);
    expect(tokens.some((t) => t.type === 'html_inline' || t.type === 'html_block')).toBe(false);
    expect(tokens.flatMap((t) => t.children ?? []).some((t) => t.type === 'link_open')).toBe(false);
    // Every table row keeps two cells.
    for (const line of sheet.split('\n').filter((l) => l.startsWith('| ')))
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(4);
  });

  test('file names from hostile or colliding link names stay plain and distinct', () => {
    const links = [vpnLink('../../etc/passwd'), vpnLink('To Hub'), vpnLink('to-hub'), vpnLink('***')];
    expect([...vpnPeerSheetNames(links).values()].sort()).toEqual([
      'vpn-peer-etc-passwd.md',
      'vpn-peer-link.md',
      'vpn-peer-to-hub-2.md',
      'vpn-peer-to-hub.md',
    ]);
  });
});
