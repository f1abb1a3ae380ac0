import { z } from 'zod';
import type { ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import type { Problem } from '@switchboard/contracts';
import { PROBLEM_CONTENT_TYPE } from '@switchboard/http';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_REPLAYED_HEADER,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../idempotency/idempotency-key';
import { RateLimitHeaders } from '../rate-limit/rate-limiter.middleware';
import { problems } from './problem-examples';
import { pathOf, problem } from './response-docs';

/*
 * How the API reference describes Idempotency-Key and rate limits (docs/RELIABILITY.md tells the
 * why). The send routes take the `Idempotency…` pieces; every authenticated route is passed
 * through `withRateLimits` when the document is built.
 */

const retryAfter = (description: string, seconds: number) =>
  z.object({
    'Retry-After': z
      .number()
      .int()
      .min(1)
      .meta({ description, examples: [seconds] }),
  });

/** The request header of the send operations. */
export const IdempotencyKeyHeader = z.object({
  [IDEMPOTENCY_KEY_HEADER]: z
    .string()
    .min(1)
    .max(MAX_IDEMPOTENCY_KEY_LENGTH)
    .regex(/^[\x20-\x7e]+$/)
    .optional()
    .meta({
      description: `Makes retrying safe: a unique value per message (a UUID is ideal), at most ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters. A retry with the same key and body gets the first answer back instead of sending again, for 24 hours.`,
      examples: ['0192f0c4-6a4e-7c1d-9f00-5b7e2d3c4a10'],
    }),
});

/** The response header of a replayed answer. */
export const IdempotencyReplayedHeader = z.object({
  [IDEMPOTENCY_REPLAYED_HEADER]: z
    .literal('true')
    .optional()
    .meta({
      description: `Present when this is the stored answer to an earlier request with the same ${IDEMPOTENCY_KEY_HEADER}`,
      examples: ['true'],
    }),
});

export const idempotencyDescription = [
  `**Retrying safely.** Send an \`${IDEMPOTENCY_KEY_HEADER}\` (a UUID per message) and retry with the same key and body after a timeout or a dropped connection: the message is stored and sent once, and a retry gets the first answer again (status and body) with \`${IDEMPOTENCY_REPLAYED_HEADER}: true\`, for 24 hours. A retry while the first request is still running gets \`409\` (retry after \`Retry-After\`); the same key with another body, \`422\`. Server errors (5xx) are not kept: retry them with the same key.`,
].join('\n');

/** The answers about an `Idempotency-Key` itself. */
export function idempotencyErrors(route: string): ZodOpenApiResponsesObject {
  return {
    '409': problem(
      `A request with this \`${IDEMPOTENCY_KEY_HEADER}\` is still being processed; retry after \`Retry-After\` seconds to get its answer`,
      { inProgress: problems.idempotencyInProgress(route) },
      retryAfter('Seconds to wait before retrying', 1),
    ),
    '422': problem(
      `This \`${IDEMPOTENCY_KEY_HEADER}\` was already used for a different request (another route or body); use a new key`,
      { keyReused: problems.idempotencyReused(route) },
    ),
  };
}

// Optional: a deployment may turn rate limiting off (`RATE_LIMIT_ENABLED=false`).
const RateLimitHeaderSchema = z.object({
  [RateLimitHeaders.limit]: z
    .number()
    .int()
    .min(1)
    .optional()
    .meta({
      description:
        "Requests the client may make per window (its tenant's budget); absent when rate limiting is off",
      examples: [1000],
    }),
  [RateLimitHeaders.remaining]: z
    .number()
    .int()
    .min(0)
    .optional()
    .meta({
      description: 'Requests left in the current window',
      examples: [999],
    }),
  [RateLimitHeaders.reset]: z
    .number()
    .int()
    .min(0)
    .optional()
    .meta({
      description: 'Seconds until the window resets',
      examples: [1],
    }),
});

function withHeaders(response: ZodOpenApiResponseObject): ZodOpenApiResponseObject {
  const { headers } = response;
  if (headers !== undefined && !(headers instanceof z.ZodObject)) return response;
  return {
    ...response,
    headers: headers ? headers.extend(RateLimitHeaderSchema.shape) : RateLimitHeaderSchema,
  };
}

/**
 * The answers of an operation at `path` with its rate limits documented: `RateLimit-*` headers on
 * every success and a `429` answer.
 */
export function withRateLimits(
  responses: ZodOpenApiResponsesObject,
  path: string,
): ZodOpenApiResponsesObject {
  const limited: ZodOpenApiResponsesObject = Object.fromEntries(
    Object.entries(responses).map(([status, response]) => [
      status,
      /^2\d\d$/.test(status) ? withHeaders(response as ZodOpenApiResponseObject) : response,
    ]),
  );
  // A route's own 429 (a limit of its own) is documented beside the rate limit's.
  const own = responses['429'] as ZodOpenApiResponseObject | undefined;
  const ownExamples = (own?.content?.[PROBLEM_CONTENT_TYPE]?.examples ?? {}) as Record<
    string,
    { value: Problem }
  >;
  limited['429'] = problem(
    "Too many requests: the client's budget for the current window is spent (a bulk send costs one point per message), or its address failed authentication too often; retry after `Retry-After` seconds" +
      (own ? `. ${own.description}` : ''),
    {
      rateLimited: problems.rateLimited(pathOf(path)),
      ...Object.fromEntries(Object.entries(ownExamples).map(([name, ex]) => [name, ex.value])),
    },
    RateLimitHeaderSchema.extend(retryAfter('Seconds until the budget is renewed', 1).shape),
  );
  return limited;
}
