/** The `code` of a Node system error (`ENOENT`, `EACCES`, …), if it has one. */
export function errorCode(cause: unknown): string | undefined {
  return typeof cause === 'object' && cause !== null && 'code' in cause
    ? String((cause as { code: unknown }).code)
    : undefined;
}

const RETRYABLE_CODES = new Set(['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'EINTR', 'EIO']);

/** Whether a file-system failure may go away by itself (too many open files, a busy device). */
export function isRetryableFileError(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}
