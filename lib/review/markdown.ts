// SPDX-License-Identifier: Apache-2.0
/**
 * The review as a pull-request comment: the verdict on the first line, then every suppression
 * the change adds or changes (whole, never folded), the changes that matter next, a table per site, long sections folded in `<details>`, and never more than
 * GitHub's comment limit (whatever does not fit is left out and named in a closing note).
 */
import type { SuppressionStatus } from '../policy/evaluation';
import type { Finding } from '../policy/finding';
import type { Change, SiteDiff } from './diff';
import type { SuppressionChange } from './suppressions';
import type { Review } from './review';
import { markdownCode, markdownText } from '../core/escape';
import type { GovernanceChange } from './governance';
import { REACH_WORD, type ReachabilityChange, type ReachabilityDiff } from './reachability';

/** GitHub rejects comments over 65,536 characters; stay well below. */
export const MAX_COMMENT_CHARS = 60_000;

/** Hidden marker so a CI job can find and update its own comment. */
export const COMMENT_MARKER = '<!-- clinicnet-review -->';

/** Options for {@link renderReviewMarkdown}. */
export interface MarkdownOptions {
  /** Upper bound on the comment's length in characters (`Infinity` for the whole review, to split). @default 60000 */
  readonly maxChars?: number;
  /** The hidden marker line the comment ends with. @default {@link COMMENT_MARKER} */
  readonly marker?: string;
}

/** The marker of one project's review comment (`--marker NAME`), for monorepos with several. */
export function commentMarker(name?: string): string {
  return name === undefined ? COMMENT_MARKER : `<!-- clinicnet-review:${name} -->`;
}

/** Routine changes of a site beyond this many go in a folded section. */
const VISIBLE_ROUTINE_ROWS = 10;
/** Room kept for the truncation note. */
const NOTE_RESERVE = 1_500;
const MAX_CELL = 400;

/** A section of the comment; kept whole if it fits, else cut row by row. */
interface Block {
  readonly label: string;
  /** Lower keeps first when space runs out. */
  readonly priority: number;
  readonly head: string;
  readonly rows: readonly string[];
  readonly tail: string;
  /** Always kept whole, ahead of every other block's budget. @default false */
  readonly whole?: boolean;
}

const ICON: Record<Change['kind'], string> = { added: '➕ added', removed: '➖ **DELETED**', changed: '✏️ changed' };

/**
 * A value from input as inert Markdown (no heading, link, image, HTML, mention or reference
 * it could forge), cut to {@link MAX_CELL} characters before escaping so no escape is split.
 */
function cell(value: string): string {
  return markdownText(value.length > MAX_CELL ? `${value.slice(0, MAX_CELL - 1)}…` : value);
}

function changeRow(c: Change): string {
  const concern = c.concern === undefined ? '' : `⚠️ ${c.concern}`;
  return `| ${concern} | ${ICON[c.kind]} | ${c.area} | ${cell(c.summary)} | ${cell(c.requirement ?? '')} | ${cell(c.path)} |\n`;
}

const CHANGE_HEADER = '| Concern | | Area | Change | Requirement | Where |\n|---|---|---|---|---|---|\n';

function siteBlocks(site: SiteDiff): Block[] {
  const title = `### ${site.status === 'removed' ? '➖ ' : ''}Site ${markdownCode(site.site)} — ${site.status === 'removed' ? '**DELETED**' : site.status}\n\n`;
  const urgent = site.changes.filter((c) => c.concern !== undefined);
  const routine = site.changes.filter((c) => c.concern === undefined);
  const shown = [...urgent, ...routine.slice(0, urgent.length > 0 ? 0 : VISIBLE_ROUTINE_ROWS)];
  const folded = routine.slice(shown.length - urgent.length);
  const priority = urgent.length > 0 ? 2 : 4;
  const blocks: Block[] = [
    { label: `site ${cell(site.site)}`, priority, head: title + CHANGE_HEADER, rows: shown.map(changeRow), tail: '\n' },
  ];
  if (folded.length > 0) {
    blocks.push({
      label: `site ${cell(site.site)} (other changes)`,
      priority: priority + 1,
      // Markdown escaping does not apply inside HTML, so the summary names no input.
      head: `<details><summary>${folded.length} other change${folded.length === 1 ? '' : 's'} on this site</summary>\n\n${CHANGE_HEADER}`,
      rows: folded.map(changeRow),
      tail: '\n</details>\n\n',
    });
  }
  return blocks;
}

function findingRow(f: Finding): string {
  return `| ${f.severity} | ${cell(f.requirement)} | ${cell(f.site)} | ${cell(f.message)} | ${cell(f.path)} |\n`;
}

const FINDING_HEADER = '| Severity | Requirement | Site | Finding | Where |\n|---|---|---|---|---|\n';

function findingBlock(
  label: string,
  title: string,
  findings: readonly Finding[],
  priority: number,
  folded: boolean,
): Block[] {
  if (findings.length === 0) return [];
  const heading = `${title} (${findings.length})`;
  return [
    {
      label,
      priority,
      head: folded
        ? `<details><summary>${heading}</summary>\n\n${FINDING_HEADER}`
        : `#### ${heading}\n\n${FINDING_HEADER}`,
      rows: findings.map(findingRow),
      tail: folded ? '\n</details>\n\n' : '\n',
    },
  ];
}

function suppressionBlock(statuses: readonly SuppressionStatus[]): Block[] {
  if (statuses.length === 0) return [];
  const rows = statuses.map(
    ({ suppression: s, state, matched }) =>
      `| ${cell(s.id)} | ${state} | ${matched} | ${s.site === undefined ? 'every site' : cell(s.site)} | ${cell(s.reason)} | ${cell(s.owner)} | ${cell(s.expires)} |\n`,
  );
  return [
    {
      label: 'suppressions',
      priority: 5,
      head: `<details><summary>Suppressions on head (${statuses.length})</summary>\n\n| Id | State | Matched | Site | Reason | Owner | Expires |\n|---|---|---|---|---|---|---|\n`,
      rows,
      tail: '\n</details>\n\n',
    },
  ];
}

const SUPPRESSION_CHANGE_HEADER =
  '| Change | Id | Site | Path | Reason | Owner | Expires | State on head |\n|---|---|---|---|---|---|---|---|\n';

/** The suppressions the change adds or changes: shown first, whole, never folded. */
function suppressionChangeBlock(changes: readonly SuppressionChange[]): Block[] {
  if (changes.length === 0) return [];
  const rows = changes.map(({ kind, status: { suppression: s, state }, before }) => {
    const expires =
      before !== undefined && before.expires !== s.expires ? `${before.expires} → ${s.expires}` : s.expires;
    return `| ${kind} | ${cell(s.id)} | ${cell(s.site ?? 'every site')} | ${cell(s.path ?? 'every path')} | ${cell(s.reason)} | ${cell(s.owner)} | ${cell(expires)} | ${state} |\n`;
  });
  return [
    {
      label: 'suppressions added or changed',
      priority: 0,
      head: `#### 🔕 Suppressions added or changed by this change (${changes.length})\n\n${SUPPRESSION_CHANGE_HEADER}`,
      rows,
      tail: '\n',
      whole: true,
    },
  ];
}

/** Reachability changes named at the top; the rest are in the reachability table. */
const TOP_REACH_LINES = 10;
/** Sites without a data plane named in the top line; the JSON has them all. */
const UNREAD_NAMED = 5;

/** One reachability change as Markdown: the deciding words in bold, every input value escaped. */
export function reachLine(c: ReachabilityChange): string {
  const how = c.cause === '' ? '' : `${c.after === 'allowed' ? ' via' : ' by'} ${cell(c.cause)}`;
  if (c.kind !== 'obligation' && c.direction === 'broadening' && c.after === 'allowed')
    return `**newly reachable${c.kind === 'exposure' ? ' from the internet' : ''}**: ${cell(c.flow)}${how}`;
  const after = c.direction === 'path' ? `${REACH_WORD[c.after]}, by another path` : `**${REACH_WORD[c.after]}**`;
  return `${cell(c.flow)}: ${REACH_WORD[c.before]} → ${after}${how}`;
}

/** Broken obligations first, then broadening, then the rest; stable within each. */
function byImportance(changes: readonly ReachabilityChange[]): ReachabilityChange[] {
  const rank = (c: ReachabilityChange) => (c.broken ? 0 : c.direction === 'broadening' ? 1 : 2);
  return [...changes].sort((a, b) => rank(a) - rank(b));
}

function reachTop(reach: ReachabilityDiff): string[] {
  const sorted = byImportance(reach.changes);
  const lines = sorted
    .slice(0, TOP_REACH_LINES)
    .map(
      (c) =>
        `- ${c.broken ? '❌ ' : c.direction === 'broadening' ? '⚠️ ' : ''}${reachLine(c)} (${markdownCode(c.site)})`,
    );
  const more = sorted.length - TOP_REACH_LINES;
  if (more > 0) lines.push(`- … and ${more} more reachability changes in the table below`);
  if (reach.unread.length > 0)
    lines.push(
      `- ❔ reachability not evaluated (no data plane read) for ${reach.unread.length} site${reach.unread.length === 1 ? '' : 's'}: ${reach.unread.slice(0, UNREAD_NAMED).map(markdownCode).join(', ')}${reach.unread.length > UNREAD_NAMED ? ', …' : ''}`,
    );
  return lines;
}

const REACH_HEADER = '| Site | Kind | Flow | Base | Head | Direction | Decided by |\n|---|---|---|---|---|---|---|\n';

function reachBlock(reach: ReachabilityDiff): Block[] {
  if (reach.changes.length === 0) return [];
  const rows = byImportance(reach.changes).map(
    (c) =>
      `| ${cell(c.site)} | ${c.kind} | ${cell(c.flow)} | ${REACH_WORD[c.before]} | ${REACH_WORD[c.after]} | ${c.broken ? 'broken obligation' : c.direction} | ${cell(c.cause)} |\n`,
  );
  return [
    {
      label: 'reachability changes',
      priority: 1,
      head: `#### 🔀 Reachability changes (${reach.changes.length} of ${reach.questions} questions)\n\n${REACH_HEADER}`,
      rows,
      tail: '\n',
    },
  ];
}

/** Packs removed or added, TLS-inspection and proxy changes: shown first, whole, never folded. */
function governanceBlock(changes: readonly GovernanceChange[]): Block[] {
  if (changes.length === 0) return [];
  return [
    {
      label: 'governance changes',
      priority: 0,
      head: `#### 🏛️ Checks and inspection changed by this change (${changes.length})\n\n`,
      rows: changes.map((c) => `- ${c.kind === 'pack-removed' ? '❌ ' : ''}${cell(c.summary)}\n`),
      tail: '\n',
      whole: true,
    },
  ];
}

/** Each changed site's picture: kept whole or left out whole (a cut would break the diagram). */
function pictureBlocks(review: Review): Block[] {
  return review.pictures.map((p) => ({
    label: `picture of ${cell(p.site)}`,
    priority: 3,
    head: `#### 🗺️ ${markdownCode(p.site)}: thick amber arrows are newly reachable, red crossed ones blocked\n\n\`\`\`mermaid\n${p.mermaid}\`\`\`\n\n`,
    rows: [],
    tail: '',
  }));
}

function overview(review: Review): Block[] {
  const touched = review.sites.filter((s) => s.status !== 'unchanged');
  if (touched.length === 0) {
    // Traffic can change with no element of the site model changing (a route, an NSG, a parent policy).
    const text =
      review.reachability.changes.length > 0
        ? 'No change to the elements of the site model; the reachability changes above come from the data plane.\n\n'
        : 'No network changes.\n\n';
    return [{ label: 'overview', priority: 1, head: text, rows: [], tail: '' }];
  }
  const rows = touched.map((s) => {
    const urgent = s.changes.filter((c) => c.concern !== undefined).length;
    return `| ${markdownCode(s.site)} | ${s.status === 'removed' ? '**DELETED**' : s.status} | ${s.changes.length} | ${urgent > 0 ? `⚠️ ${urgent}` : '0'} |\n`;
  });
  return [
    {
      label: 'site overview',
      priority: 1,
      head: '| Site | Status | Changes | Security-relevant |\n|---|---|---|---|\n',
      rows,
      tail: '\n',
    },
  ];
}

/** Renders the review as Markdown for a PR comment; ends with a newline. */
export function renderReviewMarkdown(review: Review, options: MarkdownOptions = {}): string {
  const maxChars = options.maxChars ?? MAX_COMMENT_CHARS;
  const highlights = review.highlights.map((h) => `- ${cell(h)}`);
  const reach = reachTop(review.reachability);
  const top = [`**clinicnet review** — ${review.verdict}`, '', ...reach, ...highlights, ''].join('\n') + '\n';
  const blocks: Block[] = [
    { label: 'verdict', priority: 0, head: top, rows: [], tail: '', whole: true },
    ...governanceBlock(review.governance),
    ...suppressionChangeBlock(review.suppressionChanges),
    ...reachBlock(review.reachability),
    ...pictureBlocks(review),
    ...overview(review),
    ...review.sites.filter((s) => s.status !== 'unchanged').flatMap(siteBlocks),
    ...findingBlock('new findings', '🆕 New findings on head', review.findings.new, 1, false),
    ...findingBlock('fixed findings', '✅ Fixed since base', review.findings.fixed, 3, true),
    ...findingBlock('unchanged findings', 'Unchanged findings', review.findings.unchanged, 6, true),
    ...suppressionBlock(review.suppressions),
  ];
  const marker = options.marker ?? COMMENT_MARKER;
  return fit(blocks, maxChars, marker.length) + marker + '\n';
}

/** Keeps blocks by priority while they fit, in document order; names what was left out. */
function fit(blocks: readonly Block[], maxChars: number, markerLength: number): string {
  const budget = maxChars - NOTE_RESERVE - markerLength - 1;
  const kept = new Map<Block, string>();
  const omitted: string[] = [];
  let used = 0;
  const byPriority = blocks
    .map((b, i) => ({ b, i }))
    .sort(
      (x, y) => Number(y.b.whole ?? false) - Number(x.b.whole ?? false) || x.b.priority - y.b.priority || x.i - y.i,
    );
  for (const { b } of byPriority) {
    const whole = b.head + b.rows.join('') + b.tail;
    if (b.whole === true || used + whole.length <= budget) {
      kept.set(b, whole);
      used += whole.length;
      continue;
    }
    const rows: string[] = [];
    let size = b.head.length + b.tail.length;
    for (const row of b.rows) {
      if (used + size + row.length > budget) break;
      rows.push(row);
      size += row.length;
    }
    if (rows.length === 0 || used + size > budget) {
      omitted.push(b.rows.length > 0 ? `${b.label} (all ${b.rows.length} rows)` : b.label);
      continue;
    }
    kept.set(b, b.head + rows.join('') + b.tail);
    used += size;
    omitted.push(`${b.label} (${b.rows.length - rows.length} of ${b.rows.length} rows)`);
  }
  const body = blocks
    .filter((b) => kept.has(b))
    .map((b) => kept.get(b))
    .join('');
  return body + truncationNote(omitted);
}

function truncationNote(omitted: readonly string[]): string {
  if (omitted.length === 0) return '';
  const named = omitted.slice(0, 12).join('; ');
  const rest = omitted.length > 12 ? `; and ${omitted.length - 12} more sections` : '';
  const note = `> ✂️ Truncated to fit a pull-request comment. Left out: ${named}${rest}. Run \`clinicnet review --format json\` for the full review.\n\n`;
  return note.length <= NOTE_RESERVE
    ? note
    : `${note.slice(0, NOTE_RESERVE - 60)}… Run \`clinicnet review --format json\` for everything.\n\n`;
}
