import type { JsonObject, TenantId } from '@strongroom/kernel';

/**
 * Direct access to a backend's stored records that bypasses the storage port, the way an attacker
 * with database access would: plain SQL on Postgres, raw `PutItem`/`DeleteItem` on DynamoDB. The
 * audit suite uses it to prove tampering is detected however it is done; the vault suite reads
 * everything stored to prove no card number, CVV or key is in it.
 */
export interface RecordTamperer {
  /** Replaces a stored record's body (the row or item must exist). */
  replace(tenantId: TenantId, collection: string, id: string, data: JsonObject): Promise<void>;
  /** Inserts a record that the storage never wrote. */
  insert(tenantId: TenantId, collection: string, id: string, data: JsonObject): Promise<void>;
  /** Deletes a stored record. */
  remove(tenantId: TenantId, collection: string, id: string): Promise<void>;
  /**
   * Every row or item the backend holds (records and outbox, all tenants), each as the raw text a
   * backup or a database dump would contain. The vault suite's scan tells a row's collection from
   * a `collection` field or a DynamoDB `t#…#r#<collection>` key; rows of any other layout get its
   * strictest check.
   */
  dump(): Promise<readonly string[]>;
}
