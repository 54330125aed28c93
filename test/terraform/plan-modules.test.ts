// SPDX-License-Identifier: Apache-2.0
import { findingsOf } from './findings';
import { planFixture } from './util';

describe('plan: module input variables and for_each instances are followed', () => {
  const { read, findings } = findingsOf(planFixture('module-inputs.json'));
  const site = read.model.sites[0];

  test("a child module's var.firewall_id is followed to the caller's firewall (its logs are found)", () => {
    expect(site.logSinks.map((l) => [l.address, l.source])).toEqual([
      ['module.logs.azurerm_monitor_diagnostic_setting.firewall', 'azurerm_firewall.main'],
    ]);
  });

  test('each.value.id associations resolve per instance key', () => {
    expect(site.vnets[0].subnets.map((s) => [s.address, s.egressVia])).toEqual([
      ['azurerm_subnet.firewall', 'internet'],
      ['azurerm_subnet.work["clinical"]', 'firewall'],
      ['azurerm_subnet.work["imaging"]', 'firewall'],
    ]);
  });

  test('exact findings: none (no false BASE-FIREWALL-LOGS or BASE-NO-ANY-EGRESS)', () => {
    expect(read.problems).toEqual([]);
    expect(findings).toEqual([]);
  });
});
