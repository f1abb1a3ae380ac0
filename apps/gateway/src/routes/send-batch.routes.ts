import { BATCH_MAX_MESSAGES, SendBatchRequest, SendBatchResponse } from '@switchboard/contracts';
import type { GatewayContext } from '../gateway-context';
import { problems } from '../openapi/problem-examples';
import {
  IdempotencyKeyHeader,
  IdempotencyReplayedHeader,
  idempotencyDescription,
  idempotencyErrors,
} from '../openapi/resilience-docs';
import { json, problem, serviceErrors } from '../openapi/response-docs';
import { CLIENT_CREDENTIALS } from '../openapi/security-docs';
import { batchProblems, batchRequests, batchResponses } from '../openapi/send-batch-examples';
import { routeDefiner } from '../routing/route-definition';
import { BATCH_BODY_LIMIT_BYTES, BATCH_PATH, SendBatchEnvelope } from './send-batch-envelope';
import { sendBatch } from './send-batch.handler';

const description = [
  `Up to ${BATCH_MAX_MESSAGES} messages in one request, for notifications and campaigns. Each message is validated and normalised exactly like a single send and answered on its own, in the order sent: \`results[i]\` is \`{index, status: 201, message}\` when it was stored, or \`{index, status, problem}\` (an RFC 9457 problem, e.g. \`400\`) when it was not. The answer is \`201\` when every message was stored and \`207\` (Multi-Status) when any was not; one invalid message does not hold the others back.`,
  '',
  'The stored messages are committed together, with their dispatch commands, in the order sent: messages of one conversation are dispatched in that order. A batch counts as one request against the rate limit. To retry a whole batch after a timeout, send it with an `Idempotency-Key`; to retry what was refused, send only the messages whose result is not `201`, as a new batch.',
  '',
  idempotencyDescription.replace('(a UUID per message)', '(a UUID per batch)'),
].join('\n');

const route = routeDefiner<GatewayContext>();

/** `POST /api/v1/messages/batch`: up to 1,000 messages in one request. */
export const sendBatchRoutes = [
  route({
    method: 'post',
    path: BATCH_PATH,
    operationId: 'sendMessageBatch',
    tags: ['Messages'],
    summary: `Send up to ${BATCH_MAX_MESSAGES} messages at once`,
    description,
    request: {
      header: IdempotencyKeyHeader,
      // The envelope only: each message is validated on its own by the handler.
      body: { schema: SendBatchRequest, examples: batchRequests, parseWith: SendBatchEnvelope },
    },
    responses: {
      '201': {
        ...json('Every message stored and queued for dispatch', SendBatchResponse, {
          allStored: batchResponses.allStored,
        }),
        headers: IdempotencyReplayedHeader,
      },
      '207': {
        ...json(
          'Some messages (perhaps all) were not stored: each result says what became of its message',
          SendBatchResponse,
          { mixed: batchResponses.mixed },
        ),
        headers: IdempotencyReplayedHeader,
      },
      '400': problem(
        'The body is not a list of 1 to 1000 messages, or the `Idempotency-Key` is not valid',
        {
          empty: batchProblems.empty,
          notAList: batchProblems.notAList,
          malformedJson: problems.malformedJson(BATCH_PATH),
          badIdempotencyKey: problems.badIdempotencyKey(BATCH_PATH),
        },
      ),
      ...idempotencyErrors(BATCH_PATH),
      '413': problem(`The body is larger than ${BATCH_BODY_LIMIT_BYTES / 1024 / 1024} MiB`, {
        tooLarge: problems.tooLarge(BATCH_PATH),
      }),
      ...serviceErrors(BATCH_PATH),
      '503': problem(
        'conversation-service did not answer in time (or is not running), or — for a request with an `Idempotency-Key` — the keys cannot be checked, or this gateway replica is at capacity (then with `Retry-After`, and nothing was done); safe to retry. With a key, a retry of a batch that timed out answers the messages that were stored; without one, read them back before resending',
        {
          unavailable: problems.unavailable(BATCH_PATH),
          idempotencyUnavailable: problems.idempotencyUnavailable(BATCH_PATH),
        },
      ),
    },
    security: CLIENT_CREDENTIALS,
    async handle(ctx, { req, res, body }) {
      const { results, stored } = await sendBatch(ctx, req, body.messages);
      res.status(stored === body.messages.length ? 201 : 207).json({ results });
    },
  }),
];
