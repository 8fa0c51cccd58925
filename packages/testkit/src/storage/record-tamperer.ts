import type { JsonObject, TenantId } from '@strongroom/kernel';

/**
 * Direct access to a backend's stored records that bypasses the storage port, the way an attacker
 * with database access would: plain SQL on Postgres, raw `PutItem`/`DeleteItem` on DynamoDB. The
 * audit suite uses it to prove tampering is detected however it is done.
 */
export interface RecordTamperer {
  /** Replaces a stored record's body (the row or item must exist). */
  replace(tenantId: TenantId, collection: string, id: string, data: JsonObject): Promise<void>;
  /** Inserts a record that the storage never wrote. */
  insert(tenantId: TenantId, collection: string, id: string, data: JsonObject): Promise<void>;
  /** Deletes a stored record. */
  remove(tenantId: TenantId, collection: string, id: string): Promise<void>;
}
