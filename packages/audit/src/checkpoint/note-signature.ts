/** One signature line of a signed note, decoded. */
export interface NoteSignature {
  /** The key name: who signed. */
  readonly name: string;
  /** The 32-bit key ID, which with the name selects the verifying key. */
  readonly keyId: number;
  /** The signature bytes after the key ID (64 for Ed25519, 72 for a v1 cosignature). */
  readonly signature: Uint8Array;
}
