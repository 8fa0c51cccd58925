import { DescribeKeyCommand, type KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { infrastructureError } from '@strongroom/kernel';
import type { KekDescription, KekVersionDescription } from '@strongroom/vault';
import { versionOfAlias } from './kek-aliases.js';
import { callKms, KmsFailure, unexpectedKmsAnswer } from './kms-call.js';

/** Aliases asked for per ListAliases page: the API's maximum. */
const ALIASES_PER_PAGE = 100;

/**
 * The most ListAliases pages one listing reads (10,000 aliases). ListAliases cannot filter by
 * name, so a listing walks the account's aliases; past this bound the account holds far more
 * than Strongroom's and the listing fails rather than run on.
 */
export const MAX_ALIAS_PAGES = 100;

/** One alias of the KEK: its version, the key behind it, and when it was made. */
interface VersionAlias {
  readonly version: number;
  readonly targetKeyId: string;
  readonly creationDate: Date | undefined;
}

/**
 * Describes a KEK from the aliases under `prefix`: one version per `<prefix><keyId>/v<N>` alias,
 * oldest first, created when its alias was (or its key, if KMS did not date the alias).
 * `undefined` when the KEK has no version at all.
 */
export async function listKekVersions(
  client: KMSClient,
  prefix: string,
  keyId: string,
  operation: string,
): Promise<KekDescription | undefined> {
  const aliases = await versionAliases(client, prefix, keyId, operation);
  if (aliases.length === 0) return undefined;
  aliases.sort((a, b) => a.version - b.version);
  const versions: KekVersionDescription[] = [];
  for (const alias of aliases) {
    const createdAt =
      alias.creationDate ?? (await keyCreationDate(client, alias.targetKeyId, operation));
    versions.push({ version: alias.version, createdAt });
  }
  return {
    keyId,
    currentVersion: (versions.at(-1) as KekVersionDescription).version,
    versions,
  };
}

async function versionAliases(
  client: KMSClient,
  prefix: string,
  keyId: string,
  operation: string,
): Promise<VersionAlias[]> {
  const found: VersionAlias[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_ALIAS_PAGES; page += 1) {
    const answer = await callKms(operation, () =>
      client.send(
        new ListAliasesCommand({
          Limit: ALIASES_PER_PAGE,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      ),
    );
    for (const alias of answer.Aliases ?? []) {
      const version =
        alias.AliasName === undefined ? undefined : versionOfAlias(prefix, keyId, alias.AliasName);
      // An alias without a target is one AWS reserved but never pointed at a key: not a version.
      if (version === undefined || alias.TargetKeyId === undefined) continue;
      found.push({ version, targetKeyId: alias.TargetKeyId, creationDate: alias.CreationDate });
    }
    if (answer.Truncated !== true) return found;
    if (answer.NextMarker === undefined) throw unexpectedKmsAnswer(operation);
    marker = answer.NextMarker;
  }
  throw new KmsFailure(
    infrastructureError({
      retryable: false,
      operation,
      message: `KMS holds more than ${MAX_ALIAS_PAGES * ALIASES_PER_PAGE} aliases; the listing stopped`,
    }),
  );
}

async function keyCreationDate(
  client: KMSClient,
  targetKeyId: string,
  operation: string,
): Promise<Date> {
  const answer = await callKms(operation, () =>
    client.send(new DescribeKeyCommand({ KeyId: targetKeyId })),
  );
  const created = answer.KeyMetadata?.CreationDate;
  if (created === undefined) throw unexpectedKmsAnswer(operation);
  return created;
}
