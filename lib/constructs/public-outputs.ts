// SPDX-License-Identifier: Apache-2.0
/**
 * Terraform outputs with a site's public addresses: vendors' allow-lists, DynDNS and the far end
 * of a VPN need them, and they are only known after apply (`terraform output`).
 */
import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';

/** Adds output `name` (its logical id is the name itself, so `terraform output NAME` works). */
export function publicAddressOutput(scope: Construct, name: string, value: unknown, description: string): void {
  const output = new TerraformOutput(scope, name, { value, description });
  output.overrideLogicalId(name);
}

/** An output name from a construct id: Terraform allows letters, digits, `_` and `-`. */
export function outputName(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
}
