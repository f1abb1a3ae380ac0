import {
  AppError,
  ErrorCodes,
  consentRefusalError,
  IdParam,
  ListConversationsQuery,
  ListMessagesQuery,
  SendMessageRequest,
  type Problem,
} from '@switchboard/contracts';
import { parseOrThrow, problemFor, toAppError } from '@switchboard/http';
import { unauthorized } from '../auth/authenticator';
import { IdempotencyErrors } from '../idempotency/idempotency-errors';
import { MAX_IDEMPOTENCY_KEY_LENGTH, checkIdempotencyKey } from '../idempotency/idempotency-key';
import { tooManyRequests } from '../rate-limit/rate-limiter.middleware';
import { toSendCommand } from '../send-command';

/*
 * Problems are produced by running the real validation and error mapping on a bad input, so
 * the reference shows exactly what the API answers.
 */
export function problemOf(instance: string, fail: () => unknown): Problem {
  try {
    fail();
  } catch (err) {
    const error = toAppError(err);
    return problemFor(error.code, error.message, instance, error.fields);
  }
  throw new Error(`the example for ${instance} was expected to fail`);
}

const raise = (err: unknown) => () => {
  throw err;
};

const sendCommandOf = (body: unknown) =>
  toSendCommand(parseOrThrow(SendMessageRequest, body), 'example', 'US');

/** Each problem the API answers, for a request to `instance` (the path the client called). */
export const problems = {
  sendInvalid: (instance: string) =>
    problemOf(instance, () =>
      sendCommandOf({ from: '+15551234567', to: 'jane@example.com', type: 'fax', body: 'Hi' }),
    ),
  sendMixedKinds: (instance: string) =>
    problemOf(instance, () =>
      sendCommandOf({ from: '+15551234567', to: 'jane@example.com', type: 'sms', body: 'Hi' }),
    ),
  callToEmail: (instance: string) =>
    problemOf(instance, () =>
      sendCommandOf({ from: '+15551234567', to: 'jane@example.com', type: 'voice', body: 'Hi' }),
    ),
  sendUnknownField: (instance: string) =>
    problemOf(instance, () =>
      sendCommandOf({ from: '+15551234567', to: '+15559876543', body: 'Hi', colour: 'blue' }),
    ),
  malformedJson: (instance: string) => problemOf(instance, raise({ type: 'entity.parse.failed' })),
  tooLarge: (instance: string) => problemOf(instance, raise({ type: 'entity.too.large' })),
  badListQuery: (instance: string) =>
    problemOf(instance, () => parseOrThrow(ListMessagesQuery, { limit: '500', status: 'lost' })),
  badParticipant: (instance: string) =>
    problemOf(instance, () => parseOrThrow(ListConversationsQuery, { participant: '' })),
  badId: (instance: string) =>
    problemOf(instance, () => parseOrThrow(IdParam, { id: 'not-a-uuid' })),
  notFound: (instance: string, what: 'Message' | 'Conversation' | 'Suppression') =>
    problemOf(instance, raise(AppError.notFound(what))),
  unavailable: (instance: string) =>
    problemOf(
      instance,
      raise(
        new AppError(
          ErrorCodes.unavailable,
          'A backing service is not available; try again shortly',
        ),
      ),
    ),
  recipientOptedOut: (instance: string) =>
    problemOf(
      instance,
      raise(consentRefusalError({ code: 'recipient_opted_out', reason: 'opt_out' })),
    ),
  recipientSuppressed: (instance: string) =>
    problemOf(
      instance,
      raise(consentRefusalError({ code: 'recipient_suppressed', reason: 'hard_bounce' })),
    ),
  internal: (instance: string) => problemOf(instance, raise(new Error('an unexpected failure'))),
  unauthorized: (instance: string) =>
    problemOf(
      instance,
      raise(unauthorized('Credentials are required: an API key or a bearer token')),
    ),
  badIdempotencyKey: (instance: string) =>
    problemOf(instance, () => checkIdempotencyKey('k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1))),
  idempotencyInProgress: (instance: string) =>
    problemOf(instance, raise(IdempotencyErrors.inProgress())),
  idempotencyReused: (instance: string) => problemOf(instance, raise(IdempotencyErrors.reused())),
  idempotencyUnavailable: (instance: string) =>
    problemOf(instance, raise(IdempotencyErrors.unavailable())),
  rateLimited: (instance: string) =>
    problemOf(instance, raise(tooManyRequests({ requests: 1000, periodS: 1 }, 1))),
} satisfies Record<string, (instance: string, what: 'Message' | 'Conversation') => Problem>;
