import pino, { type Logger } from 'pino';
import { currentCorrelation } from './correlation';
import {
  MASKED_KEYS,
  REMOVED_KEYS,
  SECRET_HEADERS,
  maskAddress,
  redactLogObject,
  redactPaths,
  scrubText,
} from './redact';
import { activeTraceIds } from './trace-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: string;
  /** Pretty output for a human at a terminal; JSON otherwise. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

const maskedPaths = redactPaths(MASKED_KEYS);
const removedPaths = [
  ...redactPaths(REMOVED_KEYS),
  ...SECRET_HEADERS.flatMap((h) => [`headers["${h}"]`, `*.headers["${h}"]`, `*.*.headers["${h}"]`]),
];

/**
 * The JSON logger every service uses: `service`, `level`, `time`, the correlation of the work
 * being done (`request_id`, `message_id`…) and its `trace_id`/`span_id`, and PII kept out —
 * addresses masked, bodies and secrets removed.
 *
 * @example const log = createLogger({ service: 'gateway', level: 'info' });
 */
export function createLogger(options: LoggerOptions): Logger {
  const config: pino.LoggerOptions = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      // The paths below cover the usual shapes fast; these cover any depth, child bindings,
      // and the text of errors (a database or provider error may quote an address).
      log: (object) => redactLogObject(object) as Record<string, unknown>,
      bindings: (bindings) => redactLogObject(bindings) as pino.Bindings,
    },
    // Errors arrive here already turned into scrubbed plain objects (formatters.log).
    serializers: {
      err: (err: unknown) => (err instanceof Error ? pino.stdSerializers.err(err) : err),
    },
    hooks: {
      logMethod(args, method) {
        // `log.error(err)` would take its message as `msg` unscrubbed: log it as `{ err }`.
        const [first, ...rest] = args as unknown[];
        const normalized =
          first instanceof Error && typeof rest[0] !== 'string'
            ? [{ err: first }, first.message, ...rest]
            : args;
        const scrubbed = normalized.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    // Every line says which request, message and trace it belongs to, in whichever service.
    mixin: () => ({ ...currentCorrelation(), ...activeTraceIds() }),
    redact: {
      paths: [...maskedPaths, ...removedPaths],
      censor: (value, path) => {
        const key = path[path.length - 1] ?? '';
        return (MASKED_KEYS as readonly string[]).includes(key) ? maskAddress(value) : '[redacted]';
      },
    },
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) {
    return pino({ ...config, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino(config);
}
