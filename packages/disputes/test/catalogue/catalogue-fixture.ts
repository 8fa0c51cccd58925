import { unwrapOrThrow } from '@strongroom/kernel';
import type { ReasonCode } from '../../src/catalogue/reason-code.js';
import { lookupReasonCode } from '../../src/catalogue/reason-code-catalogue.js';

/** The shipped entry a lookup answers with (known, mapped or unknown). */
export function entryOf(network: string, code: string): ReasonCode {
  return unwrapOrThrow(lookupReasonCode(network, code)).entry;
}
