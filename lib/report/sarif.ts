// SPDX-License-Identifier: Apache-2.0
/**
 * SARIF 2.1.0 for code-scanning tools: one reporting descriptor per requirement, one
 * result per finding (suppressed ones included, marked with their suppression).
 */
import { createHash } from 'crypto';
import type * as sarif from 'sarif';
import type { Evaluation, Suppression } from '../policy/evaluation';
import type { Finding, Severity } from '../policy/finding';
import type { ReportContext, RequirementInfo } from './context';
import { requirementsOf } from './context';
import { toJsonReport } from './json';
import { markdownText as md } from '../core/escape';
import { findingKey, sortFindings, sortSuppressed } from '../policy/order';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Name of the partial fingerprint that lets code-scanning tools follow a finding across runs. */
export const FINGERPRINT_NAME = 'clinicnetFinding/v1';

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

function result(
  f: Finding,
  ruleIndex: Map<string, number>,
  context: ReportContext,
  suppression?: Suppression,
): sarif.Result {
  const file = context.fileOf?.(f);
  const location: sarif.Location = {
    ...(file !== undefined ? { physicalLocation: { artifactLocation: { uri: toUri(file) } } } : {}),
    logicalLocations: [{ name: f.path, fullyQualifiedName: `${f.site}/${f.path}`, kind: 'resource' }],
  };
  return {
    ruleId: f.requirement,
    ruleIndex: ruleIndex.get(f.requirement) as number,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_NAME]: createHash('sha256').update(findingKey(f)).digest('hex') },
    ...(suppression !== undefined ? { suppressions: [externalSuppression(suppression)] } : {}),
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
  const rules = requirementsOf([...evaluation.findings, ...suppressed.map((s) => s.finding)], context);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'clinicnet', rules: rules.map(descriptor) } },
        results: [
          ...sortFindings(evaluation.findings).map((f) => result(f, ruleIndex, context)),
          ...suppressed.map((s) => result(s.finding, ruleIndex, context, s.suppression)),
        ],
        // Every suppression, applied or not, travels with the log (DESIGN: every report lists them).
        properties: { suppressions: toJsonReport(evaluation).suppressions },
      },
    ],
  };
}

/** The SARIF log as text: 2-space indent, trailing newline. */
export function renderSarif(evaluation: Evaluation, context: ReportContext = {}): string {
  return `${JSON.stringify(toSarif(evaluation, context), null, 2)}\n`;
}
