// SPDX-License-Identifier: Apache-2.0
/**
 * SARIF 2.1.0 for code-scanning tools: one reporting descriptor per requirement, one
 * result per finding (suppressed ones included, marked with their suppression; those a
 * baseline hid included with `baselineState: "unchanged"`).
 */
import { createHash } from 'crypto';
import type * as sarif from 'sarif';
import type { Evaluation, Suppression } from '../policy/evaluation';
import type { Finding, Severity } from '../policy/finding';
import type { ReportContext, RequirementInfo } from './context';
import { requirementsOf } from './context';
import { toJsonReport } from './json';
import { markdownText as md } from '../core/escape';
import { sortFindings, sortSuppressed } from '../policy/order';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Name of the partial fingerprint that lets code-scanning tools follow a finding across runs. */
export const FINGERPRINT_NAME = 'clinicnetFinding/v2';

/**
 * Partial fingerprints, one per finding in the order given: a hash of requirement, rule,
 * site, Terraform address and rule name — never the message, whose values change with the
 * input. Findings alike in all of these are told apart by their rank among themselves, so
 * every fingerprint of a run is unique and the same findings give the same ones next run.
 */
export function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const identity = [f.requirement, f.rule, f.site, f.address ?? f.path, f.ruleName ?? ''].join('\u0000');
    const rank = seen.get(identity) ?? 0;
    seen.set(identity, rank + 1);
    const text = rank === 0 ? identity : `${identity}\u0000${rank}`;
    return createHash('sha256').update(text).digest('hex');
  });
}

/** How a result relates to a baseline, when one was given. */
type BaselineState = 'new' | 'unchanged' | undefined;

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A file path as a SARIF URI reference: relative paths stay relative, absolute ones become `file://`. */
export function toUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encoded = slashed.split('/').map(encodeURIComponent).join('/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded.replace('%3A', ':')}`;
  return slashed.startsWith('/') ? `file://${encoded}` : encoded;
}

function descriptor(info: RequirementInfo): sarif.ReportingDescriptor {
  return {
    id: info.id,
    name: info.rule,
    shortDescription: { text: info.title },
    fullDescription: { text: info.description },
    help: {
      text: `${info.description} Fix: ${info.remediation} Source: ${info.citation}`,
      // Code scanning renders this as Markdown; the text can come from a finding (reader problems).
      markdown: `${md(info.description)}\n\n**Fix:** ${md(info.remediation)}\n\n**Source:** ${md(info.citation)}`,
    },
    defaultConfiguration: { level: LEVEL[info.severity] },
    properties: { pack: info.pack, tags: [info.pack] },
  };
}

function externalSuppression(s: Suppression): sarif.Suppression {
  return {
    kind: 'external',
    status: 'accepted',
    justification: s.reason,
    location: { logicalLocations: [{ name: s.declaredAt, kind: 'declaration' }] },
    properties: { id: s.id, owner: s.owner, expires: s.expires },
  };
}

/**
 * Where code scanning shows a finding: the line the user declared its subject on when known
 * (a `.ts` call site or a `.tf` block), else the input file it was read from, else nowhere.
 */
function physicalLocation(f: Finding, context: ReportContext): Pick<sarif.Location, 'physicalLocation'> {
  const declared = context.locationOf?.(f);
  if (declared !== undefined) {
    return {
      physicalLocation: {
        artifactLocation: { uri: toUri(declared.file) },
        ...(declared.line !== undefined ? { region: { startLine: declared.line } } : {}),
      },
    };
  }
  const file = context.fileOf?.(f);
  return file !== undefined ? { physicalLocation: { artifactLocation: { uri: toUri(file) } } } : {};
}

/** One finding with what the SARIF result needs besides it. */
interface Entry {
  readonly finding: Finding;
  readonly suppression?: Suppression;
  readonly baseline: BaselineState;
}

function result(
  { finding: f, suppression, baseline }: Entry,
  fingerprint: string,
  ruleIndex: Map<string, number>,
  context: ReportContext,
): sarif.Result {
  const location: sarif.Location = {
    ...physicalLocation(f, context),
    logicalLocations: [{ name: f.path, fullyQualifiedName: `${f.site}/${f.path}`, kind: 'resource' }],
  };
  return {
    ruleId: f.requirement,
    ruleIndex: ruleIndex.get(f.requirement),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_NAME]: fingerprint },
    ...(suppression !== undefined ? { suppressions: [externalSuppression(suppression)] } : {}),
    ...(baseline !== undefined ? { baselineState: baseline } : {}),
    properties: {
      site: f.site,
      rule: f.rule,
      pack: f.pack,
      kind: f.kind,
      remediation: f.remediation,
      source: f.source,
    },
  };
}

/** The SARIF log for an evaluation, as data. */
export function toSarif(evaluation: Evaluation, context: ReportContext = {}): sarif.Log {
  const suppressed = sortSuppressed(evaluation.suppressed);
  const baselined = sortFindings(evaluation.baselined ?? []);
  // With a baseline every result says how it relates to it; without one none does.
  const fresh: BaselineState = evaluation.baselined !== undefined ? 'new' : undefined;
  const entries: Entry[] = [
    ...sortFindings(evaluation.findings).map((finding) => ({ finding, baseline: fresh })),
    ...suppressed.map((s) => ({ finding: s.finding, suppression: s.suppression, baseline: fresh })),
    ...baselined.map((finding): Entry => ({ finding, baseline: 'unchanged' })),
  ];
  const rules = requirementsOf(
    entries.map((e) => e.finding),
    context,
  );
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(entries.map((e) => e.finding));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'clinicnet', rules: rules.map(descriptor) } },
        results: entries.map((e, i) => result(e, prints[i], ruleIndex, context)),
        // Every suppression, applied or not, travels with the log (every report lists them, as the JSON report does).
        properties: {
          suppressions: toJsonReport(evaluation).suppressions,
          ...(evaluation.baselined !== undefined ? { baselined: evaluation.baselined.length } : {}),
        },
      },
    ],
  };
}

/** The SARIF log as text: 2-space indent, trailing newline. */
export function renderSarif(evaluation: Evaluation, context: ReportContext = {}): string {
  return `${JSON.stringify(toSarif(evaluation, context), null, 2)}\n`;
}
