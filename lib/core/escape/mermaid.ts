// SPDX-License-Identifier: Apache-2.0
/**
 * Node and edge labels for Mermaid diagrams drawn from input (site, rule and host names).
 * Mermaid reads `#NNN;` as a character code inside labels, so every character but letters,
 * digits, spaces and `-_.,` is written that way: quotes cannot end the label, brackets and
 * arrows cannot add nodes or edges, `%%{…}%%` cannot become a directive, `<` cannot open
 * HTML, and backticks or tildes cannot end the surrounding Markdown code fence. A label is
 * always quoted, so words such as `click`, `call`, `style` or `end` stay text. Node ids
 * must never come from input: generate them (`n1`, `n2`, …).
 */
import { memoByText } from '../memo';
import { showInvisible } from './invisible';

const UNSAFE = /[^\p{L}\p{N} _.,-]/gu;

/**
 * `value` as a double-quoted Mermaid label: `"site #35;1"`. Memoised: every site's diagram
 * labels the same kinds of nodes and edges (`Internet`, `SNAT`, `0.0.0.0/0`).
 */
export const mermaidLabel: (value: string) => string = memoByText((value) => {
  const text = showInvisible(value)
    .replace(/\s/g, ' ')
    .replace(UNSAFE, (c) => `#${c.codePointAt(0) ?? 0};`);
  return `"${text}"`;
});
