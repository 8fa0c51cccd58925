import type { DomainError } from '@strongroom/kernel';

/** The property of an evidence input that failed (`item`: the input as a whole). */
export type EvidenceItemProperty =
  | 'item'
  | 'kind'
  | 'field'
  | 'reference'
  | 'sha256'
  | 'sizeBytes'
  | 'mediaType'
  | 'text';

/** Why an evidence input was refused. */
export type EvidenceItemReason =
  | 'not_an_object'
  | 'not_a_string'
  | 'not_an_integer'
  | 'empty'
  | 'too_long'
  | 'bad_format'
  | 'unknown'
  | 'unsupported'
  | 'not_positive'
  | 'too_large';

/** An evidence input refused by `parseEvidenceItem`; never echoes the input. */
export interface EvidenceItemError extends DomainError<'disputes.evidence_invalid'> {
  readonly property: EvidenceItemProperty;
  readonly reason: EvidenceItemReason;
}

/** A list of evidence inputs refused by `parseEvidenceItems`. */
export interface EvidenceListError extends DomainError<'disputes.evidence_list_invalid'> {
  readonly reason: 'not_a_list' | 'too_many' | 'items_invalid';
  /** Every refused item with its index (for `items_invalid`), in input order. */
  readonly items: readonly { readonly index: number; readonly error: EvidenceItemError }[];
}
