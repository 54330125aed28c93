// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet graph INPUT [--site NAME] --format mermaid|dot`: each site's network as a picture
 * (subnets, firewall, NAT, VPN links, public entry points), from the data plane of any input.
 */
import { Command, Option } from 'commander';
import { defineError } from '../core/errors';
import { renderDot, renderMermaid, siteGraph } from '../dataplane/graph';
import { readTerraformInput } from '../terraform';
import { EXIT, type CommandRegistrar } from './command';

export const GRAPH_FORMATS = ['mermaid', 'dot'] as const;

const graphSiteUnknown = defineError({
  code: 'GRAPH-SITE-UNKNOWN',
  title: '`clinicnet graph --site` names no site of the input.',
  message: (site: string, sites: string) =>
    `no such site — got "${site}", expected one of ${sites}; fix: use a name that \`clinicnet check\` reports`,
  example: ['nsw-gp-parramata', 'nsw-gp-parramatta'],
});

/** Options of `clinicnet graph`, as parsed. */
export interface GraphCliOptions {
  /** One site only (`--site`). @default every site */
  readonly site?: string;
  readonly format: (typeof GRAPH_FORMATS)[number];
}

/** Every site's picture (or one site's), in site order; Mermaid sites separated by a `%%` comment line. */
export function runGraph(input: string, options: GraphCliOptions): string {
  const sites = readTerraformInput(input, { dataplane: true }).model.sites;
  const chosen = options.site === undefined ? sites : sites.filter((s) => s.name === options.site);
  if (options.site !== undefined && chosen.length === 0) {
    const names = sites.map((s) => s.name);
    throw graphSiteUnknown(options.site, names.length === 0 ? 'none in the input' : names.slice(0, 5).join(', '));
  }
  const render = options.format === 'dot' ? renderDot : renderMermaid;
  return chosen.map((s) => render(siteGraph(s))).join('\n');
}

/** Registers `clinicnet graph`. */
export const registerGraph: CommandRegistrar = (program, setExitCode) => {
  program
    .command('graph')
    .description('Draw each site of INPUT (subnets, firewall, NAT, VPN links, public entry points) as Mermaid or DOT.')
    .argument('<input>', 'cdk.tf.json, cdktf.out directory or `terraform show -json` plan')
    .option('--site <name>', 'draw this site only')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .action(function (this: Command, input: string, options: GraphCliOptions) {
      this.configureOutput().writeOut?.(runGraph(input, options));
      setExitCode(EXIT.OK);
    });
};
