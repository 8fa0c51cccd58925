/**
 * `@strongroom/memory`: every Strongroom storage port in process memory.
 * @module
 */
export {
  createMemoryStorage,
  dumpMemoryStorage,
  MEMORY_DEFAULT_LIMITS,
  type MemoryStorageOptions,
  type MemoryStorageRow,
} from './memory-storage.js';
