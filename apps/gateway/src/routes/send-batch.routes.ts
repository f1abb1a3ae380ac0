import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  AppError,
  BATCH_MAX_MESSAGES,
  RpcContracts,
  SendMessageRequest,
  type SendBatchItemResult,
  type SendMessageCommand,
} from '@switchboard/contracts';
import { jsonBodyParser, parseOrThrow, problemFor, toAppError } from '@switchboard/http';
import type { Logger } from '@switchboard/observability';
import type { GatewayContext } from '../gateway-context';
import { storedIdempotencyKey } from '../idempotency/idempotency.middleware';
import { toSendCommand } from '../send-command';

/** The largest bulk body: a full batch of long texts, far beyond one send's 1 MiB. */
export const BATCH_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
/**
 * Commands per request to conversation-service are cut at this size: NATS refuses payloads over
 * its `max_payload` (1 MiB by default), and the reply repeats every message with its fields.
 */
const RPC_CHUNK_BYTES = 384 * 1024;

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

interface Valid {
  index: number;
  command: SendMessageCommand;
  bytes: number;
}

/** Consecutive runs of commands, each under RPC_CHUNK_BYTES (a larger command goes alone). */
function chunksOf(valid: readonly Valid[]): Valid[][] {
  const chunks: Valid[][] = [];
  let current: Valid[] = [];
  let bytes = 0;
  for (const item of valid) {
    if (current.length && bytes + item.bytes > RPC_CHUNK_BYTES) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.bytes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/**
 * `POST /api/v1/messages/batch`: up to 1,000 messages in one request. Each is validated and
 * normalised like a single send and answered on its own, in order — `{results: [{index, status,
 * message | problem}]}` — with `201` when every message was stored and `207` otherwise. The
 * valid ones are stored together by conversation-service (one transaction per chunk), in
 * request order, so messages of one conversation are dispatched in that order.
 */
export function sendBatchRouter(ctx: GatewayContext, log: Logger): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const { messages } = parseOrThrow(SendBatchEnvelope, req.body);
    const instance = req.originalUrl.split('?')[0];
    const tenantId = ctx.tenantOf(req);
    const results: SendBatchItemResult[] = new Array(messages.length);
    const refuse = (index: number, error: AppError) => {
      const problem = problemFor(error.code, error.message, instance, error.fields);
      results[index] = { index, status: problem.status, problem };
    };

    const valid: Valid[] = [];
    messages.forEach((item, index) => {
      try {
        const command = {
          ...toSendCommand(
            parseOrThrow(SendMessageRequest, item),
            tenantId,
            ctx.defaultCountry,
            ctx.attachmentHostAllowlist,
          ),
          idempotency_key: storedIdempotencyKey(req, index),
        };
        valid.push({ index, command, bytes: Buffer.byteLength(JSON.stringify(command)) });
      } catch (err) {
        refuse(index, toAppError(err));
      }
    });

    // One chunk after another: a conversation's messages keep their order across chunks, and
    // once one fails the later ones are not tried (they would overtake its messages).
    let stored = 0;
    let failure: AppError | undefined;
    for (const chunk of chunksOf(valid)) {
      if (failure) {
        for (const { index } of chunk) refuse(index, failure);
        continue;
      }
      try {
        const reply = await ctx.call(RpcContracts.sendBatch, {
          commands: chunk.map((item) => item.command),
        });
        chunk.forEach(({ index }, i) => {
          const outcome = reply.results[i];
          if (outcome?.ok) {
            results[index] = { index, status: 201, message: outcome.message };
            stored += 1;
          } else {
            const error = outcome?.error;
            refuse(
              index,
              error
                ? new AppError(error.code, error.message, error.fields)
                : toAppError(new Error('conversation-service answered no outcome for a message')),
            );
          }
        });
      } catch (err) {
        // Nothing stored yet: the request fails as a whole, like a single send would.
        if (stored === 0) throw err;
        failure = toAppError(err);
        log.error({ err: failure.cause ?? failure, stored }, 'bulk send failed part-way');
        for (const { index } of chunk) refuse(index, failure);
      }
    }
    res.status(stored === messages.length ? 201 : 207).json({ results });
  });
  return router;
}
