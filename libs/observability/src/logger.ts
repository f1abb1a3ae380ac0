import pino, { type Logger } from 'pino';
import { currentCorrelation } from './correlation';
import { redactLogObject, scrubText } from './redact';
import { activeTraceIds } from './trace-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: string;
  /** Pretty output for a human at a terminal; JSON otherwise. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

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
      // PII and secrets out at any depth, and in the text of errors (a database or provider
      // error may quote an address); child bindings are redacted as children are made (below).
      // Serializers run after this: the only one, for `err`, receives errors already turned
      // into scrubbed plain objects.
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
  };
  const logger = options.destination
    ? pino(config, options.destination)
    : options.pretty
      ? pino({ ...config, transport: { target: 'pino-pretty', options: { colorize: true } } })
      : pino(config);
  return redactingChildren(logger);
}

/**
 * Standard output written in blocks of up to `bytes` rather than a write per line, at most
 * `flushMs` late, and flushed at exit: for a process that logs a line per request at thousands
 * of requests a second (the provider sandbox under a benchmark), where a write per line costs
 * more than the request. A line still held when the process is killed outright is lost.
 *
 * @example createLogger({ service: 'provider-sandbox', level: 'info', destination: bufferedStdout() });
 */
export function bufferedStdout(
  options: { bytes?: number; flushMs?: number } = {},
): pino.DestinationStream {
  // pino flushes a destination of its own making when the process exits.
  const stdout = pino.destination({ dest: 1, sync: false, minLength: options.bytes ?? 8_192 });
  let held = false;
  setInterval(() => {
    if (!held) return;
    held = false;
    stdout.flush();
  }, options.flushMs ?? 250).unref();
  return {
    write(line: string) {
      held = true;
      stdout.write(line);
    },
  };
}

/**
 * pino applies the bindings formatter to the root logger's bindings only: a child's are redacted
 * here, before pino serialises them once. Children inherit `child` from their parent, so this
 * covers every descendant.
 */
function redactingChildren(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactLogObject(bindings) as pino.Bindings, childOptions);
  } as Logger['child'];
  return logger;
}
