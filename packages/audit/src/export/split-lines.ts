import { concatBytes } from '@noble/hashes/utils.js';

/** How {@link splitLines} ended: at the end of the input, stopped by its reader, or at a line too long. */
export type SplitLinesEnd = 'ended' | 'stopped' | 'oversized';

const NEWLINE = 0x0a;

/**
 * Hands `onLine` each newline-terminated line of a byte stream (the last line may lack its
 * newline), without the newline, until `onLine` answers false. A line is a view into its chunk
 * where it lies within one, so it is only valid during the call. A line longer than `maxLength`
 * ends the split without being read, so a corrupt file cannot make the reader buffer without bound.
 */
export async function splitLines(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxLength: number,
  onLine: (line: Uint8Array) => boolean,
): Promise<SplitLinesEnd> {
  // The start of a line that runs on into the next chunk, copied: a producer may reuse buffers.
  let carry: Uint8Array[] = [];
  let carried = 0;
  const feed = (chunk: Uint8Array): SplitLinesEnd | undefined => {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      let line = chunk.subarray(start, end);
      if (carried > 0) {
        line = concatBytes(...carry, line);
        carry = [];
        carried = 0;
      }
      if (line.length > maxLength) return 'oversized';
      if (!onLine(line)) return 'stopped';
      start = end + 1;
    }
    if (start < chunk.length) {
      carry.push(chunk.slice(start));
      carried += chunk.length - start;
      if (carried > maxLength) return 'oversized';
    }
    return undefined;
  };
  if (Symbol.iterator in chunks) {
    for (const chunk of chunks) {
      const ended = feed(chunk);
      if (ended !== undefined) return ended;
    }
  } else {
    for await (const chunk of chunks) {
      const ended = feed(chunk);
      if (ended !== undefined) return ended;
    }
  }
  if (carried === 0) return 'ended';
  return onLine(concatBytes(...carry)) ? 'ended' : 'stopped';
}
