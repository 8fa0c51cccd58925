import type { StorageTransaction } from '@strongroom/kernel';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import type { UserData, UserRecord } from './user-record.js';

/** The id of the user holding an email, looking under each live blind-index version. */
export async function findUserIdByEmail(
  tx: StorageTransaction,
  emailIndexCandidates: readonly string[],
): Promise<string | undefined> {
  const found = await tx.records.getMany(IDENTITY_COLLECTIONS.emails, emailIndexCandidates);
  for (const record of found) {
    const userId = record?.data['userId'];
    if (typeof userId === 'string') return userId;
  }
  return undefined;
}

/** A user record, or `undefined`. */
export async function loadUser(
  tx: StorageTransaction,
  userId: string,
  options: { readonly lock?: boolean } = {},
): Promise<UserRecord | undefined> {
  const [record] = await tx.records.getMany(IDENTITY_COLLECTIONS.users, [userId], options);
  return record as UserRecord | undefined;
}

/** Writes a user record over the version that was read (0 for a new user). */
export async function saveUser(
  tx: StorageTransaction,
  userId: string,
  data: UserData,
  expectedVersion: number,
): Promise<UserRecord> {
  return (await tx.records.put({
    collection: IDENTITY_COLLECTIONS.users,
    id: userId,
    data,
    expectedVersion,
  })) as UserRecord;
}
