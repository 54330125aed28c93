// SPDX-License-Identifier: Apache-2.0
/** BASE-NO-ANY-EGRESS on routing: a workload subnet that reaches the internet directly has unfiltered egress. */
import { Testing } from 'cdktf';
import type { EgressVia, Maybe, NetworkModel } from '../../lib/model/types';
import { unknown } from '../../lib/model/types';
import { readTerraformDocument } from '../../lib/terraform';
import { clinic, evaluateEstate, findingsOf, kindsOf, newEstate, patchSite } from './util';
import { modelOf } from '../constructs/read-back';

const REQ = 'BASE-NO-ANY-EGRESS';

/** The constructs' model with the `clinical` subnet's egress replaced. */
function clinicalEgress(via: Maybe<EgressVia>): NetworkModel {
  const estate = newEstate();
  clinic(estate, 'gp-one', 1);
  return patchSite(modelOf(estate), 'gp-one', (s) => ({
    ...s,
    vnets: s.vnets.map((v) => ({
      ...v,
      subnets: v.subnets.map((sub) => (sub.name === 'clinical' ? { ...sub, egressVia: via } : sub)),
    })),
  }));
}

describe('BASE-NO-ANY-EGRESS: workload subnets egress through the firewall', () => {
  test('Compliance: the constructs route every workload subnet through the firewall (platform subnets keep the internet route)', () => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1);
    const subnets = modelOf(estate).sites[0].vnets[0].subnets;
    expect(subnets.find((s) => s.role === 'firewall')?.egressVia).toBe('internet');
    expect(findingsOf(evaluateEstate(estate), REQ)).toEqual([]);
  });

  test('Noncompliance 1: a synthesized site whose subnet association is removed, read from Terraform', () => {
    const estate = newEstate();
    const site = clinic(estate, 'gp-one', 1);
    const json = JSON.parse(Testing.synth(site)) as { resource: Record<string, Record<string, unknown>> };
    delete json.resource.azurerm_subnet_route_table_association;
    const evaluation = evaluateEstate(readTerraformDocument(json, 'gp-one.cdk.tf.json').model);
    expect(kindsOf(evaluation, REQ)).toEqual(['violation:error']);
    const [finding] = findingsOf(evaluation, REQ);
    expect(finding.message).toContain('subnet clinical reaches the internet directly');
    expect(finding.message).toContain('fix: associate the subnet with a route table');
    expect(finding.path).toBe('azurerm_subnet.subnet-clinical');
  });

  test('Noncompliance 2: a site without a firewall has unfiltered egress', () => {
    const estate = newEstate();
    clinic(estate, 'gp-one', 1, [], { firewall: false, firewallSubnet: undefined });
    const findings = findingsOf(evaluateEstate(estate), REQ);
    expect(findings.map((f) => `${f.kind}:${f.severity}`)).toEqual(['violation:error']);
    expect(findings[0].message).toContain('fix: give the site a firewall');
  });

  test('Unknown: a default route that cannot be resolved is a warning naming why', () => {
    const findings = findingsOf(evaluateEstate(clinicalEgress(unknown('var.appliance_ip'))), REQ);
    expect(findings.map((f) => `${f.kind}:${f.severity}`)).toEqual(['unknown:warning']);
    expect(findings[0].message).toContain('var.appliance_ip');
  });

  test('Compliance: another appliance or gateway filters elsewhere; a model without routing facts is not judged on them', () => {
    expect(findingsOf(evaluateEstate(clinicalEgress('other')), REQ)).toEqual([]);
    expect(findingsOf(evaluateEstate(clinicalEgress('internet')), REQ)).toHaveLength(1);
    const unrecorded = patchSite(clinicalEgress('internet'), 'gp-one', (s) => ({
      ...s,
      vnets: s.vnets.map((v) => ({ ...v, subnets: v.subnets.map(({ egressVia: _omitted, ...sub }) => sub) })),
    }));
    expect(findingsOf(evaluateEstate(unrecorded), REQ)).toEqual([]);
  });
});
