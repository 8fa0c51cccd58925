/** Key material the suite saw, named for findings (the name, never the bytes, is reported). */
export interface SensitiveKey {
  readonly label: string;
  readonly bytes: Uint8Array;
}

/**
 * Everything a vault conformance run handed the vault or got from its KMS that must never be
 * stored in plaintext: card numbers, security codes, cardholder names and personal field values,
 * master keys, data keys and HMAC secrets. One registry per backend collects them over every case,
 * so the final scan checks every row the suite wrote against all of them.
 */
export class SensitiveValues {
  readonly #pans = new Set<string>();
  readonly #securityCodes = new Set<string>();
  readonly #texts = new Set<string>();
  readonly #keys = new Map<string, SensitiveKey>();
  readonly #tenantIds = new Set<string>();

  /** Card numbers, valid or refused: neither may be stored. */
  addPans(...pans: readonly string[]): void {
    for (const pan of pans) this.#pans.add(pan.replace(/[ -]/g, ''));
  }

  /** Card security codes. */
  addSecurityCode(cvv: string): void {
    this.#securityCodes.add(cvv);
  }

  /** Cardholder names and personal field values. */
  addText(value: string): void {
    this.#texts.add(value);
  }

  /** Key material; copied, since its owner may zero it after use. */
  addKey(label: string, bytes: Uint8Array): void {
    const copy = bytes.slice();
    const fingerprint = Array.from(copy, (byte) => byte.toString(16).padStart(2, '0')).join('');
    if (!this.#keys.has(fingerprint)) this.#keys.set(fingerprint, { label, bytes: copy });
  }

  /** Tenant ids of the run: their digits are not card numbers, and the scan masks them. */
  addTenantId(tenantId: string): void {
    this.#tenantIds.add(tenantId);
  }

  /** Recorded card numbers, digits only. */
  get pans(): readonly string[] {
    return [...this.#pans];
  }

  /** Recorded security codes. */
  get securityCodes(): readonly string[] {
    return [...this.#securityCodes];
  }

  /** Recorded names and field values. */
  get texts(): readonly string[] {
    return [...this.#texts];
  }

  /** Recorded key material, each distinct key once. */
  get keys(): readonly SensitiveKey[] {
    return [...this.#keys.values()];
  }

  /** Recorded tenant ids. */
  get tenantIds(): readonly string[] {
    return [...this.#tenantIds];
  }
}
