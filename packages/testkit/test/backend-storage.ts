import type { Storage } from '@strongroom/kernel';
import { afterAll, beforeAll } from 'vitest';
import type { StorageBackend, StorageUnderTest } from '../src/storage/storage-backend.js';

/**
 * Creates a fresh storage on `backend` before the enclosing suite's tests and disposes of it
 * after them; returns the accessor its tests call (it throws if creation failed).
 */
export function storageForSuite(backend: StorageBackend): () => Storage {
  let created: StorageUnderTest | undefined;
  beforeAll(async () => {
    created = await backend.create();
  });
  afterAll(async () => {
    await created?.dispose();
  });
  return () => {
    if (created === undefined) throw new Error(`backend ${backend.name} was not created`);
    return created.storage;
  };
}
