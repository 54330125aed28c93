// SPDX-License-Identifier: Apache-2.0
import { Testing } from 'cdktf';
import { Cidr } from '../../lib/net/cidr';
import { Port } from '../../lib/net/port';
import { buildExampleEstate } from '../../stacks/estate';
import { evaluateEstate, findingsOf, patchSite } from '../policy/util';
import { modelOf } from './read-back';
import { runGate } from '../../lib/constructs/policy-gate';

/** Runs `synth` with the gate's stdout captured; returns what it printed and the error, if any. */
function captured(synth: () => void): { printed: string; error?: Error } {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    synth();
    return { printed: writes.join('') };
  } catch (e) {
    return { printed: writes.join(''), error: e as Error };
  } finally {
    spy.mockRestore();
  }
}

describe('the example estate (stacks/estate.ts)', () => {
  test('passes the gate with zero errors and prints the summary', () => {
    const app = Testing.app();
    buildExampleEstate(app);
    const { printed, error } = captured(() => runGate(app));
    expect(error).toBeUndefined();
    expect(printed).toContain('clinicnet policy gate: 4 sites');
    expect(printed).toMatch(/Findings: 0 errors/);
  });

  test('without the Lumos data-port flow, LUMOS-EGRESS-DATA is an error', () => {
    const model = patchSite(modelOf(buildExampleEstate(Testing.app())), 'nsw-gp-parramatta', (s) => ({
      ...s,
      egress: s.egress.filter((f) => f.requirement !== 'LUMOS-EGRESS-DATA'),
    }));
    expect(findingsOf(evaluateEstate(model), 'LUMOS-EGRESS-DATA').map((f) => f.severity)).toEqual(['error']);
  });

  test('a Lumos flow by IP address fails synth with LUMOS-BY-HOSTNAME', () => {
    const app = Testing.app();
    const estate = buildExampleEstate(app);
    estate.site('nsw-gp-parramatta')?.allowEgressToAddresses({
      name: 'csu-by-ip',
      addresses: [Cidr.parse('203.0.113.10/32')],
      ports: [Port.tcp(991)],
      app: 'ftps-implicit',
      purpose: 'Lumos FTPS control',
    });
    const { error } = captured(() => runGate(app));
    expect(error?.message).toMatch(
      /\[estate\/nsw-gp-parramatta\/[^\]]+\] \[LUMOS-BY-HOSTNAME\] rule csu-by-ip names IP addresses/,
    );
  });
});
