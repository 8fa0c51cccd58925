import { z } from 'zod';
import { UNIX_SECONDS_MAX } from '../deadlines/provider-deadline.js';
import { isIsoInstant } from '../lifecycle/iso-time.js';
import {
  PROVIDER_REFERENCE_MAX_LENGTH,
  PROVIDER_TIMESTAMP_MAX_LENGTH,
  PROVIDER_TOKEN_MAX_LENGTH,
} from './provider-limits.js';

// Provider ids are opaque; printable ASCII without spaces keeps them safe in logs and keys, and
// is what the dispute state machine accepts for its provider ids.
const REFERENCE_PATTERN = /^[\x21-\x7e]+$/;

/** A provider id (`evt_…`, `dp_…`, an Adyen PSP reference): printable ASCII, bounded. */
export const providerReferenceSchema = z
  .string()
  .min(1)
  .max(PROVIDER_REFERENCE_MAX_LENGTH, { abort: true })
  .regex(REFERENCE_PATTERN);

/** A short provider token (brand, scheme, status name), bounded; its meaning is read later. */
export const providerTokenSchema = z.string().max(PROVIDER_TOKEN_MAX_LENGTH);

/** A Unix timestamp in whole seconds after the epoch, up to 9999-12-31T23:59:59Z. */
export const unixSecondsSchema = z.number().int().min(1).max(UNIX_SECONDS_MAX);

// A refinement's issue names its reason in `params` (see parseProviderPayload).
const OUT_OF_RANGE = { params: { reason: 'out_of_range' } } as const;

/**
 * An ISO 8601 instant with a zone (`2025-03-14T10:15:30+01:00`), normalized to UTC
 * (`2025-03-14T09:15:30.000Z`) and kept within the years a Unix timestamp above allows.
 */
export const isoInstantSchema = z
  .string()
  .max(PROVIDER_TIMESTAMP_MAX_LENGTH, { abort: true })
  .refine(isIsoInstant, { abort: true })
  .transform((text) => new Date(text))
  .refine((instant) => {
    const seconds = instant.getTime() / 1000;
    return seconds >= 1 && seconds <= UNIX_SECONDS_MAX;
  }, OUT_OF_RANGE)
  .transform((instant) => instant.toISOString());

/** A positive whole number of minor units that a JavaScript number holds exactly. */
export const minorUnitsSchema = z.number().int().positive();

/** A flag as JSON gives it (`true`) or as Adyen's string-valued fields do (`"true"`). */
export const flagSchema = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((flag) => flag === true || flag === 'true');

/** The ISO 8601 instant of a Unix timestamp in seconds. */
export function instantOfUnixSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
