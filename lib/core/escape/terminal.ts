// SPDX-License-Identifier: Apache-2.0
/**
 * Text for a terminal or a CI log. A CI runner reads its log line by line and obeys
 * workflow commands: GitHub Actions a line that starts with `::` after leading whitespace is
 * trimmed, Azure Pipelines `##[` at a line start and `##vso[` anywhere in a line. Input text
 * must never form one, nor reach the terminal as an escape sequence or a line break.
 */
import { showInvisible } from './invisible';

/**
 * One value from input, for a line of terminal or CI text: controls, bidi overrides and
 * other invisibles shown escaped (`\n`, `\x1b`, `\u{202e}`), backslashes doubled, `##`
 * broken (`#\x23`) wherever it occurs and a leading `::` broken (`\x3a:`).
 */
export function terminalText(value: string): string {
  return showInvisible(value)
    .replace(/##/g, '#\\x23')
    .replace(/^(\s*):/, '$1\\x3a');
}

/** A line a CI runner would read as a command once leading whitespace is trimmed. */
const COMMAND_LINE = /^(\s*)([:#])(?=\2)/gm;

/**
 * A whole rendered report, made safe line by line: any line that would start with `::`
 * or `##` (from values placed side by side) gets its first character escaped. Apply to
 * output already built from {@link terminalText} values; clinicnet's own lines never
 * start that way, so they are unchanged.
 */
export function guardCiLines(text: string): string {
  return text.replace(
    COMMAND_LINE,
    (_m, space: string, mark: string) => `${space}\\x${mark.charCodeAt(0).toString(16)}`,
  );
}
