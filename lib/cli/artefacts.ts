// SPDX-License-Identifier: Apache-2.0
/**
 * `clinicnet artefacts INPUT --out DIR`: writes each site's hand-over files
 * (NETWORK.md, connectivity-test.ps1, proxy files) to `DIR/<site>/`.
 */
import { Command } from 'commander';
import { writeArtefacts } from '../artefacts/write';
import { readTerraformInput } from '../terraform';
import { parsePackList } from './check';
import { EXIT, type CommandRegistrar } from './command';
import { loadSitesFile } from './sites-file';
import { problemLines, SITES_OPTION_HELP } from './trace';

/** Options of `clinicnet artefacts`, as parsed. */
export interface ArtefactsOptions {
  /** Directory to write into, one sub-directory per site (`--out`). */
  readonly out: string;
  /** Packs for sites without clinicnet tags. @default none */
  readonly packs?: string[];
  /** Sites file (`--sites`): packs, kind and vendor settings by site name or glob. @default none */
  readonly sites?: string;
}

/** Registers `clinicnet artefacts`. */
export const registerArtefacts: CommandRegistrar = (program, setExitCode) => {
  program
    .command('artefacts')
    .description(
      'Write the hand-over files for each clinic (NETWORK.md, connectivity-test.ps1, proxy.pac, proxy-override.txt, no-proxy.txt) to DIR/<site>/. ' +
        'INPUT is what `check` accepts. Exit 0 when written, 2 for usage errors and unreadable input.',
    )
    .argument('<input>', 'a cdk.tf.json, a cdktf.out directory, or a plan JSON file')
    .requiredOption('--out <dir>', 'directory to write into (one sub-directory per site)')
    .option(
      '--packs <ids>',
      'comma-separated packs for sites whose firewall policy carries no clinicnet-packs tag',
      parsePackList,
    )
    .option('--sites <file>', SITES_OPTION_HELP)
    .action(function (this: Command, input: string, options: ArtefactsOptions) {
      // The sites file before the input, as check reads it: its errors come first.
      const sites = options.sites === undefined ? undefined : loadSitesFile(options.sites);
      const { model, problems } = readTerraformInput(input, { packs: options.packs, dataplane: true, sites });
      const dirs = writeArtefacts(model, options.out);
      const output = this.configureOutput();
      // A --sites entry that matches no site leaves some clinic's hand-over without its vendor settings: said, not silent.
      const warnings = problemLines(problems.filter((p) => p.resourceType === 'sites-file'));
      if (warnings !== '') output.writeErr?.(warnings);
      output.writeOut?.(
        `clinicnet artefacts: wrote ${dirs.length} site${dirs.length === 1 ? '' : 's'} to ${options.out}\n`,
      );
      setExitCode(EXIT.OK);
    });
};
