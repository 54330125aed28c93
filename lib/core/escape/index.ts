// SPDX-License-Identifier: Apache-2.0
/**
 * One escaper per output kind. Every value that came from input goes through the escaper of
 * the output it lands in; report, review and artefacts all use these (core is below them).
 * XML and JSON escaping stay where they are (`lib/report/junit.ts`, `JSON.stringify`).
 */
export { INVISIBLE, showInvisible, visibleEscape } from './invisible';
export { guardCiLines, terminalText } from './terminal';
export { markdownCode, markdownText } from './markdown';
export { mermaidLabel } from './mermaid';
export { POWERSHELL_QUOTES, powershellString } from './powershell';
export { pacString } from './pac';
