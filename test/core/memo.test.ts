// SPDX-License-Identifier: Apache-2.0
import { memoByText } from '../../lib/core/memo';

describe('memoByText', () => {
  test('works each text out once and returns the same result', () => {
    const calls: string[] = [];
    const upper = memoByText((text) => {
      calls.push(text);
      return { text: text.toUpperCase() };
    });
    const first = upper('a');
    expect(upper('a')).toBe(first);
    expect(upper('b')).toEqual({ text: 'B' });
    expect(calls).toEqual(['a', 'b']);
  });

  test('remembers null and undefined results too', () => {
    let calls = 0;
    const nothing = memoByText(() => {
      calls++;
      return undefined;
    });
    nothing('x');
    nothing('x');
    expect(calls).toBe(1);
  });

  test('is bounded: when full it starts again rather than growing', () => {
    const calls: string[] = [];
    const memo = memoByText((text) => calls.push(text), 2);
    memo('a');
    memo('b');
    memo('c'); // full: forgets a and b, keeps c
    memo('c');
    memo('a');
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
