/** Most evidence items one dispute may hold. */
export const EVIDENCE_ITEMS_PER_DISPUTE_MAX = 50;

/** Longest text answer, in UTF-16 code units: an explanation, never a document pasted as text. */
export const EVIDENCE_TEXT_MAX_LENGTH = 20_000;

/** Longest document reference (an object key or URL), in UTF-16 code units; S3 keys stop at 1024. */
export const EVIDENCE_REFERENCE_MAX_LENGTH = 1024;

/**
 * The document media types accepted, each with its size limit in bytes. Source (P): Adyen
 * Disputes API file limits (reference §5): "JPG/TIFF ≤ 10 MB; PDF ≤ 2 MB", read as decimal
 * megabytes, the smaller reading. PNG is not in the reference: it gets the strictest limit
 * listed (2 MB), unconfirmed. Mastercard's 19-page limit needs the content, which the SDK never
 * holds: the caller checks it.
 */
export const EVIDENCE_MEDIA_TYPES: Readonly<
  Record<string, { readonly sizeBytesMax: number; readonly confirmed: boolean }>
> = Object.freeze({
  'application/pdf': Object.freeze({ sizeBytesMax: 2_000_000, confirmed: true }),
  'image/jpeg': Object.freeze({ sizeBytesMax: 10_000_000, confirmed: true }),
  'image/tiff': Object.freeze({ sizeBytesMax: 10_000_000, confirmed: true }),
  'image/png': Object.freeze({ sizeBytesMax: 2_000_000, confirmed: false }),
});
