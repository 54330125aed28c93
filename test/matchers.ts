// SPDX-License-Identifier: Apache-2.0
/**
 * jest's asymmetric matchers typed `unknown`. @types/jest declares them `any` so they fit any
 * expected value; typed `unknown` they still do, without letting `any` into the test code (which
 * the type-checked lint rules refuse where an expected object has a typed field).
 */
export const stringContaining = (text: string): unknown => expect.stringContaining(text);
export const stringMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
export const objectContaining = (expected: object): unknown => expect.objectContaining(expected);
export const arrayContaining = (expected: readonly unknown[]): unknown => expect.arrayContaining(expected);
export const anyNumber = (): unknown => expect.any(Number);
