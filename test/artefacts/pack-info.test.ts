// SPDX-License-Identifier: Apache-2.0
import { requirementFacts, vendorLabel } from '../../lib/artefacts/pack-info';
import { builtinPacks } from '../../lib/policy/pack';
import { stringContaining } from '../matchers';

describe('pack info', () => {
  test('vendor labels use the vendor spelling in the pack title', () => {
    expect(vendorLabel({ id: 'lumos', title: 'NSW Lumos program: PenCS CAT4 data extraction' })).toBe('Lumos');
    expect(vendorLabel({ id: 'immtrac', title: 'Texas Immunization Registry (ImmTrac2) secure file transfer' })).toBe(
      'ImmTrac2',
    );
    expect(vendorLabel({ id: 'x', title: 'Nothing matches' })).toBe('x');
  });

  test('every shipped requirement has a vendor and a citation', () => {
    const facts = requirementFacts(builtinPacks());
    expect(facts.get('LUMOS-EGRESS-DATA')).toMatchObject({
      vendor: 'Lumos',
      citation: stringContaining('Outbound Traffic Destination Ports'),
    });
    expect(facts.get('CUSTO-NO-TLS-INSPECT')?.vendor).toBe('custo');
  });
});
