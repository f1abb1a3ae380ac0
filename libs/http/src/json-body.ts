import express, { type RequestHandler } from 'express';
import { AppError } from '@switchboard/contracts';

/**
 * The deepest nesting of arrays and objects a JSON body may have. Validation, idempotency
 * fingerprints and serialisation all recurse over a parsed body: a 1 MiB body can nest half a
 * million levels and overflow the stack of any of them. No API document needs more than a few.
 */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether JSON text nests arrays and objects deeper than `max`, by one pass over its bytes
 * (brackets inside strings do not count). Malformed text is left to the parser to refuse.
 *
 * @example jsonNestingExceeds('[[[1]]]', 2) // true
 */
export function jsonNestingExceeds(text: string | Buffer, max: number): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      if (++depth > max) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

/**
 * `express.json` that also refuses, as `400 validation_failed` and before parsing, a body nested
 * deeper than `MAX_JSON_DEPTH`.
 *
 * @example app.use(jsonBodyParser({ limit: config.BODY_LIMIT_BYTES }));
 */
export function jsonBodyParser(options: { limit: number }): RequestHandler {
  return express.json({
    limit: options.limit,
    strict: true,
    verify: (_req, _res, buffer) => {
      if (jsonNestingExceeds(buffer, MAX_JSON_DEPTH)) {
        throw AppError.validation(
          [{ field: 'body', message: `must not be nested deeper than ${MAX_JSON_DEPTH} levels` }],
          'The request body is nested too deeply',
        );
      }
    },
  });
}
