// SPDX-License-Identifier: Apache-2.0
/**
 * Where a VPN connection's pre-shared key comes from. There is deliberately no way to
 * pass the key itself: it would land in code and in the synthesized JSON.
 */
import { TerraformStack, type TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { DataAzurermKeyVaultSecret } from '@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret';
import { defineError } from '../core/errors';
import type { SharedKeySource } from '../model/types';
import { isToken } from './values';

/** The key as a connection uses it: a Terraform expression, and what the model records. */
export interface BoundSharedKey {
  /** Token that resolves to the key at apply time. */
  readonly value: string;
  readonly source: SharedKeySource;
  /** Terraform address of the secret data source or variable (never the key). */
  readonly reference: string;
}

/** A Key Vault secret to read the key from. */
export interface KeyVaultSecretKeyProps {
  /** Resource id of the Key Vault. */
  readonly keyVaultId: string;
  /** Name of the secret that holds the key. */
  readonly secretName: string;
}

const variableNotSensitive = defineError({
  code: 'VPN-KEY-VARIABLE-NOT-SENSITIVE',
  title: 'A Terraform variable used as a VPN shared key is not marked sensitive.',
  message: (variable: string) =>
    `shared-key variable is not sensitive — got variable "${variable}" with sensitive unset, expected sensitive: true; fix: declare it with new TerraformVariable(scope, id, { type: 'string', sensitive: true })`,
  example: ['hub_vpn_key'],
});

const variableHasDefault = defineError({
  code: 'VPN-KEY-VARIABLE-DEFAULT',
  title:
    'A Terraform variable used as a VPN shared key has a default value, which would put the key in the synthesized JSON.',
  message: (variable: string) =>
    `shared-key variable has a default — got variable "${variable}" with a default value, expected no default (it is written to cdk.tf.json as a literal); fix: drop the default and pass the key at apply time (TF_VAR_${variable} or a secret store)`,
  example: ['hub_vpn_key'],
});

const variableOtherStack = defineError({
  code: 'VPN-KEY-VARIABLE-STACK',
  title: "A Terraform variable used as a VPN shared key belongs to another site's stack.",
  message: (variable: string, owner: string, site: string) =>
    `shared-key variable of another stack — got variable "${variable}" of ${owner} on a link of ${site}, expected a variable of ${site} (a cross-stack reference would tie the stacks together); fix: declare a sensitive variable in each site's stack, or read the key from Key Vault`,
  example: ['hub_vpn_key', 'hub', 'nsw-gp'],
});

/** The source of a VPN pre-shared key: a Key Vault secret or a sensitive Terraform variable. */
export abstract class SharedKey {
  /** Reads the key from a Key Vault secret at apply time (`data.azurerm_key_vault_secret`). */
  public static fromKeyVaultSecret(props: KeyVaultSecretKeyProps): SharedKey {
    return new KeyVaultSecretKey(props);
  }

  /** Takes the key from a Terraform variable, which must be declared `sensitive: true` and without a default. */
  public static fromSensitiveVariable(variable: TerraformVariable): SharedKey {
    if (variable.sensitive !== true) throw variableNotSensitive(variable.node.id);
    if (variable.default !== undefined) throw variableHasDefault(variable.node.id);
    return new VariableKey(variable);
  }

  /** Creates whatever the key needs inside `scope` (the VPN construct). */
  public abstract bind(scope: Construct): BoundSharedKey;

  /** Throws when the key cannot be used in `scope`'s stack; checked before anything is created. */
  public checkUsableIn(scope: Construct): void {
    void scope;
  }

  /**
   * How this key and `other` are known to differ (`secret "a" and "b"`), when both name their
   * secret in text; undefined when they agree or it cannot be told before apply.
   */
  public differenceFrom(other: SharedKey): string | undefined {
    void other;
    return undefined;
  }
}

class KeyVaultSecretKey extends SharedKey {
  public constructor(private readonly props: KeyVaultSecretKeyProps) {
    super();
  }

  public override differenceFrom(other: SharedKey): string | undefined {
    if (!(other instanceof KeyVaultSecretKey)) return undefined;
    // A token (a variable per stack) is a different text in each stack: only literal texts compare.
    const differ = (a: string, b: string) => !isToken(a) && !isToken(b) && a !== b;
    if (differ(this.props.secretName, other.props.secretName))
      return `secret "${this.props.secretName}" and secret "${other.props.secretName}"`;
    if (differ(this.props.keyVaultId, other.props.keyVaultId))
      return `Key Vault ${this.props.keyVaultId} and Key Vault ${other.props.keyVaultId}`;
    return undefined;
  }

  public bind(scope: Construct): BoundSharedKey {
    const secret = new DataAzurermKeyVaultSecret(scope, 'shared-key', {
      keyVaultId: this.props.keyVaultId,
      name: this.props.secretName,
    });
    return {
      value: secret.value,
      source: 'key-vault-secret',
      reference: `data.${secret.terraformResourceType}.${secret.friendlyUniqueId}`,
    };
  }
}

class VariableKey extends SharedKey {
  public constructor(private readonly variable: TerraformVariable) {
    super();
  }

  public override checkUsableIn(scope: Construct): void {
    const owner = TerraformStack.of(this.variable);
    const stack = TerraformStack.of(scope);
    if (owner !== stack) throw variableOtherStack(this.variable.node.id, owner.node.id, stack.node.id);
  }

  public bind(): BoundSharedKey {
    return {
      value: this.variable.stringValue,
      source: 'sensitive-variable',
      reference: `var.${this.variable.friendlyUniqueId}`,
    };
  }
}
