import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  type IdempotencyStore,
  type StoredResponse,
  storedResponseFits,
  type TenantId,
} from '@strongroom/kernel';
import type { EnvelopeCipher } from '@strongroom/vault';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { HttpEnv } from '../http-env.js';
import { domainProblem } from '../problems/domain-problem.js';
import { httpProblem } from '../problems/problem-details.js';

/** How idempotency keys are kept. */
export interface IdempotencySettings {
  readonly store: IdempotencyStore;
  /** Seals stored responses: a replayed login or reveal holds tokens and card data. */
  readonly cipher: EnvelopeCipher;
  /** The KEK that seals them. */
  readonly keyId: string;
  /** How long a key replays its response; default 24 hours, as Stripe keeps keys. */
  readonly ttlMs: number;
  /** How long an execution holds its key before another may take over; default 60 s. */
  readonly leaseMs: number;
}

/** Valid `Idempotency-Key` values: 1–255 visible ASCII characters (a UUID, a ULID). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// SHA-256 of the parts, each text ended by U+0000 so that parts cannot run into each other. With
// noble, synchronously: WebCrypto's digest of a few hundred bytes cost more in its promise and
// thread-pool hop than in hashing (8 % of the main thread under keyed POSTs).
function sha256Hex(...parts: readonly (string | ArrayBuffer)[]): string {
  const hash = sha256.create();
  for (const part of parts) {
    hash.update(typeof part === 'string' ? encoder.encode(`${part}\u0000`) : new Uint8Array(part));
  }
  return bytesToHex(hash.digest());
}

// Responses worth replaying: successes and the domain's own refusals. A 5xx, a 429 or a 409 for a
// request still running says nothing final, so the key is released for the retry instead.
function isFinal(status: number): boolean {
  return status < 500 && status !== 429 && status !== 408;
}

async function replay(
  settings: IdempotencySettings,
  tenantId: TenantId,
  storeKey: string,
  response: StoredResponse,
): Promise<Response> {
  const opened = await settings.cipher.decrypt(
    { tenantId, recordId: storeKey, field: 'http.idempotent_response' },
    response.body,
  );
  if (opened.isErr()) throw domainProblem(opened.error);
  return new Response(decoder.decode(opened.value), {
    status: response.status,
    headers: { ...response.headers, 'idempotency-replayed': 'true' },
  });
}

async function seal(
  settings: IdempotencySettings,
  tenantId: TenantId,
  storeKey: string,
  response: Response,
): Promise<StoredResponse | undefined> {
  const body = encoder.encode(await response.clone().text());
  const sealed = await settings.cipher.encrypt(
    settings.keyId,
    { tenantId, recordId: storeKey, field: 'http.idempotent_response' },
    body,
  );
  if (sealed.isErr()) return undefined;
  const contentType = response.headers.get('content-type');
  const location = response.headers.get('location');
  const stored = {
    status: response.status,
    headers: {
      ...(contentType === null ? {} : { 'content-type': contentType }),
      ...(location === null ? {} : { location }),
    },
    body: sealed.value,
  };
  // A response too large to keep is not replayed: the key is released and a retry runs again.
  return storedResponseFits(stored) ? stored : undefined;
}

/**
 * `Idempotency-Key` on a POST (IETF draft-ietf-httpapi-idempotency-key-header): the first request
 * with a key runs and its response is kept, sealed; the same key with the same method, path and
 * body replays it (`Idempotency-Replayed: true`); with another body it is refused (422); while the
 * first still runs, a second gets 409 and `Retry-After`. Keys are scoped to the caller.
 */
export function idempotency(
  settings: IdempotencySettings,
  scopeOf: (c: Context<HttpEnv>) => { readonly tenantId: TenantId; readonly caller: string },
) {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw httpProblem(400, 'idempotency.invalid_key', 'Malformed Idempotency-Key header');
    }
    const { tenantId, caller } = scopeOf(c);
    const storeKey = `http:${sha256Hex(caller, key)}`;
    const fingerprint = sha256Hex(c.req.method, c.req.path, await c.req.arrayBuffer());
    const claim = await settings.store.claim(tenantId, storeKey, fingerprint, {
      leaseMs: settings.leaseMs,
      ttlMs: settings.ttlMs,
    });
    if (claim.isErr()) throw domainProblem(claim.error);
    switch (claim.value.state) {
      case 'completed':
        c.res = await replay(settings, tenantId, storeKey, claim.value.response);
        return;
      case 'mismatch':
        throw httpProblem(
          422,
          'idempotency.key_reused',
          'This Idempotency-Key was used with a different request',
        );
      case 'in_progress':
        throw httpProblem(
          409,
          'idempotency.request_in_progress',
          'A request with this Idempotency-Key is still running',
          {},
          { 'retry-after': '1' },
        );
      case 'claimed':
        break;
    }
    const { leaseId } = claim.value;
    let completed = false;
    try {
      await next();
      if (isFinal(c.res.status)) {
        const stored = await seal(settings, tenantId, storeKey, c.res);
        if (stored !== undefined) {
          const done = await settings.store.complete(tenantId, storeKey, leaseId, stored);
          completed = done.isOk() && done.value;
        }
      }
    } finally {
      // Released on a throw, a non-final answer or a store that could not keep the response: a
      // retry may then run again, which the domains' own ids (transfer ids, tokens) make safe.
      if (!completed) await settings.store.release(tenantId, storeKey, leaseId);
    }
  });
}
