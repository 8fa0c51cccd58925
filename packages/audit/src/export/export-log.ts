import { ok, type Storage, type TenantId, unwrapOrThrow } from '@strongroom/kernel';
import { AUDIT_COLLECTIONS } from '../log/audit-collections.js';
import { readPages } from '../log/read-pages.js';
import { readTreeHead } from '../log/tree-head.js';
import { formatEntryLine } from './export-entry-line.js';

/**
 * The export format's name and version, written in its header line. v2 writes each entry as
 * `[index,entry]` with the leaf verbatim (see {@link ExportEntryLine}); v1, which wrapped the leaf
 * in a JSON string, never shipped in a release.
 */
export const AUDIT_EXPORT_FORMAT = 'strongroom-audit-export/v2';

/** The first line of an export: the signed checkpoint every following entry must add up to. */
export interface ExportHeaderLine {
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  readonly checkpoint: string;
}

/**
 * Streams a tenant's log as JSON Lines: a header with the latest signed checkpoint, then every
 * entry up to that checkpoint's size, in order, one `[index,entry]` line each. With the log's
 * vkey the file verifies offline (`strongroom-audit verify`), with no database. A storage error ends the stream by throwing an
 * `Error` whose `cause` is the typed error, as a stream cannot return a `Result`.
 */
export async function* exportLog(storage: Storage, tenantId: TenantId): AsyncGenerator<string> {
  const head = unwrapOrThrow(
    await storage.transaction(tenantId, async (tx) => ok(await readTreeHead(tx))),
  );
  const header: ExportHeaderLine = { format: AUDIT_EXPORT_FORMAT, checkpoint: head.checkpoint };
  yield JSON.stringify(header);
  let exported = 0;
  for await (const page of readPages(storage, tenantId, AUDIT_COLLECTIONS.entries)) {
    for (const record of unwrapOrThrow(page)) {
      if (exported >= head.size) return;
      yield formatEntryLine(Number(record.id), String(record.data['leaf']));
      exported += 1;
    }
  }
}
