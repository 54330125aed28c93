// SPDX-License-Identifier: Apache-2.0
import { unknownText } from '../../lib/artefacts/unknown-text';

describe('unknownText', () => {
  test.each([
    ['${azurerm_public_ip.fw.ip_address}', 'known after apply: the ip_address of azurerm_public_ip.fw'],
    [
      '${azurerm_firewall.fw.ip_configuration[0].private_ip_address}',
      'known after apply: the ip_configuration 0 private_ip_address of azurerm_firewall.fw',
    ],
    ['${azurerm_public_ip.fw}', 'known after apply: azurerm_public_ip.fw'],
    ['${data.azurerm_public_ip.hub.ip_address}', 'known after apply: the ip_address of data.azurerm_public_ip.hub'],
    // Anything else with an expression in it: never the expression itself.
    ['pfx-${var.x}', 'known after apply'],
    ['${cidrsubnet(var.space, 8, 1)}', 'known after apply'],
  ])('%s → %s', (reason, text) => {
    expect(unknownText(reason)).toBe(text);
  });

  test('a reason in words is kept, after the given word', () => {
    expect(unknownText('var.host')).toBe('unknown (var.host)');
    expect(unknownText('var.host', 'unknown before apply')).toBe('unknown before apply (var.host)');
  });
});
