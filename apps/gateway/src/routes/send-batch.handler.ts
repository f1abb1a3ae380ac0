import type { Request } from 'express';
import {
  AppError,
  RpcContracts,
  SendMessageRequest,
  type SendBatchItemResult,
  type SendBatchResponse,
  type SendMessageCommand,
} from '@switchboard/contracts';
import { parseOrThrow, problemFor, toAppError } from '@switchboard/http';
import type { GatewayContext } from '../gateway-context';
import { storedIdempotencyKey } from '../idempotency/idempotency.middleware';
import { toSendCommand } from '../send-command';

/**
 * Commands per request to conversation-service are cut at this size: NATS refuses payloads over
 * its `max_payload` (1 MiB by default), and the reply repeats every message with its fields.
 */
const RPC_CHUNK_BYTES = 384 * 1024;

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
 * Sends up to 1,000 messages: each is validated and normalised like a single send and answered
 * on its own, in order. The valid ones are stored together by conversation-service (one
 * transaction per chunk), in request order, so messages of one conversation are dispatched in
 * that order. `stored` counts the messages stored: all of them makes the answer a `201`.
 */
export async function sendBatch(
  ctx: GatewayContext,
  req: Request,
  messages: readonly unknown[],
): Promise<SendBatchResponse & { stored: number }> {
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
      ctx.log.error({ err: failure.cause ?? failure, stored }, 'bulk send failed part-way');
      for (const { index } of chunk) refuse(index, failure);
    }
  }
  return { results, stored };
}
