/**
 * One piece of evidence, already validated (see `parseEvidenceItem`): a document kept elsewhere
 * and named by reference with its hash, or a short text. The SDK never stores document bytes.
 */
export type EvidenceItem = EvidenceDocument | EvidenceText;

/** A document the merchant stored elsewhere (object storage), pinned by its SHA-256. */
export interface EvidenceDocument {
  readonly kind: 'document';
  /** What the document proves, from the evidence vocabulary (`EVIDENCE_FIELDS`). */
  readonly field: string;
  /** Where the document lives (an object key or URL), not its content. */
  readonly reference: string;
  /** Lower-case hex SHA-256 of the document's bytes. */
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
}

/** A text answer: a tracking number, an explanation, a date. */
export interface EvidenceText {
  readonly kind: 'text';
  /** What the text proves, from the evidence vocabulary (`EVIDENCE_FIELDS`). */
  readonly field: string;
  readonly text: string;
}
