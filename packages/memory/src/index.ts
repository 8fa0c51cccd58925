/**
 * `@strongroom/memory`: every Strongroom storage port in process memory.
 * @module
 */
export {
  createMemoryStorage,
  MEMORY_DEFAULT_LIMITS,
  type MemoryStorageOptions,
} from './memory-storage.js';
