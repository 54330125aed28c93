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
import { loadSitesFile } from './sites-file';
import { problemLines, SITES_OPTION_HELP } from './trace';

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
  /** Sites file (`--sites`): packs, kind and vendor settings by site name or glob. @default none */
  readonly sites?: string;
}

/** Every site's picture (or one site's), in site order; Mermaid sites separated by a `%%` comment line. */
export function runGraph(input: string, options: GraphCliOptions): string {
  return drawGraph(input, options).text;
}

/**
 * The pictures, and a warning line for each problem of the `--sites` file (an entry that matches
 * no site): the picture does not depend on packs, but a misspelt entry must not pass in silence.
 */
export function drawGraph(
  input: string,
  options: GraphCliOptions,
): { readonly text: string; readonly warnings: string } {
  const settings = options.sites === undefined ? undefined : loadSitesFile(options.sites);
  const read = readTerraformInput(input, { dataplane: true, sites: settings });
  const sites = read.model.sites;
  const chosen = options.site === undefined ? sites : sites.filter((s) => s.name === options.site);
  if (options.site !== undefined && chosen.length === 0) {
    const names = sites.map((s) => s.name);
    throw graphSiteUnknown(options.site, names.length === 0 ? 'none in the input' : names.slice(0, 5).join(', '));
  }
  const render = options.format === 'dot' ? renderDot : renderMermaid;
  const warnings = problemLines(read.problems.filter((p) => p.resourceType === 'sites-file'));
  return { text: chosen.map((s) => render(siteGraph(s))).join('\n'), warnings };
}

/** Registers `clinicnet graph`. */
export const registerGraph: CommandRegistrar = (program, setExitCode) => {
  program
    .command('graph')
    .description('Draw each site of INPUT (subnets, firewall, NAT, VPN links, public entry points) as Mermaid or DOT.')
    .argument('<input>', 'cdk.tf.json, cdktf.out directory or `terraform show -json` plan')
    .option('--site <name>', 'draw this site only')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .option('--sites <file>', SITES_OPTION_HELP)
    .action(function (this: Command, input: string, options: GraphCliOptions) {
      const { text, warnings } = drawGraph(input, options);
      const output = this.configureOutput();
      if (warnings !== '') output.writeErr?.(warnings);
      output.writeOut?.(text);
      setExitCode(EXIT.OK);
    });
};
