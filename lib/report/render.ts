// SPDX-License-Identifier: Apache-2.0
/** One entry point for every report format, as `clinicnet check --format` names them. */
import type { Evaluation } from '../policy/evaluation';
import type { ReportContext } from './context';
import { renderGitlab } from './gitlab';
import { renderJsonReport } from './json';
import { renderJunit } from './junit';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import { renderTextReport } from './text';

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown', 'gitlab'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

const RENDERERS: Record<ReportFormat, (evaluation: Evaluation, context: ReportContext) => string> = {
  text: renderTextReport,
  // The JSON report is the gate's file format: it carries only the evaluation.
  json: (evaluation) => renderJsonReport(evaluation),
  sarif: renderSarif,
  junit: renderJunit,
  markdown: renderMarkdown,
  gitlab: renderGitlab,
};

/** Renders `evaluation` in `format`. */
export function renderReport(format: ReportFormat, evaluation: Evaluation, context: ReportContext = {}): string {
  return RENDERERS[format](evaluation, context);
}
