import { err, ok, type Result } from '@strongroom/kernel';
import { decodeUtf8 } from '../checkpoint/note-text.js';

/** Why a response body was not read. */
export type BoundedTextProblem = 'too_large' | 'bad_utf8';

/**
 * Reads a response body as strict UTF-8, stopping (and cancelling the stream) as soon as it passes
 * `limitBytes`, so a hostile or broken server cannot make the client buffer without bound.
 * Network failures and aborts surface as rejections, like the rest of `fetch`.
 */
export async function readBoundedText(
  response: Response,
  limitBytes: number,
): Promise<Result<string, BoundedTextProblem>> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limitBytes) {
    await response.body?.cancel();
    return err('too_large');
  }
  if (response.body === null) return ok('');
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limitBytes) {
      await reader.cancel();
      return err('too_large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  const text = decodeUtf8(bytes);
  return text === undefined ? err('bad_utf8') : ok(text);
}
