import pino, { type DestinationStream } from 'pino';
import type { LogFields, Logger, LogLevel } from './logger.js';
import { redactForLog, redactText } from './redact-for-log.js';

/** What {@link createPinoLogger} takes. */
export interface PinoLoggerOptions {
  /** Lowest level written; default `info`. */
  readonly level?: LogLevel;
  /** Where lines go; default standard output. Tests pass a stream that keeps them. */
  readonly destination?: DestinationStream;
  /** Fields on every line (service name, version). */
  readonly base?: LogFields;
}

function adapt(instance: pino.Logger): Logger {
  return {
    log(level, message, fields) {
      const line = redactText(message);
      if (fields === undefined) instance[level](line);
      else instance[level](redactForLog(fields) as object, line);
    },
    child: (bindings) => adapt(instance.child(redactForLog(bindings) as pino.Bindings)),
  };
}

/**
 * The logger port on pino: one JSON object per line, every field and message redacted first
 * (see `redactForLog`), with pino's own `err` serializer replaced by the redacting one.
 */
export function createPinoLogger(options: PinoLoggerOptions = {}): Logger {
  const instance = pino(
    {
      level: options.level ?? 'info',
      base: options.base === undefined ? null : (redactForLog(options.base) as object),
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (error: unknown) => redactForLog(error) },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
  return adapt(instance);
}
