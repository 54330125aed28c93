// SPDX-License-Identifier: Apache-2.0
/** Hand-over files for each clinic's IT: connectivity test, proxy configuration, NETWORK.md. */
export * from './connectivity-test';
export * from './generate';
export * from './network-md';
export * from './pack-info';
export * from './vendor-settings';
export * from './vpn-peer-sheet';
export * from './write';
