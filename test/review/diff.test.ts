// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../lib/model/types';
import type { Site } from '../../lib/model/types';
import { diffModels } from '../../lib/review/diff';
import { flow, forward, model, site, vpnLink } from './builders';

const lumosData = flow('lumos-ftps-data', { ports: ['3000-3010'], requirement: 'LUMOS-EGRESS-DATA' });
const lumosControl = flow('lumos-ftps-control', { requirement: 'LUMOS-EGRESS-991' });

function changesOf(base: ReturnType<typeof model>, head: ReturnType<typeof model>, name = 'parramatta') {
  const found = diffModels(base, head).sites.find((s) => s.site === name);
  if (found === undefined) throw new Error(`no diff for ${name}`);
  return found;
}

describe('diffModels', () => {
  test('identical models give unchanged sites with no changes', () => {
    const m = model(site('parramatta', { egress: [lumosControl, lumosData] }));
    const diff = diffModels(m, m);
    expect(diff.sites).toEqual([{ site: 'parramatta', status: 'unchanged', changes: [] }]);
  });

  test('a new inbound forward is a new-inbound concern and sorts before a removed obligation flow', () => {
    // GIVEN a clinic that gains a port forward and loses the Lumos data flow
    const base = model(site('parramatta', { egress: [lumosControl, lumosData] }));
    const head = model(site('parramatta', { egress: [lumosControl], inbound: [forward('custo-rdt')] }));
    // WHEN
    const diff = changesOf(base, head);
    // THEN
    expect(diff.status).toBe('changed');
    expect(diff.changes.map((c) => [c.area, c.kind, c.subject, c.concern])).toEqual([
      ['inbound', 'added', 'custo-rdt', 'new-inbound'],
      ['egress', 'removed', 'lumos-ftps-data', 'removed-obligation'],
    ]);
    expect(diff.changes[0].summary).toContain('TCP 8443 on 20.5.1.10 from any source → 10.10.1.20:8443');
    expect(diff.changes[1].summary).toBe(
      'LUMOS flow REMOVED: `lumos-ftps-data` TCP 3000-3010 → csu.cherel.org.au (ftps-implicit) (LUMOS-EGRESS-DATA)',
    );
  });

  test('vendorOf names the vendor in summaries', () => {
    const base = model(site('parramatta', { egress: [lumosData] }));
    const head = model(site('parramatta'));
    const diff = diffModels(base, head, { vendorOf: (req) => (req.startsWith('LUMOS-') ? 'Lumos' : undefined) });
    expect(diff.sites[0].changes[0].summary).toMatch(/^Lumos flow REMOVED/);
  });

  test('egress ports widened beyond the base range are wider-egress; narrowed obligation ports are removed-obligation', () => {
    const wider = changesOf(
      model(site('parramatta', { egress: [lumosData] })),
      model(site('parramatta', { egress: [{ ...lumosData, ports: ['3000-3020'] }] })),
    );
    expect(wider.changes[0]).toMatchObject({ kind: 'changed', concern: 'wider-egress' });
    expect(wider.changes[0].summary).toContain('ports 3000-3010 → 3000-3020');

    const narrower = changesOf(
      model(site('parramatta', { egress: [lumosData] })),
      model(site('parramatta', { egress: [{ ...lumosData, ports: ['3000-3005'] }] })),
    );
    expect(narrower.changes[0]).toMatchObject({ kind: 'changed', concern: 'removed-obligation' });
    expect(narrower.changes[0].summary).toContain('narrowed');
  });

  test('a destination that becomes unknown counts as wider, never as safe', () => {
    const head = { ...lumosControl, fqdns: [unknown('var.vendor_host')] };
    const diff = changesOf(
      model(site('parramatta', { egress: [lumosControl] })),
      model(site('parramatta', { egress: [head] })),
    );
    expect(diff.changes[0].concern).toBe('wider-egress');
    expect(diff.changes[0].summary).toContain('(unknown: var.vendor_host)');
  });

  test('a flow taken off its VPN link (now over the internet) is wider egress', () => {
    const overVpn = flow('hl7-results', {
      appProtocol: 'mllp',
      ports: ['2575'],
      fqdns: ['lab.example.org'],
      viaVpn: 'to-hub',
    });
    const diff = changesOf(
      model(site('parramatta', { egress: [overVpn] })),
      model(site('parramatta', { egress: [{ ...overVpn, viaVpn: undefined }] })),
    );
    expect(diff.changes[0]).toMatchObject({ concern: 'wider-egress' });
    expect(diff.changes[0].summary).toContain('VPN link to-hub → none (internet)');
  });

  test('a wildcard destination covers its subdomains, so narrowing to one is not wider', () => {
    const wide = flow('custo-cloud', {
      fqdns: ['*.customed.de'],
      ports: ['443'],
      appProtocol: 'https',
      ruleKind: 'application',
    });
    const diff = changesOf(
      model(site('parramatta', { egress: [wide] })),
      model(site('parramatta', { egress: [{ ...wide, fqdns: ['kybe.customed.de'] }] })),
    );
    expect(diff.changes[0].kind).toBe('changed');
    expect(diff.changes[0].concern).toBeUndefined();
  });

  test('inbound forward open to more sources is wider-inbound; removing a forward is a marked deletion', () => {
    const limited = forward('custo-rdt', { sources: ['198.51.100.0/24'] });
    const opened = changesOf(
      model(site('centre', { inbound: [limited] })),
      model(site('centre', { inbound: [{ ...limited, sources: ['*'] }] })),
      'centre',
    );
    expect(opened.changes[0]).toMatchObject({ kind: 'changed', concern: 'wider-inbound' });

    const removed = changesOf(model(site('centre', { inbound: [limited] })), model(site('centre')), 'centre');
    expect(removed.changes[0]).toMatchObject({ kind: 'removed', concern: 'removed-obligation' });
    expect(removed.changes[0].summary).toContain('REMOVED');
  });

  test('removed bypass entries are security-relevant; added ones are not', () => {
    const entry = {
      host: '*.customed.de',
      reason: 'custo needs an unbroken TLS chain',
      requirement: 'CUSTO-NO-TLS-INSPECT',
      path: 'site/bypass',
    };
    const removed = changesOf(model(site('centre', { bypass: [entry] })), model(site('centre')), 'centre');
    expect(removed.changes[0]).toMatchObject({
      area: 'bypass',
      kind: 'removed',
      concern: 'removed-bypass',
      subject: '*.customed.de',
    });
    const added = changesOf(model(site('centre')), model(site('centre', { bypass: [entry] })), 'centre');
    expect(added.changes[0]).toMatchObject({ area: 'bypass', kind: 'added' });
    expect(added.changes[0].concern).toBeUndefined();
  });

  test('TLS inspection, proxy and NAT public IP changes are reported', () => {
    const nat = {
      name: 'nat',
      path: 'site/nat',
      address: 'azurerm_nat_gateway.nat',
      sku: 'Standard',
      idleTimeoutMinutes: 4,
      publicIps: ['20.5.1.1'],
      publicIpPrefixes: [],
      subnets: ['workload'],
    };
    const base = model(
      site('parramatta', {
        natEgress: [nat],
        proxy: {
          kind: 'http',
          endpoint: 'proxy.clinic.local:3128',
          azureExplicitProxy: false,
          minTlsVersion: '1.2',
          path: 'site/proxy',
        },
      }),
    );
    const head = model(
      site('parramatta', {
        natEgress: [{ ...nat, publicIps: ['20.5.1.2'] }],
        proxy: {
          kind: 'http',
          endpoint: 'proxy.clinic.local:3128',
          azureExplicitProxy: false,
          minTlsVersion: '1.0',
          path: 'site/proxy',
        },
        tlsInspection: { enabled: true, caCertificate: 'kv/inspection-ca', minTlsVersion: '1.2', path: 'site/tls' },
      }),
    );
    const byArea = Object.fromEntries(changesOf(base, head).changes.map((c) => [c.area, c]));
    expect(byArea.proxy).toMatchObject({ kind: 'changed', concern: 'weaker-tls' });
    expect(byArea['tls-inspection']).toMatchObject({
      kind: 'added',
      concern: 'new-tls-inspection',
      summary: 'TLS inspection off → on (CA kv/inspection-ca, minimum TLS 1.2)',
    });
    expect(byArea.nat.summary).toContain('public IPs 20.5.1.1 → 20.5.1.2');
  });

  test('a TLS minimum that is dropped, or goes with its proxy, is weaker-tls; one newly declared is not', () => {
    const proxy = {
      kind: 'http' as const,
      endpoint: 'proxy.clinic.local:3128',
      azureExplicitProxy: false,
      path: 'site/proxy',
    };
    const concernOf = (before: Partial<Site>, after: Partial<Site>, area: string) =>
      changesOf(model(site('parramatta', before)), model(site('parramatta', after))).changes.find(
        (c) => c.area === area,
      );
    expect(concernOf({ proxy: { ...proxy, minTlsVersion: '1.2' } }, { proxy }, 'proxy')).toMatchObject({
      kind: 'changed',
      concern: 'weaker-tls',
    });
    expect(concernOf({ proxy: { ...proxy, minTlsVersion: '1.2' } }, {}, 'proxy')).toMatchObject({
      kind: 'removed',
      concern: 'weaker-tls',
    });
    expect(concernOf({ proxy }, { proxy: { ...proxy, minTlsVersion: '1.2' } }, 'proxy')?.concern).toBeUndefined();
    const inspection = { enabled: true, caCertificate: 'kv/inspection-ca', path: 'site/tls' };
    expect(
      concernOf(
        { tlsInspection: { ...inspection, minTlsVersion: '1.2' } },
        { tlsInspection: inspection },
        'tls-inspection',
      ),
    ).toMatchObject({ concern: 'weaker-tls' });
  });

  test('TLS inspection turned on is new-tls-inspection; turned off or given another CA is not', () => {
    const on = { enabled: true, caCertificate: 'kv/inspection-ca', path: 'site/tls' };
    const change = (before: Site['tlsInspection'], after: Site['tlsInspection']) =>
      changesOf(
        model(site('parramatta', { tlsInspection: before })),
        model(site('parramatta', { tlsInspection: after })),
      ).changes.find((c) => c.area === 'tls-inspection');
    expect(change({ enabled: false }, on)?.concern).toBe('new-tls-inspection');
    expect(change(on, { enabled: false })).toMatchObject({ kind: 'removed' });
    expect(change(on, { enabled: false })?.concern).toBeUndefined();
    expect(change(on, { ...on, caCertificate: 'kv/other-ca' })?.concern).toBeUndefined();
  });

  test('VPN prefixes added are wider-vpn; a key moved to a literal is weaker-vpn', () => {
    const link = vpnLink('to-hub');
    const wider = changesOf(
      model(site('parramatta', { vpnLinks: [link] })),
      model(
        site('parramatta', {
          vpnLinks: [vpnLink('to-hub', { remote: { ...link.remote, prefixes: ['10.0.0.0/16', '10.99.0.0/16'] } })],
        }),
      ),
    );
    expect(wider.changes[0]).toMatchObject({ area: 'vpn', concern: 'wider-vpn' });
    const literal = changesOf(
      model(site('parramatta', { vpnLinks: [link] })),
      model(site('parramatta', { vpnLinks: [vpnLink('to-hub', { sharedKey: { source: 'literal' } })] })),
    );
    expect(literal.changes[0]).toMatchObject({ concern: 'weaker-vpn' });
  });

  test('sites added show every element as added; removed sites are one marked deletion', () => {
    const diff = diffModels(
      model(site('old-clinic', { egress: [lumosControl] })),
      model(site('new-clinic', { inbound: [forward('rdt')] })),
    );
    expect(diff.sites.map((s) => [s.site, s.status])).toEqual([
      ['new-clinic', 'added'],
      ['old-clinic', 'removed'],
    ]);
    expect(diff.sites[0].changes.map((c) => [c.area, c.kind])).toEqual([
      ['inbound', 'added'],
      ['site', 'added'],
    ]);
    expect(diff.sites[1].changes).toHaveLength(1);
    expect(diff.sites[1].changes[0].summary).toBe(
      'site old-clinic DELETED with 1 egress flow(s), 0 inbound forward(s), 0 VPN link(s)',
    );
  });
});

test('ports split over two base ranges still cover a head range spanning both', () => {
  const split = flow('lumos-ftps-data', { ports: ['3000-3005', '3006-3010'], requirement: 'LUMOS-EGRESS-DATA' });
  const joined = { ...split, ports: ['3000-3010'] };
  const diff = diffModels(model(site('p', { egress: [split] })), model(site('p', { egress: [joined] })));
  expect(diff.sites[0].changes[0].concern).toBeUndefined();
});
