// SPDX-License-Identifier: Apache-2.0
/**
 * Every data-plane fixture (NSGs, NICs, routes, peerings, VPN, load balancers, application
 * gateways, the explicit proxy, IPv6) mutated with hostile values: it is read, evaluated and
 * traced, or rejected with a ClinicnetError; no other exception, no rule that throws.
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { ClinicnetError } from '../../lib/core/errors';
import { trace } from '../../lib/dataplane';
import { Cidr } from '../../lib/net/cidr';
import { evaluate } from '../../lib/policy/engine';
import { builtinPacks } from '../../lib/policy/pack';
import { readTerraformDocument } from '../../lib/terraform';
import { applyMutations, fixture, mutations } from './mutate';

const FUZZ_TIMEOUT_MS = 120_000;
const packs = builtinPacks();

const NAMES = readdirSync(join(__dirname, '..', 'fixtures', 'dataplane')).filter((f) => f.endsWith('.cdk.tf.json'));

/** Reads with the data plane, evaluates every pack, and traces from each site and from the internet. */
function outcome(doc: unknown): 'read' | 'rejected' {
  let read;
  try {
    read = readTerraformDocument(doc, 'fuzz.json', { packs: ['lumos'], dataplane: true });
  } catch (e) {
    if (e instanceof ClinicnetError) return 'rejected';
    throw e;
  }
  const all = packs.map((p) => p.id);
  const crashed = evaluate(read.model, { packs, extraPacks: all }).findings.filter((f) =>
    f.message.includes('report this as a clinicnet bug'),
  );
  expect(crashed.map((f) => f.message)).toEqual([]);
  for (const site of read.model.sites) {
    const from = { kind: 'site', site: site.name } as const;
    trace(read.model, { from, to: { kind: 'host', host: 'csu.cherel.org.au' }, protocol: 'tcp', port: 991 });
    trace(read.model, {
      from,
      to: { kind: 'host', host: 'www.cherel.org.au' },
      protocol: 'tcp',
      port: 443,
      viaProxy: 'https',
    });
    trace(read.model, {
      from,
      to: { kind: 'address', address: Cidr.parse('2001:db8::1/128') },
      protocol: 'udp',
      port: 53,
    });
  }
  trace(read.model, {
    from: { kind: 'internet' },
    to: { kind: 'address', address: Cidr.parse('10.20.1.10/32') },
    protocol: 'tcp',
    port: 3389,
  });
  return 'read';
}

describe('data-plane fixtures under hostile edits', () => {
  test.each(NAMES)(
    'a mutated %s is read, evaluated and traced, or rejected with a ClinicnetError',
    (name) => {
      const doc = fixture('dataplane', name);
      expect(outcome(doc)).toBe('read');
      fc.assert(
        fc.property(mutations(doc), (edits) => ['read', 'rejected'].includes(outcome(applyMutations(doc, edits)))),
        { numRuns: 40 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
