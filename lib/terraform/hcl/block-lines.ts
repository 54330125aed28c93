// SPDX-License-Identifier: Apache-2.0
/**
 * The line of each `resource "TYPE" "NAME" {` (and `data …`) header in a `.tf` file's text:
 * hcl2json gives no positions, and code scanning wants the block's line. Labels may be quoted
 * or bare identifiers, with any spacing; headers inside block comments and heredocs are not
 * headers. A block not found here is located at its file alone.
 */

/** The key of a block in {@link blockHeaderLines}: `resource|azurerm_subnet|fw`. */
export const blockKey = (keyword: 'resource' | 'data', type: string, name: string): string =>
  `${keyword}|${type}|${name}`;

const LABEL = String.raw`(?:"([^"\\]*)"|([A-Za-z_][\w-]*))`;
const HEADER = new RegExp(String.raw`^\s*(resource|data)\s+${LABEL}\s*${LABEL}\s*\{`);
const HEREDOC = /<<-?([A-Za-z_][\w-]*)\s*$/;

/** 1-based header line of every resource and data block, by {@link blockKey}; the first wins. */
export function blockHeaderLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let heredoc: string | undefined;
  let comment = false;
  text.split(/\r?\n/).forEach((line, i) => {
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      return;
    }
    if (comment) {
      if (line.includes('*/')) comment = false;
      return;
    }
    const header = HEADER.exec(line);
    if (header !== null) {
      const key = blockKey(header[1] as 'resource' | 'data', header[2] ?? header[3], header[4] ?? header[5]);
      if (!lines.has(key)) lines.set(key, i + 1);
    }
    // Strings and line comments cannot open a block comment or a heredoc.
    const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(#|\/\/).*$/, '');
    heredoc = HEREDOC.exec(code)?.[1];
    const opened = code.lastIndexOf('/*');
    if (opened >= 0 && code.indexOf('*/', opened) < 0) comment = true;
  });
  return lines;
}
