// SPDX-License-Identifier: Apache-2.0
/**
 * Site pictures: no Mermaid parser runs offline here, so the output is pinned by golden files
 * (test/fixtures/review2/graph; regenerate with UPDATE_GOLDEN=1 after reading the difference),
 * and hostile names are shown to stay inside their labels.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderDot, renderMermaid, siteGraph } from '../../lib/dataplane/graph';
import { runGraph } from '../../lib/cli/graph';
import { readTerraformInput } from '../../lib/terraform';
import { runCli } from '../cli/run-cli';
import { renderNetworkDoc } from '../../lib/artefacts/network-md';

const GOLDEN = path.join('test', 'fixtures', 'review2', 'graph');
const FIXTURE = (name: string) => path.join('test', 'fixtures', 'dataplane', `${name}.cdk.tf.json`);

function golden(file: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(path.join(GOLDEN, file), text);
  expect(text).toBe(fs.readFileSync(path.join(GOLDEN, file), 'utf8'));
}

describe('clinicnet graph', () => {
  test.each(['base', 'nic-public-ip', 'nat-gateway-direct', 'vpn'])(
    '%s: Mermaid and DOT are the golden files',
    (name) => {
      golden(`${name}.mmd`, runGraph(FIXTURE(name), { format: 'mermaid' }));
      golden(`${name}.dot`, runGraph(FIXTURE(name), { format: 'dot' }));
    },
  );

  test('--site names one site; an unknown one is a one-line error, exit 2', async () => {
    const ok = await runCli(['graph', FIXTURE('base'), '--site', 'clinic']);
    expect(ok.code).toBe(0);
    expect(ok.out.startsWith('flowchart LR\n')).toBe(true);
    const bad = await runCli(['graph', FIXTURE('base'), '--site', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('[GRAPH-SITE-UNKNOWN]');
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('pictures are safe and bounded', () => {
  const site = readTerraformInput(FIXTURE('base'), { dataplane: true }).model.sites[0];
  const hostile = 'x"]\n  click n1 call alert()\n%%{init}%% `` ~~~ <img> n9 --> n1';

  test('a hostile host name stays one quoted label: no new node, edge, directive or fence', () => {
    const graph = siteGraph(site, { paths: [{ from: 'practice', to: hostile, state: 'added', label: 'TCP 1' }] });
    const mermaid = renderMermaid(graph);
    const line = mermaid.split('\n').find((l) => l.includes('alert'));
    expect(line).toMatch(/^ {2}n\d+>"[^"]*"\]$/);
    expect(mermaid).not.toMatch(/%%|`|~|<img|\n\s*click/);
    for (const n of graph.nodes) expect(n.id).toMatch(/^n\d+$/);
    const dot = renderDot(graph);
    expect(dot.split('\n').filter((l) => l.includes('alert'))).toHaveLength(1);
    expect(dot).not.toMatch(/[^\\]"\]\n\s*click/);
  });

  test('beyond the node limit the rest is summarised in one node', () => {
    const paths = Array.from({ length: 100 }, (_, i) => ({
      from: 'practice',
      to: `host-${i}.example.org`,
      state: 'reachable' as const,
      label: 'TCP 443',
    }));
    const graph = siteGraph(site, { paths, maxNodes: 20 });
    expect(graph.nodes).toHaveLength(20);
    expect(graph.nodes[19].label).toMatch(/^… \d+ more not drawn$/);
    expect(graph.edges.every((e) => graph.nodes.some((n) => n.id === e.to))).toBe(true);
  });
});

describe("NETWORK.md's diagram", () => {
  test('a site read with its data plane gets the Mermaid diagram; without one, none', () => {
    const withPlane = readTerraformInput(FIXTURE('base'), { dataplane: true }).model.sites[0];
    const doc = renderNetworkDoc(withPlane);
    expect(doc).toContain(`## Diagram\n\n\`\`\`mermaid\n${renderMermaid(siteGraph(withPlane))}\`\`\`\n`);
    const without = readTerraformInput(FIXTURE('base')).model.sites[0];
    expect(renderNetworkDoc(without)).not.toContain('## Diagram');
  });
});
