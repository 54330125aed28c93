// SPDX-License-Identifier: Apache-2.0
/**
 * `--sites FILE` on trace, graph and artefacts: a plain-Terraform site whose packs come only
 * from the sites file is read with them, as check reads it; the file is read before the input,
 * and an entry that matches no site is a warning, never silence.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { runCli } from './run-cli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'tf');
const dir = mkdtempSync(join(process.env.TMPDIR ?? '/tmp', 'sites-option-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fixture with its clinicnet-packs tag removed: its packs can come only from the command line. */
function untagged(name: string): string {
  const doc = JSON.parse(readFileSync(join(FIXTURES, `${name}.cdk.tf.json`), 'utf8')) as {
    resource: { azurerm_firewall_policy: { policy: { tags: Record<string, string> } } };
  };
  doc.resource.azurerm_firewall_policy.policy.tags = { 'clinicnet-site': 'cove' };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

function sitesFile(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const ONEPACS = sitesFile('onepacs.yaml', 'sites:\n  cove:\n    packs: [onepacs]\n');
const TYPO = sitesFile('typo.yaml', 'sites:\n  cvoe:\n    packs: [onepacs]\n');
const INVALID = sitesFile('invalid.yaml', 'sites:\n  cove:\n    packs: [OnePacs]\n');
const TWO_NICS = untagged('onepacs-two-static-nics');
const ONE_NIC = untagged('onepacs-gateway-nic');
const typoWarning = `clinicnet: warning: * ${TYPO}: entry "cvoe": the --sites entry "cvoe" matches no site of the input, so its packs and vendor settings apply nowhere\n`;

describe('clinicnet trace --sites', () => {
  const TRACE = ['trace', TWO_NICS, '--from', 'cove/practice', '--to', 'update.example.com:443'];

  test("the file's onepacs pack is the site's: its gateway problem is warned, the verdict unchanged", async () => {
    const without = await runCli(TRACE);
    expect([without.code, without.err]).toEqual([0, '']);
    const withSites = await runCli([...TRACE, '--sites', ONEPACS]);
    expect(withSites.code).toBe(0);
    expect(withSites.out).toBe(without.out);
    expect(withSites.err).toBe(
      'clinicnet: warning: cove azurerm_network_interface.gateway: the OnePacs gateway is not read from the NICs: 2 NICs have a static private IP in the workload subnets: azurerm_network_interface.gateway (10.60.2.10 in imaging), azurerm_network_interface.server (10.60.1.10 in practice); declare vendor.onepacs.gatewayAddress (clinicnet_site output or --sites file)\n',
    );
  });

  test('an entry that matches no site is warned', async () => {
    expect((await runCli([...TRACE, '--sites', TYPO])).err).toBe(typoWarning);
  });

  test('an invalid sites file is one line and exit 2, before the input is read', async () => {
    const run = await runCli([...TRACE.slice(0, 1), join(dir, 'missing.json'), ...TRACE.slice(2), '--sites', INVALID]);
    expect([run.code, run.out]).toEqual([2, '']);
    expect(run.err).toMatch(/^clinicnet: \[[A-Z-]+\] [^\n]*invalid\.yaml[^\n]*\n$/);
  });
});

describe('clinicnet graph --sites', () => {
  test('a site whose packs come from the file is drawn as without them; no warning', async () => {
    const without = await runCli(['graph', ONE_NIC]);
    const withSites = await runCli(['graph', ONE_NIC, '--sites', ONEPACS]);
    expect(withSites).toEqual({ code: 0, out: without.out, err: '' });
    expect(withSites.out).toContain('practice 10.60.1.0#47;24');
  });

  test('an entry that matches no site is warned on stderr; the picture is still drawn', async () => {
    const run = await runCli(['graph', ONE_NIC, '--sites', TYPO]);
    expect(run.code).toBe(0);
    expect(run.err).toBe(typoWarning);
    expect(run.out).toMatch(/^flowchart LR\n/);
  });

  test('an invalid sites file is one line and exit 2, before the input is read', async () => {
    const run = await runCli(['graph', join(dir, 'missing.json'), '--sites', INVALID]);
    expect([run.code, run.out]).toEqual([2, '']);
    expect(run.err).toMatch(/^clinicnet: \[[A-Z-]+\] [^\n]*invalid\.yaml[^\n]*\n$/);
  });
});

describe('clinicnet artefacts --sites', () => {
  const GATEWAY = 'The OnePacs gateway server keeps a fixed internal address (`10.60.1.10`).';

  test("the file's onepacs pack gives the hand-over its OnePacs settings, with the gateway read off the NIC", async () => {
    const out = join(dir, 'with');
    const run = await runCli(['artefacts', ONE_NIC, '--out', out, '--sites', ONEPACS]);
    expect(run).toEqual({ code: 0, out: `clinicnet artefacts: wrote 1 site to ${out}\n`, err: '' });
    expect(readFileSync(join(out, 'cove', 'NETWORK.md'), 'utf8')).toContain(GATEWAY);
    const plain = join(dir, 'without');
    expect((await runCli(['artefacts', ONE_NIC, '--out', plain])).code).toBe(0);
    expect(readFileSync(join(plain, 'cove', 'NETWORK.md'), 'utf8')).not.toContain('OnePacs');
  });

  test('an entry that matches no site is warned on stderr', async () => {
    const out = join(dir, 'typo');
    const run = await runCli(['artefacts', ONE_NIC, '--out', out, '--sites', TYPO]);
    expect([run.code, run.err]).toEqual([0, typoWarning]);
  });

  test('an invalid sites file is one line and exit 2, and nothing is written', async () => {
    const out = join(dir, 'invalid');
    const run = await runCli(['artefacts', ONE_NIC, '--out', out, '--sites', INVALID]);
    expect([run.code, run.out]).toEqual([2, '']);
    expect(run.err).toMatch(/^clinicnet: \[[A-Z-]+\] [^\n]*invalid\.yaml[^\n]*\n$/);
    expect(() => readFileSync(join(out, 'cove', 'NETWORK.md'))).toThrow();
  });
});
