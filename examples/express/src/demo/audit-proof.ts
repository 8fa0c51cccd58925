import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AuditInclusionProof,
  openCheckpoint,
  parseVerifierKey,
  verifyAuditInclusionProof,
} from '@strongroom/audit';
import { unwrapOrThrow } from '@strongroom/kernel';
import { check, DemoStepError } from './demo-client.js';
import type { DemoContext } from './demo-context.js';
import { CAPTURE_REQUEST_ID } from './payments.js';

/** What the audit chapter ends with. */
export interface AuditOutcome {
  readonly verification: { readonly status: number; readonly verified: boolean };
  /** The capture's audit entry, found by the request id the demo sent with it. */
  readonly captureEntry: { readonly action: string; readonly outcome: string };
  /** The inclusion proof checked on the client against the checkpoint it opened itself. */
  readonly proofVerified: boolean;
}

interface SequencedEntry {
  readonly index: number;
  readonly entry: {
    readonly id: string;
    readonly action: string;
    readonly outcome: string;
    readonly requestId: string | null;
  };
}

interface Checkpoint {
  readonly checkpoint: string;
  readonly treeSize: number;
  readonly rootHash: string;
}

/** One page of entries; the audit routes serve at most 100. */
const ENTRY_PAGE_LIMIT = 100;
/** The worker sequences new entries every 100 ms; the demo waits for its entry at most this often. */
const SEQUENCING_ATTEMPTS_MAX = 100;
const SEQUENCING_PAUSE_MS = 100;

async function findEntry(context: DemoContext, requestId: string) {
  let from: number | null = 0;
  while (from !== null) {
    const page: { body: { entries: SequencedEntry[]; next: number | null } } =
      await context.client.expect(
        'list audit entries',
        200,
        'GET',
        `/v1/audit/entries?from=${from}&limit=${ENTRY_PAGE_LIMIT}`,
      );
    const found = page.body.entries.find((sequenced) => sequenced.entry.requestId === requestId);
    if (found !== undefined) return found;
    from = page.body.next;
  }
  return undefined;
}

// The background sequencer gives entries their place in the tree and signs a new checkpoint a
// moment after each commit: the demo asks until the capture's entry is under a signed checkpoint.
async function sequencedUnderCheckpoint(context: DemoContext) {
  for (let attempt = 1; attempt <= SEQUENCING_ATTEMPTS_MAX; attempt += 1) {
    const sequenced = await findEntry(context, CAPTURE_REQUEST_ID);
    const latest = await context.client.request<Checkpoint>('GET', '/v1/audit/checkpoints/latest');
    if (sequenced !== undefined && latest.status === 200 && sequenced.index < latest.body.treeSize)
      return { sequenced, checkpoint: latest.body };
    await sleep(SEQUENCING_PAUSE_MS);
  }
  throw new DemoStepError(
    'find the capture in the audit log: not sequenced under a checkpoint in time',
  );
}

/**
 * The audit log over HTTP, checked the way an outside auditor would: the capture's entry is found
 * by the request id the demo sent, the latest checkpoint is opened with the log's published vkey
 * (not trusted because the server said so), the server re-walks the whole log against it, and the
 * capture's inclusion proof is verified here, on the client, against the opened root.
 */
export async function runAuditProof(context: DemoContext): Promise<AuditOutcome> {
  const { client, print, service, tenantId } = context;
  print('— The audit log proves the capture');
  const { sequenced, checkpoint } = await sequencedUnderCheckpoint(context);
  print(
    `  GET /v1/audit/entries → the capture's entry (X-Request-Id ${CAPTURE_REQUEST_ID}): #${sequenced.index} ${sequenced.entry.action} ${sequenced.entry.outcome}`,
  );
  // The vkeys are public: the operator publishes them (docs, a well-known URL, witnesses).
  const vkeys = service.strongroom.audit.signers(tenantId).map((signer) => signer.vkey);
  const opened = unwrapOrThrow(
    openCheckpoint(
      checkpoint.checkpoint,
      vkeys.map((vkey) => unwrapOrThrow(parseVerifierKey(vkey))),
    ),
  );
  check('the opened checkpoint is the one served', opened.treeSize, checkpoint.treeSize);
  print(
    `  GET /v1/audit/checkpoints/latest → ${checkpoint.treeSize} entries, signature checked with the log's vkey ${vkeys[0]}:`,
  );
  for (const line of checkpoint.checkpoint.trimEnd().split('\n'))
    print(line === '' ? '' : `    ${line}`);

  const verification = await client.expect<{ verified: boolean; treeSize: number }>(
    'verify the audit log',
    200,
    'POST',
    '/v1/audit/verification',
    { body: { trustedCheckpoint: checkpoint.checkpoint } },
  );
  print(
    `  POST /v1/audit/verification (with that checkpoint as trusted) → 200: ${verification.body.treeSize} entries re-walked, verified ${verification.body.verified}`,
  );
  const proof = await client.expect<AuditInclusionProof>(
    'read the inclusion proof',
    200,
    'GET',
    `/v1/audit/entries/${sequenced.entry.id}/inclusion-proof?treeSize=${opened.treeSize}`,
  );
  const included = verifyAuditInclusionProof(proof.body, opened.rootHash);
  const leaf = JSON.parse(proof.body.leaf) as { requestId?: string };
  check('the proof is of the capture', leaf.requestId, CAPTURE_REQUEST_ID);
  print(
    `  GET /v1/audit/entries/{id}/inclusion-proof?treeSize=${opened.treeSize} → ${proof.body.proof.length} hashes; verified here against the signed root: ${included.isOk() ? 'included' : 'NOT included'}`,
  );
  if (included.isErr())
    throw new DemoStepError('verify the inclusion proof: it does not lead to the signed root');
  return {
    verification: { status: verification.status, verified: verification.body.verified },
    captureEntry: { action: sequenced.entry.action, outcome: sequenced.entry.outcome },
    proofVerified: included.isOk(),
  };
}
