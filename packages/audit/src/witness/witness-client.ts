import {
  assert,
  err,
  fromTypedPromise,
  type InfrastructureError,
  ok,
  type Result,
  type ResultAsync,
} from '@strongroom/kernel';
import { parseCheckpointBody } from '../checkpoint/checkpoint-body.js';
import type { CheckpointError } from '../checkpoint/checkpoint-error.js';
import { mergeNoteSignatures } from '../checkpoint/merge-note-signatures.js';
import type { NoteError } from '../checkpoint/note-error.js';
import { NOTE_SIGNATURE_TYPE_COSIGNATURE_V1 } from '../checkpoint/note-key-id.js';
import type { NoteSignature } from '../checkpoint/note-signature.js';
import type { NoteVerifier } from '../checkpoint/note-verifier.js';
import {
  parseSignatureLine,
  parseSignedNote,
  SIGNED_NOTE_SIGNATURES_MAX,
  type SignedNote,
} from '../checkpoint/signed-note.js';
import { verifySignedNote } from '../checkpoint/verify-signed-note.js';
import {
  ADD_CHECKPOINT_PROOF_HASHES_MAX,
  formatAddCheckpointRequest,
  PROOF_HASH_BYTES,
} from './add-checkpoint-request.js';
import type { ConsistencyProofSource } from './consistency-proof-source.js';
import { readBoundedText } from './read-bounded-text.js';
import type { WitnessError } from './witness-error.js';
import { statusError, transportError } from './witness-response-error.js';

/** The WHATWG `fetch` the client calls, injected so that it runs on any runtime and in tests. */
export type WitnessFetch = (url: string, init: RequestInit) => Promise<Response>;

/** How to reach and trust one witness. */
export interface WitnessClientOptions {
  /** The witness's submission prefix, e.g. `https://witness.example/api`; `/add-checkpoint` is appended. */
  readonly submissionPrefix: string;
  /** The witness's cosignature key (type 0x04, from `parseVerifierKey`). */
  readonly witness: NoteVerifier;
  /** The `fetch` to use (`globalThis.fetch` in production). */
  readonly fetch: WitnessFetch;
  /** Where consistency proofs come from when the witness needs one. */
  readonly consistencyProof: ConsistencyProofSource;
  /** How long one request, body included, may take; 10 000 ms by default. */
  readonly timeoutMilliseconds?: number;
  /** The largest response body read; 64 KiB by default (a cosignature line is about 130 bytes). */
  readonly responseLimitBytes?: number;
  /** How many times a 409 may be answered by resynchronising and retrying; 3 by default. */
  readonly resyncAttemptsMax?: number;
}

/** A checkpoint the witness cosigned. */
export interface WitnessCosignResult {
  /** The checkpoint note with the witness's verified cosignatures appended. */
  readonly note: string;
  /** The witness's verified cosignature lines (one per witness key). */
  readonly cosignatures: readonly NoteSignature[];
  /** The time the witness put in its first cosignature, in seconds since the Unix epoch. */
  readonly timestampSeconds: number;
  /** The cosigned tree size, which is now the witness's size for this log. */
  readonly treeSize: number;
}

/** Everything `WitnessClient.addCheckpoint` can return as an error. */
export type WitnessClientError = WitnessError | NoteError | CheckpointError | InfrastructureError;

const DEFAULT_TIMEOUT_MILLISECONDS = 10_000;
const DEFAULT_RESPONSE_LIMIT_BYTES = 64 * 1024;
const DEFAULT_RESYNC_ATTEMPTS_MAX = 3;
const TLOG_SIZE_MEDIA_TYPE = 'text/x.tlog.size';
const SIZE_BODY = /^(?:0|[1-9][0-9]{0,15})\n$/;

/**
 * A client for one witness speaking C2SP tlog-witness v1.0.0 (`POST <prefix>/add-checkpoint`).
 * It sends the old size the witness is believed to have, with the consistency proof from there;
 * on 409 it resynchronises to the size the witness reports and retries a bounded number of times;
 * on 200 it verifies the returned cosignatures against the configured witness key and merges the
 * valid ones into the note. The size the witness last reported is remembered per client.
 */
export class WitnessClient {
  readonly #url: string;
  readonly #witness: NoteVerifier;
  readonly #fetch: WitnessFetch;
  readonly #consistencyProof: ConsistencyProofSource;
  readonly #timeoutMilliseconds: number;
  readonly #responseLimitBytes: number;
  readonly #resyncAttemptsMax: number;
  #witnessSize = 0;

  /** Configures the client; a non-cosigner witness key or a bad limit is a programmer error. */
  constructor(options: WitnessClientOptions) {
    assert(
      options.witness.signatureType === NOTE_SIGNATURE_TYPE_COSIGNATURE_V1,
      'a witness is trusted through its cosignature key (type 0x04)',
    );
    const timeoutMilliseconds = options.timeoutMilliseconds ?? DEFAULT_TIMEOUT_MILLISECONDS;
    const responseLimitBytes = options.responseLimitBytes ?? DEFAULT_RESPONSE_LIMIT_BYTES;
    const resyncAttemptsMax = options.resyncAttemptsMax ?? DEFAULT_RESYNC_ATTEMPTS_MAX;
    assert(Number.isSafeInteger(timeoutMilliseconds) && timeoutMilliseconds > 0, 'bad timeout');
    assert(Number.isSafeInteger(responseLimitBytes) && responseLimitBytes > 0, 'bad limit');
    assert(Number.isSafeInteger(resyncAttemptsMax) && resyncAttemptsMax >= 0, 'bad attempts');
    this.#url = `${options.submissionPrefix.replace(/\/+$/, '')}/add-checkpoint`;
    this.#witness = options.witness;
    this.#fetch = options.fetch;
    this.#consistencyProof = options.consistencyProof;
    this.#timeoutMilliseconds = timeoutMilliseconds;
    this.#responseLimitBytes = responseLimitBytes;
    this.#resyncAttemptsMax = resyncAttemptsMax;
  }

  /** The tree size this client believes the witness has cosigned last (0 until it learns one). */
  get witnessSize(): number {
    return this.#witnessSize;
  }

  /**
   * Submits a signed checkpoint for cosigning. `oldSize` overrides the size the witness is believed
   * to have (e.g. one persisted by the caller); `signal` lets the caller abort.
   */
  addCheckpoint(
    checkpointNote: string,
    options: { oldSize?: number; signal?: AbortSignal } = {},
  ): ResultAsync<WitnessCosignResult, WitnessClientError> {
    return fromTypedPromise(this.#addCheckpoint(checkpointNote, options));
  }

  async #addCheckpoint(
    checkpointNote: string,
    options: { oldSize?: number; signal?: AbortSignal },
  ): Promise<Result<WitnessCosignResult, WitnessClientError>> {
    const note = parseSignedNote(checkpointNote);
    if (note.isErr()) return err(note.error);
    const body = parseCheckpointBody(note.value.text);
    if (body.isErr()) return err(body.error);
    const { treeSize } = body.value;
    let oldSize = options.oldSize ?? this.#witnessSize;
    assert(Number.isSafeInteger(oldSize) && oldSize >= 0, 'an old size is a non-negative integer');
    if (oldSize > treeSize) {
      return err({ type: 'witness.stale_checkpoint', witnessSize: oldSize, treeSize });
    }
    for (let resyncs = 0; ; resyncs += 1) {
      const proof = await this.#proof(oldSize, treeSize);
      if (proof.isErr()) return err(proof.error);
      const request = formatAddCheckpointRequest({
        oldSize,
        proof: proof.value,
        checkpointNote,
      });
      const exchange = await this.#exchange(request, options.signal);
      if (exchange.isErr()) return err(exchange.error);
      const { status, text, contentType } = exchange.value;
      if (status === 200) return this.#acceptCosignatures(note.value, text, treeSize);
      if (status !== 409) return err(statusError(status));
      if (contentType !== TLOG_SIZE_MEDIA_TYPE) return err({ type: 'witness.conflict' });
      if (!SIZE_BODY.test(text) || Number(text) > Number.MAX_SAFE_INTEGER) {
        return err({ type: 'witness.bad_response', reason: 'malformed_size' });
      }
      const witnessSize = Number(text);
      // Larger than ours: the witness saw a later tree. Equal to what we sent: retrying cannot help.
      this.#witnessSize = witnessSize;
      if (witnessSize > treeSize || witnessSize === oldSize) {
        return err({ type: 'witness.conflict', witnessSize });
      }
      if (resyncs >= this.#resyncAttemptsMax) {
        return err({ type: 'witness.resync_exhausted', attempts: resyncs, witnessSize });
      }
      oldSize = witnessSize;
    }
  }

  // The proof from `oldSize`: empty from 0 (the protocol requires it) and for the same size.
  async #proof(
    oldSize: number,
    treeSize: number,
  ): Promise<Result<readonly Uint8Array[], WitnessError>> {
    if (oldSize === 0 || oldSize === treeSize) return ok([]);
    const outcome = await this.#consistencyProof(oldSize, treeSize);
    if ('error' in outcome) return err({ type: 'witness.proof_unavailable', cause: outcome.error });
    const proof = outcome.value;
    if (proof.length > ADD_CHECKPOINT_PROOF_HASHES_MAX) {
      return err({ type: 'witness.bad_proof', reason: 'too_many_hashes' });
    }
    if (proof.some((hash) => hash.length !== PROOF_HASH_BYTES)) {
      return err({ type: 'witness.bad_proof', reason: 'bad_hash_length' });
    }
    return ok(proof);
  }

  // One POST with a timeout covering the body too; transport failures become infrastructure errors.
  async #exchange(
    request: string,
    callerSignal: AbortSignal | undefined,
  ): Promise<
    Result<
      { status: number; text: string; contentType: string | undefined },
      InfrastructureError | WitnessError
    >
  > {
    const timeout = AbortSignal.timeout(this.#timeoutMilliseconds);
    const signal = callerSignal === undefined ? timeout : AbortSignal.any([timeout, callerSignal]);
    try {
      const response = await this.#fetch(this.#url, { method: 'POST', body: request, signal });
      if (response.status !== 200 && response.status !== 409) {
        await response.body?.cancel();
        return ok({ status: response.status, text: '', contentType: undefined });
      }
      const text = await readBoundedText(response, this.#responseLimitBytes);
      if (text.isErr()) return err({ type: 'witness.bad_response', reason: text.error });
      return ok({
        status: response.status,
        text: text.value,
        contentType: mediaType(response.headers.get('content-type')),
      });
    } catch (error) {
      return err(transportError(error, callerSignal));
    }
  }

  #acceptCosignatures(
    note: SignedNote,
    responseText: string,
    treeSize: number,
  ): Result<WitnessCosignResult, WitnessClientError> {
    const lines = parseCosignatureLines(responseText);
    if (lines === undefined) {
      return err({ type: 'witness.bad_response', reason: 'malformed_cosignature' });
    }
    // The note verifier applies the signed-note rules: unknown keys ignored, a failing known key
    // refuses, at least one valid signature needed.
    const verified = verifySignedNote({ text: note.text, signatures: lines }, [this.#witness]);
    if (verified.isErr()) {
      switch (verified.error.type) {
        case 'note.unverified':
          return err({ type: 'witness.no_cosignature' });
        case 'note.invalid_signature':
          return err({ type: 'witness.invalid_cosignature' });
        default:
          return err(verified.error);
      }
    }
    const cosignatures = verified.value.verifiedSignatures;
    const merged = mergeNoteSignatures(note, cosignatures);
    if (merged.isErr()) return err(merged.error);
    this.#witnessSize = treeSize;
    const [first] = cosignatures;
    assert(first !== undefined, 'a verified note has at least one verified signature');
    const view = new DataView(first.signature.buffer, first.signature.byteOffset, 8);
    return ok({
      note: merged.value,
      cosignatures,
      // A verified v1 cosignature's timestamp fits 2^63; beyond 2^53 the witness clock is absurd.
      timestampSeconds: Number(view.getBigUint64(0, false)),
      treeSize,
    });
  }
}

// A 200 body is one or more complete signature lines and nothing else.
function parseCosignatureLines(text: string): NoteSignature[] | undefined {
  if (text.length === 0 || !text.endsWith('\n')) return undefined;
  const lines = text.slice(0, -1).split('\n');
  if (lines.length > SIGNED_NOTE_SIGNATURES_MAX) return undefined;
  const signatures: NoteSignature[] = [];
  for (const [index, line] of lines.entries()) {
    const signature = parseSignatureLine(line, index + 1);
    if (signature.isErr()) return undefined;
    signatures.push(signature.value);
  }
  return signatures;
}

function mediaType(header: string | null): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase();
}
