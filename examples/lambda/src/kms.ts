import { KMSClient } from '@aws-sdk/client-kms';
import { createAwsKms } from '@strongroom/aws';
import { createSoftwareKms, type Kms } from '@strongroom/vault';
import type { LambdaConfig } from './lambda-config.js';

/**
 * The KMS of the configuration: AWS KMS (one key per KEK version, found by its alias) when
 * `STRONGROOM_KMS_KEY_IDS` is set, else the software KMS over the keyring in
 * `STRONGROOM_KMS_KEYRING`. The software KMS is for local runs and tests only: its master keys sit
 * in the function's environment, readable by anyone who can read the function's configuration.
 */
export function createLambdaKms(config: LambdaConfig): Kms {
  const { kms } = config;
  if (kms.kind === 'software') return createSoftwareKms({ keyring: kms.keyring });
  return createAwsKms({
    client: new KMSClient({ region: config.region }),
    ...(kms.aliasPrefix === undefined ? {} : { aliasPrefix: kms.aliasPrefix }),
  });
}

/**
 * Checks that every KEK exists, instead of creating missing ones as `prepareKeys` would: a Lambda
 * must not mint key material (the software KMS would keep it in memory only, and the function's
 * role has no `kms:CreateKey`). Throws naming the KEK and the error type.
 */
export async function requireKeks(kms: Kms, keyIds: readonly string[]): Promise<void> {
  for (const keyId of keyIds) {
    const described = await kms.describe(keyId);
    if (described.isErr())
      throw new Error(`the KEK "${keyId}" is not usable: ${described.error.type}`);
  }
}
