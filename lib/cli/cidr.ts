// SPDX-License-Identifier: Apache-2.0
/** `clinicnet cidr check` and `clinicnet cidr allocate`: the estate address plan from the command line. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { ClinicnetError } from '../core/errors';
import { guardCiLines, terminalText } from '../core/escape';
import { Cidr } from '../net/cidr';
import { EXIT, type CommandRegistrar } from './command';
import { CheckReport, checkPlan, loadPlanFile } from './plan-file';

/** One line per overlap cluster: a pair as `A and B`, a larger cluster as its count and its first members. */
function overlapLine(cluster: CheckReport['overlaps'][number]): string {
  const shown = cluster.ranges.map((r) => `${terminalText(r.name)} ${terminalText(r.cidr)}`);
  if (cluster.rangeCount === 2) return `overlap   ${shown[0]} and ${shown[1]}`;
  const more = cluster.rangeCount - shown.length;
  return (
    `overlap   ${cluster.rangeCount} ranges, ${cluster.pairCount} overlapping pairs: ${shown.join(', ')}` +
    (more > 0 ? ` and ${more} more` : '')
  );
}

function renderText(report: CheckReport, rangeCount: number): string {
  const lines = [
    ...report.overlaps.map(overlapLine),
    ...report.reserved.map(
      (r) => `reserved  ${terminalText(r.name)} ${terminalText(r.cidr)} touches Azure-reserved ${r.reservedRange}`,
    ),
    ...report.errors.map((e) => `error     ${terminalText(e.name)}: ${terminalText(e.message)}`),
  ];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(rangeCount, 'range')} checked: ${plural(report.overlaps.length, 'overlap')}, ` +
      `${plural(report.reserved.length, 'reserved-range hit')}, ${plural(report.errors.length, 'containment error')}`,
  );
  // Names come from the plan file (pull-request content): each is escaped, and no line may become a CI command.
  return guardCiLines(lines.join('\n') + '\n');
}

function parsePrefixLength(value: string): number {
  if (!/^\d{1,3}$/.test(value)) throw new InvalidArgumentError(`expected a whole number such as 24, got "${value}".`);
  return Number(value);
}

function parseSupernet(value: string): Cidr {
  try {
    return Cidr.parse(value);
  } catch (e) {
    if (e instanceof ClinicnetError) throw new InvalidArgumentError(e.message);
    throw e;
  }
}

/** Registers `clinicnet cidr check` and `clinicnet cidr allocate`. */
export const registerCidr: CommandRegistrar = (program, setExitCode) => {
  const cidr = program.command('cidr').description('Check an estate address plan, or hand out the next free prefix.');

  cidr
    .command('check')
    .description(
      'Report overlapping ranges, ranges touching Azure-reserved ranges, and subnets outside their VNet. Exit 1 when any.',
    )
    .argument('<file>', 'address plan, JSON or YAML: {"ranges":[{"name","cidr","kind","site","parent"}]}')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(function (this: Command, file: string, options: { format: 'text' | 'json' }) {
      const plan = loadPlanFile(file);
      const report = checkPlan(plan);
      const text =
        options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report, plan.ranges().length);
      this.configureOutput().writeOut?.(text);
      const clean = report.overlaps.length + report.reserved.length + report.errors.length === 0;
      setExitCode(clean ? EXIT.OK : EXIT.FINDINGS);
    });

  cidr
    .command('allocate')
    .description(
      'Print the lowest free aligned prefix of the given length inside the supernet. Exit 1 when the supernet is full.',
    )
    .argument('<file>', 'address plan, JSON or YAML')
    .requiredOption('--supernet <cidr>', 'the block to allocate from, such as 10.64.0.0/12', parseSupernet)
    .requiredOption('--prefix <length>', 'prefix length to hand out, such as 24', parsePrefixLength)
    .action(function (this: Command, file: string, options: { supernet: Cidr; prefix: number }) {
      const plan = loadPlanFile(file);
      const output = this.configureOutput();
      try {
        output.writeOut?.(`${plan.allocate(options.supernet, options.prefix).toString()}\n`);
        setExitCode(EXIT.OK);
      } catch (e) {
        if (!(e instanceof ClinicnetError) || e.code !== 'PLAN-SUPERNET-FULL') throw e;
        output.writeErr?.(`clinicnet: ${e.message}\n`);
        setExitCode(EXIT.FINDINGS);
      }
    });
};
