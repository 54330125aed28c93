// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdktf';
import type { IConstruct } from 'constructs';
import { ClinicSite, SharedKey, SiteToSiteVpn } from '../../lib/constructs';
import { Cidr } from '../../lib/net/cidr';
import { clinicProps, testEstate } from './util';

/** Error annotations the stack carries after Testing.synth ran its aspects. */
function errorsOf(site: IConstruct): string[] {
  Testing.synth(site as ClinicSite);
  return site.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data));
}

const key = () => SharedKey.fromKeyVaultSecret({ keyVaultId: '/subscriptions/s/vaults/kv', secretName: 'k' });

describe('EstateChecks: the estate is checked once per synth, not once per site', () => {
  test('synth of a 6-site estate builds the estate model twice (address checks, policy gate), not once per site', () => {
    const { app, estate } = testEstate();
    for (const octet of [10, 20, 30, 40, 50, 60]) new ClinicSite(estate, `site-${octet}`, clinicProps(octet));
    const toModel = jest.spyOn(estate, 'toModel');
    app.synth();
    expect(toModel).toHaveBeenCalledTimes(2);
  });

  test('every site of a faulty estate still reports the overlap', () => {
    const { estate } = testEstate();
    const sites = [10, 20, 30].map((octet) => new ClinicSite(estate, `site-${octet}`, clinicProps(octet)));
    new SiteToSiteVpn(sites[0], 'to-lan', { remote: { name: 'router', gatewayAddress: '203.0.113.7', prefixes: [Cidr.parse('10.20.4.0/24')] }, sharedKey: key() });
    for (const site of sites) expect(errorsOf(site)).toEqual([expect.stringMatching(/\[ESTATE-CIDR-OVERLAP\] .*10\.20\.4\.0\/24/)]);
  });

  test('a link added after a clean synth is checked at the next synth', () => {
    const { estate } = testEstate();
    const a = new ClinicSite(estate, 'site-a', clinicProps(10));
    const b = new ClinicSite(estate, 'site-b', clinicProps(20));
    expect(errorsOf(a)).toEqual([]);
    new SiteToSiteVpn(b, 'to-lan', { remote: { name: 'router', gatewayAddress: '203.0.113.7', prefixes: [Cidr.parse('10.10.4.0/24')] }, sharedKey: key() });
    expect(errorsOf(b)).toEqual([expect.stringMatching(/\[ESTATE-CIDR-OVERLAP\] .*10\.10\.4\.0\/24/)]);
  });

  test('a site added after a clean synth is checked at the next synth', () => {
    const { estate } = testEstate();
    const a = new ClinicSite(estate, 'site-a', clinicProps(10));
    expect(errorsOf(a)).toEqual([]);
    const twin = new ClinicSite(estate, 'site-twin', clinicProps(10));
    expect(errorsOf(twin).join('\n')).toMatch(/\[ESTATE-CIDR-OVERLAP\]/);
  });
});
