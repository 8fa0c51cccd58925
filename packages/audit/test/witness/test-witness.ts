/**
 * A small tlog-witness v1.0.0 witness on node:http for the client tests: one cosigner, a map of
 * origins to trusted log keys, the checks of `add-checkpoint` in the spec's order, and its state
 * (last cosigned size and root per origin) updated before replying. An `override` hook lets a test
 * answer a request itself, or never answer it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBase64 } from '../../src/checkpoint/base64.js';
import { parseCheckpointBody } from '../../src/checkpoint/checkpoint-body.js';
import type { Cosigner } from '../../src/checkpoint/cosigner.js';
import type { NoteVerifier } from '../../src/checkpoint/note-verifier.js';
import { formatSignatureLine, parseSignedNote } from '../../src/checkpoint/signed-note.js';
import { verifySignedNote } from '../../src/checkpoint/verify-signed-note.js';
import { verifyConsistency } from './naive-merkle.js';

/** What a test may answer instead of the witness: a response, or `'hang'` to never answer. */
export type WitnessOverride = (
  request: ReceivedRequest,
) => { status: number; contentType?: string; body: string } | 'hang' | undefined;

/** One request as the witness read it. */
export interface ReceivedRequest {
  readonly oldSize: number | undefined;
  readonly proofLength: number;
  readonly status?: number;
}

export interface TestWitness {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  readonly state: Map<string, { size: number; rootHash: Uint8Array }>;
  override: WitnessOverride | undefined;
  close(): Promise<void>;
}

export async function startTestWitness(options: {
  cosigner: Cosigner;
  logs: ReadonlyMap<string, readonly NoteVerifier[]>;
  /** Lines appended to every 200 response, e.g. cosignatures of keys the client does not know. */
  extraLines?: string;
}): Promise<TestWitness> {
  const witness: TestWitness = {
    url: '',
    requests: [],
    state: new Map(),
    override: undefined,
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed = parseRequest(text);
    const received: { oldSize: number | undefined; proofLength: number; status?: number } = {
      oldSize: parsed?.oldSize,
      proofLength: parsed?.proof.length ?? 0,
    };
    witness.requests.push(received);
    const overridden = witness.override?.(received);
    if (overridden === 'hang') return;
    const answer =
      overridden ??
      (request.method !== 'POST' || request.url !== '/witness/add-checkpoint'
        ? { status: 404, body: '' }
        : addCheckpoint(parsed));
    received.status = answer.status;
    response.writeHead(answer.status, { 'content-type': answer.contentType ?? 'text/plain' });
    response.end(answer.body);
  }

  function addCheckpoint(request: ReturnType<typeof parseRequest>): {
    status: number;
    contentType?: string;
    body: string;
  } {
    if (request === undefined) return { status: 400, body: 'malformed request\n' };
    const note = parseSignedNote(request.note);
    if (note.isErr()) return { status: 400, body: 'malformed note\n' };
    const checkpoint = parseCheckpointBody(note.value.text);
    if (checkpoint.isErr()) return { status: 400, body: 'malformed checkpoint\n' };
    const { origin, treeSize, rootHash } = checkpoint.value;
    const trusted = options.logs.get(origin);
    if (trusted === undefined) return { status: 404, body: 'unknown origin\n' };
    if (verifySignedNote(note.value, trusted).isErr())
      return { status: 403, body: 'no valid signature\n' };
    if (request.oldSize > treeSize) return { status: 400, body: 'old size beyond size\n' };
    const state = witness.state.get(origin) ?? { size: 0, rootHash: sha256(new Uint8Array(0)) };
    if (request.oldSize !== state.size) {
      return { status: 409, contentType: 'text/x.tlog.size', body: `${state.size}\n` };
    }
    if (request.oldSize === treeSize) {
      if (request.proof.length !== 0) return { status: 422, body: 'proof must be empty\n' };
      if (!equal(state.rootHash, rootHash)) {
        return { status: 409, contentType: 'text/x.tlog.size', body: `${state.size}\n` };
      }
    } else if (request.oldSize === 0) {
      if (request.proof.length !== 0) return { status: 422, body: 'proof must be empty\n' };
    } else if (
      !verifyConsistency(request.oldSize, treeSize, state.rootHash, rootHash, request.proof)
    ) {
      return { status: 422, body: 'bad proof\n' };
    }
    witness.state.set(origin, { size: treeSize, rootHash });
    const signature = options.cosigner.sign(new TextEncoder().encode(note.value.text));
    const line = formatSignatureLine({
      name: options.cosigner.name,
      keyId: options.cosigner.keyId,
      signature,
    });
    return { status: 200, body: `${line}${options.extraLines ?? ''}` };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(witness, {
    url: `http://127.0.0.1:${port}/witness`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

function parseRequest(
  text: string,
): { oldSize: number; proof: Uint8Array[]; note: string } | undefined {
  const lines = text.split('\n');
  const oldLine = /^old (0|[1-9][0-9]*)$/.exec(lines[0] ?? '');
  if (oldLine === null) return undefined;
  const proof: Uint8Array[] = [];
  let index = 1;
  for (; index < lines.length && lines[index] !== ''; index += 1) {
    const hash = decodeBase64(lines[index] ?? '');
    if (hash === undefined || hash.length !== 32 || proof.length === 63) return undefined;
    proof.push(hash);
  }
  if (index >= lines.length) return undefined;
  return { oldSize: Number(oldLine[1]), proof, note: lines.slice(index + 1).join('\n') };
}

function equal(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, position) => byte === right[position]);
}
