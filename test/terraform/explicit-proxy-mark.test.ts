// SPDX-License-Identifier: Apache-2.0
/** The reader fills `EgressFlow.viaProxy` from the rule description's `proxy=` mark, and only from `yes` or `no`. */
import * as fs from 'fs';
import * as path from 'path';
import { ClinicSite } from '../../lib/constructs/clinic-site';
import { Fqdn } from '../../lib/net/fqdn';
import { Port } from '../../lib/net/port';
import { readTerraformInput } from '../../lib/terraform';
import { clinicProps } from '../constructs/util';
import { quietEstate, synthToDir } from './util';

function synthesized(): { dir: string; stack: string } {
  const { app, estate } = quietEstate();
  const site = new ClinicSite(estate, 'clinic', clinicProps(1, { explicitProxy: {} }));
  const common = { ports: [Port.tcp(443)], app: 'https' as const, purpose: 'vendor portal' };
  site.allowEgress({ name: 'proxied', fqdns: [Fqdn.parse('a.vendor.example')], ...common });
  site.allowEgress({ name: 'direct', fqdns: [Fqdn.parse('b.vendor.example')], viaProxy: false, ...common });
  const dir = synthToDir(app);
  return { dir, stack: path.join(dir, 'stacks', 'clinic', 'cdk.tf.json') };
}

const marks = (dir: string) =>
  readTerraformInput(dir)
    .model.sites[0].egress.map((f) => [f.name, f.viaProxy])
    .sort();

describe('reading the explicit-proxy mark', () => {
  test('proxy=yes and proxy=no become viaProxy true and false', () => {
    expect(marks(synthesized().dir)).toEqual([
      ['direct', false],
      ['proxied', true],
    ]);
  });

  test('any other value says nothing: viaProxy is left out (the rule then infers, on the safe side)', () => {
    const { dir, stack } = synthesized();
    const text = fs.readFileSync(stack, 'utf8');
    expect(text).toContain('proxy=yes');
    fs.writeFileSync(stack, text.replace('proxy=yes', 'proxy=maybe').replace('proxy=no', 'proxy=YES'));
    expect(marks(dir)).toEqual([
      ['direct', undefined],
      ['proxied', undefined],
    ]);
  });
});
