import type { JsonObject, StoredRecord } from '@strongroom/kernel';

/** A device a user signed in from; label and user agent are personal data, so envelopes. */
export interface DeviceData extends JsonObject {
  readonly userId: string;
  readonly labelEnvelope: string | null;
  readonly userAgentEnvelope: string | null;
  readonly firstSeenAtMs: number;
  readonly lastSeenAtMs: number;
  readonly revokedAtMs: number | null;
  /** The device's live session (refresh-token family), or null. */
  readonly sessionId: string | null;
}

/** A loaded device record. */
export type DeviceRecord = StoredRecord<DeviceData>;

/**
 * The device a sign-in will bind to, decided before the transaction: an existing device of the
 * user, or a new one whose label and user agent were already encrypted for its id.
 */
export interface PreparedDevice extends JsonObject {
  readonly deviceId: string;
  readonly isNew: boolean;
  readonly labelEnvelope: string | null;
  readonly userAgentEnvelope: string | null;
}
