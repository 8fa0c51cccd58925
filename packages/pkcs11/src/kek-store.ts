import type { Clock } from '@strongroom/kernel';
import type { KekDescription } from '@strongroom/vault';
import pkcs11js, { type PKCS11 } from 'pkcs11js';
import {
  KEK_VERSIONS_MAX,
  type KekObjectLabel,
  kekGenerationTemplate,
  kekSearchTemplate,
  parseKekLabel,
} from './kek-object.js';

/** One KEK version as an object on the token. */
export interface KekVersionObject extends KekObjectLabel {
  readonly handle: Buffer;
}

/** Handles fetched per `C_FindObjects` call. */
const FIND_BATCH = 100;

/** Most objects one listing reads: every allowed version plus room for duplicates. */
const FIND_OBJECTS_MAX = KEK_VERSIONS_MAX + FIND_BATCH;

/**
 * The KEK versions on a token. Labels are read once per object handle and remembered: a
 * version's label never changes (the object is not modifiable), so later listings cost one
 * search and no attribute reads.
 */
export class KekStore {
  readonly #pkcs11: PKCS11;
  readonly #clock: Clock;
  readonly #labels = new Map<string, KekObjectLabel | null>();

  constructor(pkcs11: PKCS11, clock: Clock) {
    this.#pkcs11 = pkcs11;
    this.#clock = clock;
  }

  /**
   * The versions of `keyId`, by version, then creation time, then handle. Two processes rotating
   * the same KEK at once can each create the same version; both objects are listed, wraps use
   * the first and unwraps try each.
   */
  list(session: Buffer, keyId: string): KekVersionObject[] {
    const pkcs11 = this.#pkcs11;
    const handles: Buffer[] = [];
    pkcs11.C_FindObjectsInit(session, kekSearchTemplate(keyId));
    try {
      while (handles.length < FIND_OBJECTS_MAX) {
        const batch = pkcs11.C_FindObjects(session, FIND_BATCH);
        handles.push(...batch);
        if (batch.length < FIND_BATCH) break;
      }
    } finally {
      pkcs11.C_FindObjectsFinal(session);
    }
    const objects: KekVersionObject[] = [];
    for (const handle of handles) {
      const label = this.#label(session, keyId, handle);
      if (label !== null) objects.push({ ...label, handle });
    }
    return objects.sort(
      (a, b) =>
        a.version - b.version ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        Buffer.compare(a.handle, b.handle),
    );
  }

  /** Generates version `version` of `keyId` inside the token. */
  async generate(session: Buffer, keyId: string, version: number): Promise<KekVersionObject> {
    const label: KekObjectLabel = { version, createdAt: this.#clock.now() };
    const handle = await this.#pkcs11.C_GenerateKeyAsync(
      session,
      { mechanism: pkcs11js.CKM_AES_KEY_GEN },
      kekGenerationTemplate(keyId, label),
    );
    this.#labels.set(labelCacheKey(keyId, handle), label);
    return { ...label, handle };
  }

  #label(session: Buffer, keyId: string, handle: Buffer): KekObjectLabel | null {
    const cacheKey = labelCacheKey(keyId, handle);
    const cached = this.#labels.get(cacheKey);
    if (cached !== undefined) return cached;
    const [attribute] = this.#pkcs11.C_GetAttributeValue(session, handle, [
      { type: pkcs11js.CKA_LABEL },
    ]);
    // An object with our id but a label we did not write is someone else's: ignored.
    const label = parseKekLabel(keyId, attribute?.value.toString('utf8') ?? '') ?? null;
    this.#labels.set(cacheKey, label);
    return label;
  }
}

function labelCacheKey(keyId: string, handle: Buffer): string {
  return `${keyId}/${handle.toString('hex')}`;
}

/** The port's view of a KEK's objects: one entry per version, oldest first. */
export function describeKek(keyId: string, objects: readonly KekVersionObject[]): KekDescription {
  const versions = new Map<number, Date>();
  for (const object of objects) {
    if (!versions.has(object.version)) versions.set(object.version, object.createdAt);
  }
  const list = [...versions].map(([version, createdAt]) => ({ version, createdAt }));
  return { keyId, currentVersion: list.at(-1)?.version ?? 0, versions: list };
}

/** The object new wraps use: the first of the highest version. */
export function currentObject(objects: readonly KekVersionObject[]): KekVersionObject | undefined {
  const last = objects.at(-1);
  return last === undefined ? undefined : objects.find((object) => object.version === last.version);
}
