// SPDX-License-Identifier: Apache-2.0
import { unknown } from '../../../lib/model/types';
import { ftpProtocolPorts } from '../../../lib/policy/rules/ftp-protocol-ports';
import { egress, ruleTester, site } from './rule-tester';

// HL7: SFTP 22; FTPS 21 and 989-990.
const rule = ruleTester(ftpProtocolPorts);

describe('ftp-protocol-ports', () => {
  test('each protocol on its own ports passes; other protocols are not judged', () => {
    expect(rule.kinds(site({ egress: [egress({ appProtocol: 'sftp', ports: ['22'] })] }))).toEqual([]);
    expect(rule.kinds(site({ egress: [egress({ appProtocol: 'ftps-implicit', ports: ['990'] })] }))).toEqual([]);
    expect(rule.kinds(site({ egress: [egress({ appProtocol: 'https', ports: ['21', '22'] })] }))).toEqual([]);
  });

  test('an SFTP flow opening an FTPS port is a violation, at the edge of the range too (boundary)', () => {
    expect(rule.kinds(site({ egress: [egress({ appProtocol: 'sftp', ports: ['22', '989'] })] }))).toEqual([
      'violation estate/clinic/firewall/rule',
    ]);
    expect(rule.kinds(site({ egress: [egress({ appProtocol: 'sftp', ports: ['988'] })] }))).toEqual([]);
  });

  test('an FTPS flow opening the SFTP port is a violation', () => {
    const [result] = rule.check(site({ egress: [egress({ appProtocol: 'ftps-explicit', ports: ['21', '22'] })] }));
    expect(result).toMatchObject({ kind: 'violation', got: 'ports 21, 22' });
  });

  test('unresolved ports of an SFTP flow are unknown', () => {
    expect(rule.kinds(site({ egress: [egress({ appProtocol: 'sftp', ports: [unknown('var.port')] })] }))).toEqual([
      'unknown estate/clinic/firewall/rule',
    ]);
  });
});
