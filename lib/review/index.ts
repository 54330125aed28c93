// SPDX-License-Identifier: Apache-2.0
/** Pull-request review: what a change does to each site's network and to the findings. */
export * from './diff';
export * from './findings';
export * from './review';
export * from './markdown';
export * from './json';
export * from './suppressions';
