import { concatBytes } from '@noble/hashes/utils.js';
import { utf8Bytes } from './note-text.js';

/** The largest timestamp a v1 cosignature may carry (tlog-cosignature: it MUST NOT exceed 2^63 − 1). */
export const COSIGNATURE_TIMESTAMP_MAX = 2n ** 63n - 1n;

/**
 * The message an Ed25519 v1 cosignature signs: `cosignature/v1\n`, `time <seconds>\n`, then the
 * whole checkpoint body including extension lines. The header is domain separation, so a witness key
 * can never be tricked into producing a plain note signature, or the other way round.
 */
export function formatCosignedMessage(timestampSeconds: bigint, body: Uint8Array): Uint8Array {
  return concatBytes(utf8Bytes(`cosignature/v1\ntime ${timestampSeconds.toString()}\n`), body);
}
