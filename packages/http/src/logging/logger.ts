/** Severity of a log line, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of a log line; redacted by the adapter before anything is written. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logger port: structured JSON lines. Adapters must redact secrets (see `redactForLog`)
 * themselves, because a caller can never be trusted to have left every token out.
 */
export interface Logger {
  /** Writes one line at `level`. */
  log(level: LogLevel, message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: LogFields): Logger;
}

/** A logger that writes nothing, for hosts that log elsewhere. */
export const silentLogger: Logger = Object.freeze({
  log: () => undefined,
  child: () => silentLogger,
});
