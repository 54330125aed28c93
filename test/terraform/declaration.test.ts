// SPDX-License-Identifier: Apache-2.0
/** A `clinicnet_site` declaration is read only when every text in it has the format clinicnet writes. */
import { readTerraformDocument } from '../../lib/terraform';
import type { ReadOptions } from '../../lib/terraform';

const VALID = {
  site: 'gp',
  kind: 'clinic',
  packs: ['lumos'],
  proxy: { kind: 'http', endpoint: 'proxy.gp.local:3128', azureExplicitProxy: false },
  bypass: [{ host: '*.cherel.org.au', reason: 'Vendor pins its certificate', requirement: 'LUMOS-EGRESS-443' }],
  vendor: {},
  vpnClientPools: ['172.16.0.0/24'],
};

/** Reads a one-site stack carrying `declaration`; returns the site and the declaration's problems. */
function read(declaration: Record<string, unknown>, options: ReadOptions = {}) {
  const doc = {
    resource: { azurerm_firewall_policy: { p: { name: 'fwp' } } },
    output: { clinicnet_site: { value: declaration } },
  };
  const result = readTerraformDocument(doc, 'gp.cdk.tf.json', options);
  const problems = result.problems.filter((p) => p.address === 'output.clinicnet_site').map((p) => p.message);
  return { site: result.model.sites[0], problems };
}

const withProxy = (endpoint: string) => ({ ...VALID, proxy: { ...VALID.proxy, endpoint } });
const withBypass = (entry: Record<string, unknown>) => ({ ...VALID, bypass: [{ ...VALID.bypass[0], ...entry }] });

describe('clinicnet_site formats', () => {
  test('a declaration as clinicnet writes it is read', () => {
    const { site, problems } = read(VALID);
    expect(problems).toEqual([]);
    expect(site.proxy?.endpoint).toBe('proxy.gp.local:3128');
    expect(site.bypass.map((b) => b.host)).toEqual(['*.cherel.org.au']);
  });

  test.each([
    ['a newline in the proxy endpoint', withProxy('proxy.gp.local:3128\nWrite-Host pwned'), 'control'],
    ['a PAC fallback in the proxy endpoint', withProxy('proxy.gp.local:3128; DIRECT'), '"proxy.endpoint"'],
    ['a proxy endpoint without port', withProxy('proxy.gp.local'), '"proxy.endpoint"'],
    ['a port out of range', withProxy('proxy.gp.local:70000'), '"proxy.endpoint"'],
    ['a bypass host that is no hostname', withBypass({ host: "x'; DIRECT; '" }), '"bypass[0].host"'],
    ['an unknown requirement id', withBypass({ requirement: 'NOT-A-REQUIREMENT' }), '"bypass[0].requirement"'],
    ['a typographic quote in a reason', withBypass({ reason: 'it\u2019s needed' }), undefined],
    ['a bidi override in a reason', withBypass({ reason: 'abc\u202edef ghi' }), 'bidirectional'],
    ['a path as site name', { ...VALID, site: '../../etc' }, '"site"'],
    ['a Windows device as site name', { ...VALID, site: 'NUL' }, 'Windows'],
    ['a client pool that is no CIDR', { ...VALID, vpnClientPools: ['10.0.0.0/33'] }, '"vpnClientPools[0]"'],
    ['a centre that is no site name', { ...VALID, vendor: { custo: { role: 'sender', centre: 'a/b' } } }, 'centre'],
    [
      'a gateway address that is no IP',
      { ...VALID, vendor: { onepacs: { gatewayAddress: 'gw.local' } } },
      'gatewayAddress',
    ],
    [
      'a gateway subnet that is no subnet name',
      { ...VALID, vendor: { onepacs: { gatewaySubnet: '$(x)' } } },
      'gatewaySubnet',
    ],
    ['a very long reason', withBypass({ reason: 'x'.repeat(5000) }), 'more than 1024'],
  ])('%s', (_name, declaration, why) => {
    const { site, problems } = read(declaration);
    if (why === undefined) {
      // Not every unusual character is refused: escaping belongs to each output.
      expect(problems).toEqual([]);
      return;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(why);
    expect(problems[0]).toContain('are not read');
    // Refused: nothing of it reaches the model, so no artefact can use it.
    expect(site.proxy).toBeUndefined();
    expect(site.bypass).toEqual([]);
    expect(site.vpnClientPools).toEqual([]);
  });

  test('problems never quote the refused text', () => {
    const { problems } = read(withProxy('proxy:3128; DIRECT'));
    expect(problems.join('\n')).not.toContain('DIRECT');
  });

  test('requirement ids come from the loaded packs when given', () => {
    const custom = withBypass({ requirement: 'MEDICARE-EGRESS-443' });
    expect(read(custom).problems).toHaveLength(1);
    expect(read(custom, { requirements: new Set(['MEDICARE-EGRESS-443']) }).problems).toEqual([]);
  });
});

describe('site names, from whichever source', () => {
  const policy = (site: string) => ({ name: `fwp-${site}`, tags: { 'clinicnet-site': site } });
  const readPolicies = (policies: Record<string, unknown>) =>
    readTerraformDocument({ resource: { azurerm_firewall_policy: policies } }, 'x.cdk.tf.json');

  test('a tag naming a Windows device is a problem of the site', () => {
    const result = readPolicies({ p: policy('COM1') });
    expect(result.problems.map((p) => p.message)).toContain(
      'the site name is not usable as a directory name: it is a name Windows reserves for a device',
    );
  });

  test('two sites whose names differ only in case collide', () => {
    const result = readPolicies({ a: policy('Bondi'), b: policy('bondi') });
    expect(result.problems.map((p) => p.message)).toContain(
      'two sites have names that differ only in case (Bondi); their hand-over folders would be one',
    );
  });
});
