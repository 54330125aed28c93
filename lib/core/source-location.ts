// SPDX-License-Identifier: Apache-2.0
/**
 * Where in the user's source a finding's resource was declared: the `.ts` line that created a
 * construct (carried in the synthesized JSON), or the `.tf` line of a resource block. The
 * constructs write it and the reader reads it back from input that may be hostile, so both
 * hold it to one rule: a repository-relative path with `/` separators and a positive line.
 */

/** A file relative to the project root, and a line in it when known. */
export interface SourceLocation {
  /** Repository-relative path with `/` separators (`stacks/estate.ts`); never absolute, never `..`. */
  readonly file: string;
  /** 1-based line. @default the file alone */
  readonly line?: number;
}

/** Longest path accepted: a real repository path is far shorter; a longer one is junk or an attack. */
export const MAX_LOCATION_PATH = 512;

/** Highest line accepted (no source file a construct is declared in has ten million lines). */
export const MAX_LOCATION_LINE = 9_999_999;

/**
 * Why `file` is not a repository-relative path, or undefined when it is: relative, `/`-separated,
 * no `.`/`..`/empty segments, no control characters, no drive, scheme or backslash.
 */
export function relativePathProblem(file: string): string | undefined {
  if (file.length === 0) return 'the path is empty';
  if (file.length > MAX_LOCATION_PATH) return `the path is longer than ${MAX_LOCATION_PATH} characters`;
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(file)) return 'the path holds control characters';
  if (file.includes('\\')) return 'the path holds a backslash';
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file) || file.includes(':')) return 'the path is not relative';
  if (file.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return 'the path has an empty, "." or ".." segment';
  return undefined;
}

/** The location in a JSON value (hostile input), or the reason it is not one. */
export function parseSourceLocation(value: unknown): SourceLocation | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the location is not an object';
  const { file, line } = value as Record<string, unknown>;
  if (typeof file !== 'string') return 'the location has no "file" text';
  const problem = relativePathProblem(file);
  if (problem !== undefined) return problem;
  if (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > MAX_LOCATION_LINE)
    return `the line is not a whole number from 1 to ${MAX_LOCATION_LINE}`;
  return { file, line };
}
