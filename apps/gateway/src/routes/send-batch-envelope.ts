import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { BATCH_MAX_MESSAGES } from '@switchboard/contracts';
import { jsonBodyParser } from '@switchboard/http';

/*
 * The outside of a bulk send: its size limit, its envelope, and what it is charged. The gateway
 * mounts the parser and the charge in front of the route (gateway.ts).
 */

export const BATCH_PATH = '/api/v1/messages/batch';

/** The largest bulk body: a full batch of long texts, far beyond one send's 1 MiB. */
export const BATCH_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** The envelope; each message is validated on its own, so one bad message fails alone. */
export const SendBatchEnvelope = z
  .object({ messages: z.array(z.unknown()).min(1).max(BATCH_MAX_MESSAGES) })
  .strict();

/** Parses a bulk body (up to `BATCH_BODY_LIMIT_BYTES`); mount it before the general JSON parser. */
export function batchBodyParser(): RequestHandler {
  return jsonBodyParser({ limit: BATCH_BODY_LIMIT_BYTES });
}

/**
 * How many messages a bulk request carries: what it is charged before its messages are
 * validated. 0 when its envelope is not a batch the route accepts (it answers `400` for one point).
 */
export function batchSizeOf(req: Request): number {
  if (req.method !== 'POST') return 0;
  const envelope = SendBatchEnvelope.safeParse(req.body);
  return envelope.success ? envelope.data.messages.length : 0;
}
