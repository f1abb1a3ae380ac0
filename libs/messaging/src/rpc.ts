import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  AppError,
  ErrorCodes,
  RpcReply,
  type RpcContract,
  type RpcReplyOf,
  type RpcRequestOf,
} from '@switchboard/contracts';
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
import type { ReplyInbox } from './reply-inbox';

export interface RpcCallOptions {
  timeoutMs?: number;
  headers?: Readonly<Record<string, string>>;
}

/**
 * Calls a request/reply handler and returns its data, parsed by the contract's reply schema, or
 * throws the AppError it answered with. No responder or no answer in time becomes `unavailable`
 * (HTTP 503); a reply that does not match the contract becomes `internal` (HTTP 500).
 *
 * @example const message = await callRpc(nats.requests, RpcContracts.getMessage, { tenant_id, id });
 */
export async function callRpc<C extends RpcContract>(
  requests: ReplyInbox,
  contract: C,
  payload: RpcRequestOf<C>,
  options: RpcCallOptions = {},
): Promise<RpcReplyOf<C>> {
  const { subject } = contract;
  const reply = await inSpan(
    `rpc ${subject}`,
    { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.method': subject } },
    async () => {
      try {
        const hdrs = toHeaders(outgoingHeaders(options.headers));
        const msg = await requests.request(subject, encodeJson(payload), {
          timeoutMs: options.timeoutMs ?? 5_000,
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
  if (!reply.ok) throw new AppError(reply.error.code, reply.error.message, reply.error.fields);
  const data = contract.reply.safeParse(reply.data);
  if (data.success) return data.data as RpcReplyOf<C>;
  throw new RpcContractError(subject, data.error.issues);
}

/**
 * A reply that does not match its contract: caller and server were built from different
 * contracts. The client is told only that something went wrong on our side; the cause (logged
 * with the 500) names the subject and each field that did not match.
 */
export class RpcContractError extends AppError {
  constructor(
    readonly subject: string,
    readonly issues: readonly z.core.$ZodIssue[],
  ) {
    super(ErrorCodes.internal, 'Something went wrong on our side', [], {
      cause: new Error(
        `The reply to ${subject} does not match its contract: ${issues
          .map((i) => `${i.path.join('.') || '(reply)'}: ${i.message}`)
          .join('; ')}`,
      ),
    });
  }
}

export interface RpcHandlerContext {
  headers: Record<string, string>;
}

/**
 * Serves a request/reply subject in a queue group: the request is validated against its
 * contract, the handler's result (or AppError) is sent back as an RpcReply.
 */
export function serveRpc<C extends RpcContract>(
  nc: NatsConnection,
  options: {
    contract: C;
    queue: string;
    log: Logger;
    handle: (request: RpcRequestOf<C>, ctx: RpcHandlerContext) => Promise<RpcReplyOf<C>>;
  },
): Subscription {
  const { log, contract } = options;
  const { subject } = contract;
  // A reply larger than the server's max_payload cannot be published: the caller would wait out
  // its timeout and answer 503 as if the service were down. It gets our fault at once instead.
  const fitted = (reply: RpcReply): Uint8Array => {
    const encoded = encodeJson(reply);
    const limit = nc.info?.max_payload;
    if (limit === undefined || encoded.byteLength <= limit) return encoded;
    log.error({ subject, bytes: encoded.byteLength, max_payload: limit }, 'rpc reply too large');
    return encodeJson({
      ok: false,
      error: { code: ErrorCodes.internal, message: 'Something went wrong on our side', fields: [] },
    } satisfies RpcReply);
  };
  return nc.subscribe(subject, {
    queue: options.queue,
    callback: (err, msg) => {
      if (err) {
        log.error({ err, subject }, 'rpc subscription failed');
        return;
      }
      const headers = fromHeaders(msg.headers);
      // The caller's trace and request id continue here.
      void continueIncoming(
        headers,
        `serve ${subject}`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'rpc.system': 'nats', 'rpc.method': subject },
        },
        {},
        async () => {
          let reply: RpcReply;
          try {
            const parsed = contract.request.safeParse(msg.json());
            if (!parsed.success) {
              throw AppError.validation(
                parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
              );
            }
            reply = {
              ok: true,
              data: await options.handle(parsed.data as RpcRequestOf<C>, { headers }),
            };
          } catch (error) {
            const appError =
              error instanceof AppError
                ? error
                : new AppError(ErrorCodes.internal, 'Something went wrong on our side', [], {
                    cause: error,
                  });
            if (appError.code === ErrorCodes.internal || appError.code === ErrorCodes.unavailable) {
              log.error({ err: error, subject }, 'rpc handler failed');
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
          msg.respond(fitted(reply));
        },
      ).catch((error: unknown) => {
        log.error({ err: error, subject }, 'rpc reply could not be sent');
      });
    },
  });
}
