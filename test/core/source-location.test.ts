// SPDX-License-Identifier: Apache-2.0
import { MAX_LOCATION_PATH, parseSourceLocation, relativePathProblem } from '../../lib/core/source-location';

describe('source locations read from input (hostile)', () => {
  test('a repository-relative path with a positive line is accepted as it is', () => {
    expect(parseSourceLocation({ file: 'stacks/estate.ts', line: 42 })).toEqual({ file: 'stacks/estate.ts', line: 42 });
    expect(parseSourceLocation({ file: 'main.ts', line: 1, extra: true })).toEqual({ file: 'main.ts', line: 1 });
    expect(relativePathProblem('a/b-c_d.e/f g.ts')).toBeUndefined();
    expect(relativePathProblem('x'.repeat(MAX_LOCATION_PATH))).toBeUndefined();
  });

  test.each([
    ['/etc/passwd', 'not relative'],
    ['C:/repo/main.ts', 'not relative'],
    ['c:main.ts', 'not relative'],
    ['file:///repo/main.ts', 'not relative'],
    ['https://example.com/x.ts', 'not relative'],
    ['C:\\repo\\main.ts', 'backslash'],
    ['stacks\\estate.ts', 'backslash'],
    ['../outside.ts', '".."'],
    ['stacks/../../outside.ts', '".."'],
    ['./stacks/estate.ts', '".."'],
    ['stacks//estate.ts', '".."'],
    ['stacks/', '".."'],
    ['', 'empty'],
    ['x'.repeat(MAX_LOCATION_PATH + 1), 'longer'],
    ['stacks/estate.ts\n::error::forged', 'control'],
    ['a\u0000b.ts', 'control'],
    ['a\u001bb.ts', 'control'],
    ['a\u0085b.ts', 'control'],
    ['a\u2028b.ts', 'control'],
  ])('path %j is refused (%s)', (file, why) => {
    expect(relativePathProblem(file)).toContain(why);
    expect(parseSourceLocation({ file, line: 1 })).toEqual(expect.stringContaining(why));
  });

  test.each([[0], [-1], [1.5], ['12'], [NaN], [Infinity], [10_000_000], [null], [undefined]])(
    'line %p is refused',
    (line) => {
      expect(parseSourceLocation({ file: 'main.ts', line })).toMatch(/the line is not a whole number from 1/);
    },
  );

  test.each([[null], ['stacks/estate.ts:4'], [['stacks/estate.ts', 4]], [42]])('%j is not a location', (value) => {
    expect(parseSourceLocation(value)).toBe('the location is not an object');
  });

  test('a location without a file text is refused', () => {
    expect(parseSourceLocation({ line: 3 })).toBe('the location has no "file" text');
    expect(parseSourceLocation({ file: ['a.ts'], line: 3 })).toBe('the location has no "file" text');
  });
});
