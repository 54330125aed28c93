// SPDX-License-Identifier: Apache-2.0
/**
 * A review too long for one pull-request comment, as numbered parts. Each part carries the
 * project's marker (so a CI job finds and updates its own comments), says which part it is,
 * and re-opens what the cut left open: a table's header rows, a code fence, a `<details>`.
 */

/** Options for {@link splitReview}. */
export interface SplitOptions {
  /** Upper bound on each part's length in characters. */
  readonly maxChars: number;
  /** The marker line each part ends with (`<!-- clinicnet-review -->`). */
  readonly marker: string;
}

/** One part: the text to post, and the run of the whole review's lines it carries. */
export interface ReviewPart {
  readonly text: string;
  /** The lines of the whole this part carries, as they are there (parts' bodies join to the whole). */
  readonly body: string;
}

/** Room for the part line, the re-opened context and the closing lines. */
const FRAME_RESERVE = 1_000;
const FENCE = /^(`{3,}|~{3,})/;

/** What is open after a line: the current table's header, a fence, a `<details>`. */
interface Open {
  table?: string[];
  /** The fence's opening line (```mermaid) and the run that closes it. */
  fence?: { readonly line: string; readonly close: string };
  details?: boolean;
}

/** Splits `markdown` (the whole review, without its marker) into parts of at most `maxChars`. */
export function splitReview(markdown: string, options: SplitOptions): ReviewPart[] {
  const lines = markdown.endsWith('\n') ? markdown.slice(0, -1).split('\n') : markdown.split('\n');
  const budget = Math.max(options.maxChars - FRAME_RESERVE - options.marker.length, 1_000);
  const chunks: { body: string[]; open: Open; close: Open }[] = [];
  let open: Open = {};
  let body: string[] = [];
  let start: Open = {};
  let size = 0;
  for (const line of lines) {
    if (body.length > 0 && size + line.length + 1 > budget) {
      chunks.push({ body, open: start, close: open });
      start = open;
      body = [];
      size = 0;
    }
    body.push(line);
    size += line.length + 1;
    open = after(open, line);
  }
  chunks.push({ body, open: start, close: open });
  return chunks.map((c, i) => ({
    body: c.body.join('\n') + '\n',
    text: frame(c.body, c.open, c.close, i + 1, chunks.length, options.marker),
  }));
}

/** The state after `line`, given the state before it. */
function after(open: Open, line: string): Open {
  if (open.fence !== undefined) return line.trim() === open.fence.close ? { ...open, fence: undefined } : open;
  const next: Open = { ...open };
  const fence = FENCE.exec(line)?.[1];
  if (fence !== undefined) next.fence = { line, close: fence };
  if (line.startsWith('<details>')) next.details = true;
  if (line.startsWith('</details>')) next.details = false;
  if (line.startsWith('|')) {
    // A table's header is its first row and the delimiter row under it.
    if (open.table === undefined) next.table = [line];
    else if (open.table.length === 1 && /^\|[-:| ]+\|$/.test(line)) next.table = [...open.table, line];
  } else next.table = undefined;
  return next;
}

function frame(body: readonly string[], open: Open, close: Open, n: number, total: number, marker: string): string {
  // Part 1 starts with the verdict, as a single comment does.
  const head = n > 1 ? [`**clinicnet review** — part ${n} of ${total}`, ''] : [];
  const reopen = [
    ...(open.details === true ? ['<details><summary>(continued)</summary>', ''] : []),
    ...(open.table !== undefined && open.table.length === 2 && body[0]?.startsWith('|') === true ? open.table : []),
    ...(open.fence !== undefined ? [open.fence.line] : []),
  ];
  const closing = [
    ...(close.fence !== undefined ? [close.fence.close] : []),
    ...(close.details === true ? ['', '</details>'] : []),
  ];
  const part = total > 1 ? [`<!-- part ${n} of ${total} -->`] : [];
  return [...head, ...reopen, ...body, ...closing, '', marker, ...part].join('\n') + '\n';
}
