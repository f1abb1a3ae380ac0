import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { AppError, ErrorCodes, RpcReply } from '@switchboard/contracts';
import {
  SpanKind,
  continueIncoming,
  inSpan,
  markActiveSpanFailed,
  outgoingHeaders,
} from '@switchboard/observability';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { encodeJson, fromHeaders, toHeaders } from './codec';

export interface RpcCallOptions {
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Calls a request/reply handler and returns its data, or throws the AppError it answered with.
 * No responder or no answer in time becomes `unavailable` (HTTP 503).
 *
 * @example const message = await callRpc(nc, Rpc.getMessage, { tenant_id, id });
 */
export async function callRpc<T = unknown>(
  nc: NatsConnection,
  subject: string,
  payload: unknown,
  options: RpcCallOptions = {},
): Promise<T> {
  const reply = await inSpan(
    `rpc ${subject}`,
    { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.method': subject } },
    async () => {
      try {
        const hdrs = toHeaders(outgoingHeaders(options.headers));
        const msg = await nc.request(subject, encodeJson(payload), {
          timeout: options.timeoutMs ?? 5_000,
          ...(hdrs ? { headers: hdrs } : {}),
        });
        return RpcReply.parse(msg.json());
      } catch (err) {
        throw new AppError(
          ErrorCodes.unavailable,
          'A backing service is not available; try again shortly',
          [],
          { cause: err },
        );
      }
    },
  );
  if (reply.ok) return reply.data as T;
  throw new AppError(reply.error.code, reply.error.message, reply.error.fields);
}

export interface RpcHandlerContext {
  headers: Record<string, string>;
}

/**
 * Serves a request/reply subject in a queue group: the request is validated against its
 * contract, the handler's result (or AppError) is sent back as an RpcReply.
 */
export function serveRpc<S extends z.ZodType>(
  nc: NatsConnection,
  options: {
    subject: string;
    queue: string;
    schema: S;
    log: Logger;
    handle: (request: z.output<S>, ctx: RpcHandlerContext) => Promise<unknown>;
  },
): Subscription {
  const { log } = options;
  return nc.subscribe(options.subject, {
    queue: options.queue,
    callback: (err, msg) => {
      if (err) {
        log.error({ err, subject: options.subject }, 'rpc subscription failed');
        return;
      }
      const headers = fromHeaders(msg.headers);
      // The caller's trace and request id continue here.
      void continueIncoming(
        headers,
        `serve ${options.subject}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'rpc.system': 'nats', 'rpc.method': options.subject },
        },
        {},
        async () => {
          let reply: RpcReply;
          try {
            const parsed = options.schema.safeParse(msg.json());
            if (!parsed.success) {
              throw AppError.validation(
                parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
              );
            }
            reply = {
              ok: true,
              data: await options.handle(parsed.data, { headers }),
            };
          } catch (error) {
            const appError =
              error instanceof AppError
                ? error
                : new AppError(ErrorCodes.internal, 'Something went wrong on our side', [], {
                    cause: error,
                  });
            if (appError.code === ErrorCodes.internal || appError.code === ErrorCodes.unavailable) {
              log.error({ err: error, subject: options.subject }, 'rpc handler failed');
              markActiveSpanFailed(error);
            }
            reply = {
              ok: false,
              error: {
                code: appError.code,
                message: appError.message,
                fields: [...appError.fields],
              },
            };
          }
          msg.respond(encodeJson(reply));
        },
      ).catch((error: unknown) => {
        log.error({ err: error, subject: options.subject }, 'rpc reply could not be sent');
      });
    },
  });
}
