import { Worker } from 'node:worker_threads';

/**
 * What a subtree worker is sent: `count` leaves laid end to end in `bytes`, each already
 * prefixed with RFC 6962's leaf byte 0x00, leaf `i` ending at `ends[i]`.
 */
export interface SubtreeBatch {
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly count: number;
}

/**
 * The worker's whole program. It runs from its source text (`Worker` with `eval`), so the same
 * code serves the TypeScript sources under test and the bundled package, with no worker file to
 * locate; that is why it closes over nothing and reaches Node's modules through
 * `getBuiltinModule`. For each batch it answers the batch's border: the hashes of its complete
 * subtrees, tallest first, 32 bytes each, the same fold `RootAccumulator` makes. The RFC 6962
 * hashing is restated here because a worker cannot share the main thread's hasher; the tests
 * check its roots against the library's.
 */
function subtreeWorkerMain(): void {
  const { hash } = process.getBuiltinModule('node:crypto');
  const { parentPort } = process.getBuiltinModule('node:worker_threads');
  const node = new Uint8Array(65);
  node[0] = 0x01;
  parentPort?.on('message', (batch: SubtreeBatch) => {
    const border: Uint8Array[] = [];
    let start = 0;
    for (let leaf = 0; leaf < batch.count; leaf += 1) {
      const end = batch.ends[leaf] as number;
      let subtree: Uint8Array = hash('sha256', batch.bytes.subarray(start, end), 'buffer');
      start = end;
      // Leaf number `leaf` completes one subtree per trailing one bit of its number.
      for (let rest = leaf; rest % 2 === 1; rest = (rest - 1) / 2) {
        node.set(border.pop() as Uint8Array, 1);
        node.set(subtree, 33);
        subtree = hash('sha256', node, 'buffer');
      }
      border.push(subtree);
    }
    const answer = new Uint8Array(32 * border.length);
    for (let position = 0; position < border.length; position += 1)
      answer.set(border[position] as Uint8Array, 32 * position);
    parentPort.postMessage(answer, [answer.buffer]);
  });
}

/** Starts one subtree worker; it answers each {@link SubtreeBatch} in the order it was sent. */
export function startSubtreeWorker(): Worker {
  return new Worker(`(${subtreeWorkerMain.toString()})()`, { eval: true });
}
