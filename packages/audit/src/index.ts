/**
 * `@strongroom/audit`: a transparency log of every change. Leaves are written inside the callers'
 * transactions, a sequencer integrates them in batches into an RFC 9162 Merkle tree stored as
 * C2SP tlog-tiles, and every batch is sealed by a C2SP signed checkpoint that witnesses can cosign.
 * @module
 */

// The card-number checks live in the kernel, whose id generator needs them; re-exported here
// because the audit log's guards are where hosts have always found them.
export { containsCardNumber, isLuhnValid } from '@strongroom/kernel';
export {
  CHECKPOINT_TREE_SIZE_MAX,
  type CheckpointBody,
  formatCheckpointBody,
  type ParsedCheckpointBody,
  parseCheckpointBody,
  ROOT_HASH_BYTES,
} from './checkpoint/checkpoint-body.js';
export type {
  CheckpointError,
  MalformedCheckpointError,
  MalformedCheckpointReason,
} from './checkpoint/checkpoint-error.js';
export type { CheckpointPublisher } from './checkpoint/checkpoint-publisher.js';
export type {
  CosignatureError,
  CosignatureTimestampOutOfRangeError,
  MissingCosignatureError,
  WrongCosignerKeyTypeError,
} from './checkpoint/cosignature-error.js';
export { type Cosigner, createCosigner } from './checkpoint/cosigner.js';
export {
  createHttpCheckpointPublisher,
  type HttpCheckpointPublisherOptions,
} from './checkpoint/http-checkpoint-publisher.js';
export { InMemoryCheckpointPublisher } from './checkpoint/in-memory-checkpoint-publisher.js';
export { isValidKeyName } from './checkpoint/key-name.js';
export { mergeNoteSignatures } from './checkpoint/merge-note-signatures.js';
export type {
  AmbiguousNoteKeyError,
  InvalidNoteSignatureError,
  InvalidVerifierKeyError,
  InvalidVerifierKeyReason,
  MalformedNoteError,
  MalformedNoteReason,
  NoteError,
  UnverifiedNoteError,
} from './checkpoint/note-error.js';
export {
  computeNoteKeyId,
  NOTE_SIGNATURE_TYPE_COSIGNATURE_V1,
  NOTE_SIGNATURE_TYPE_ED25519,
  type NoteSignatureType,
} from './checkpoint/note-key-id.js';
export type { NoteSignature } from './checkpoint/note-signature.js';
export {
  createNoteSigner,
  ED25519_SEED_BYTES,
  type Ed25519NoteSigner,
  type NoteSigner,
} from './checkpoint/note-signer.js';
export {
  createNoteVerifier,
  type NoteVerifier,
  parseVerifierKey,
} from './checkpoint/note-verifier.js';
export { type OpenedCheckpoint, openCheckpoint } from './checkpoint/open-checkpoint.js';
export { signCheckpoint } from './checkpoint/sign-checkpoint.js';
export {
  formatSignatureLine,
  formatSignedNote,
  parseSignedNote,
  SIGNED_NOTE_BYTES_MAX,
  SIGNED_NOTE_SIGNATURES_MAX,
  type SignedNote,
} from './checkpoint/signed-note.js';
export {
  createStorageCheckpointPublisher,
  PUBLISHED_CHECKPOINTS_COLLECTION,
} from './checkpoint/storage-checkpoint-publisher.js';
export { formatVerifierKey, type VerifierKeyFields } from './checkpoint/verifier-key.js';
export { type VerifiedCosignature, verifyCosignature } from './checkpoint/verify-cosignature.js';
export { type VerifiedNote, verifySignedNote } from './checkpoint/verify-signed-note.js';
export type {
  AuditActor,
  AuditEntry,
  AuditEntryInput,
  AuditOutcome,
  AuditPersonalData,
  AuditResource,
} from './entry/audit-entry.js';
export type {
  AuditEntryError,
  InvalidAuditEntryError,
  SecretInAuditDetailsError,
} from './entry/audit-error.js';
export { canonicalJson } from './entry/canonical-json.js';
export {
  AUDIT_DETAILS_MAX_BYTES,
  AUDIT_PERSONAL_FIELDS_MAX,
  checkAuditEntryInput,
} from './entry/parse-audit-entry.js';
export { commitPersonalValue } from './entry/personal-commitment.js';
export { guardAgainstSecrets, isSecretKeyName, keyNameWords } from './entry/secret-guard.js';
export { AUDIT_EXPORT_LINE_MAX_LENGTH, type ExportEntryLine } from './export/export-entry-line.js';
export { AUDIT_EXPORT_FORMAT, type ExportHeaderLine, exportLog } from './export/export-log.js';
export {
  type VerifyExportOptions,
  verifyExport,
  verifyExportBytes,
} from './export/verify-export.js';
export {
  type AuditAppendContext,
  type AuditReceipt,
  appendAuditEntry,
} from './log/append-audit-entry.js';
export { AUDIT_COLLECTIONS, sequenceRecordId } from './log/audit-collections.js';
export {
  AUDIT_BATCH_SIZE_DEFAULT,
  type AuditInclusionProof,
  type AuditLog,
  type AuditLogOptions,
  createAuditLog,
  type PublishedBatch,
  type SequencedLeaf,
} from './log/audit-log.js';
export {
  type AuditSequencerOptions,
  type RunningAuditSequencer,
  startAuditSequencer,
} from './log/audit-sequencer.js';
export type {
  InvalidProofRequestError,
  SequencingTimeoutError,
  UnknownLeafError,
} from './log/audit-sequencing-error.js';
export {
  type AuditVerificationError,
  type AuditVerificationReason,
  verificationFailed,
} from './log/audit-verification-error.js';
export { checkPersonalValue, type PersonalValueCheck } from './log/check-personal-value.js';
export { eraseAuditSubject } from './log/erase-subject.js';
export {
  type IntegrateBatchOptions,
  type IntegratedBatch,
  integrateBatch,
} from './log/integrate-batch.js';
export {
  readSequencedEntries,
  SEQUENCED_ENTRIES_LIMIT_MAX,
  type SequencedEntry,
} from './log/read-sequenced-entries.js';
export {
  type AuditSigningOptions,
  tenantLogOrigin,
  tenantLogSigners,
  tenantLogVerifiers,
} from './log/tenant-log-keys.js';
export { verifyAuditInclusionProof } from './log/verify-audit-inclusion-proof.js';
export { type VerifiedLog, type VerifyLogOptions, verifyLog } from './log/verify-log.js';
export {
  type AppendResult,
  appendLeaves,
  type CompactRange,
  compactRange,
  compactRangeNodes,
  EMPTY_COMPACT_RANGE,
  rootOf,
} from './merkle/compact-range.js';
export {
  DEFAULT_MERKLE_HASHER,
  EMPTY_TREE_ROOT,
  HASH_LENGTH_BYTES,
  hashChildren,
  hashesEqual,
  hashLeaf,
  type MerkleHasher,
  merkleHasherFromSha256,
} from './merkle/hashing.js';
export {
  inThreadLeafTree,
  type LeafTree,
  type LeafTreeFactory,
} from './merkle/leaf-tree.js';
export type {
  MerkleProofError,
  ProofBadHashLengthError,
  ProofCountField,
  ProofEmptyFirstTreeError,
  ProofHashField,
  ProofIndexOutOfRangeError,
  ProofRootMismatchError,
  ProofSizesOutOfOrderError,
  ProofUnsafeIntegerError,
  ProofWrongLengthError,
} from './merkle/merkle-proof-error.js';
export {
  consistencyProof,
  inclusionProof,
  type NodeHashReader,
} from './merkle/node-hash-reader.js';
export { completeSubtrees, isNodeComplete, type NodeId, type TreeNode } from './merkle/node-id.js';
export { consistencyProofLength, inclusionProofLength } from './merkle/proof-length.js';
export {
  assembleProof,
  consistencyProofPlan,
  inclusionProofPlan,
  type ProofElementPlan,
  type ProofPlan,
} from './merkle/proof-plan.js';
export { RootAccumulator } from './merkle/root-accumulator.js';
export {
  partialTiles,
  TILE_HEIGHT,
  TILE_WIDTH,
  type TileId,
  type TileNodePosition,
  tileOf,
  tileWidth,
} from './merkle/tile-id.js';
export { TileNodeReader, type TileReader } from './merkle/tile-node-reader.js';
export { tilePath } from './merkle/tile-path.js';
export {
  type AppendTilesInput,
  type TileWrite,
  tilesTouchedByAppend,
} from './merkle/tile-updates.js';
export { TREE_SIZE_MAX } from './merkle/tree-math.js';
export { type ConsistencyProofInput, verifyConsistency } from './merkle/verify-consistency.js';
export { type InclusionProofInput, verifyInclusion } from './merkle/verify-inclusion.js';
export {
  ADD_CHECKPOINT_PROOF_HASHES_MAX,
  formatAddCheckpointRequest,
} from './witness/add-checkpoint-request.js';
export type {
  ConsistencyProofOutcome,
  ConsistencyProofSource,
  PendingConsistencyProof,
} from './witness/consistency-proof-source.js';
export {
  WitnessClient,
  type WitnessClientError,
  type WitnessClientOptions,
  type WitnessCosignResult,
  type WitnessFetch,
} from './witness/witness-client.js';
export type {
  BadProofError,
  BadProofReason,
  BadWitnessResponseError,
  BadWitnessResponseReason,
  InvalidCosignatureError,
  NoCosignatureError,
  ProofRejectedError,
  ProofUnavailableError,
  ResyncExhaustedError,
  StaleCheckpointError,
  UnexpectedStatusError,
  UnknownLogError,
  WitnessBadRequestError,
  WitnessConflictError,
  WitnessError,
  WitnessForbiddenError,
} from './witness/witness-error.js';
