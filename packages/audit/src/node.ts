/**
 * `@strongroom/audit/node`: the parts of the audit log that need Node's file system.
 * @module
 */
export { createFileCheckpointPublisher } from './node/file-checkpoint-publisher.js';
export { nodeMerkleHasher } from './node/node-merkle-hasher.js';
export {
  type ParallelLeafTreeOptions,
  parallelLeafTree,
} from './node/parallel-leaf-tree.js';
