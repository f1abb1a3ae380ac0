import type { SendBatchRequest, SendBatchResponse } from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import { SendBatchEnvelope } from '../routes/send-batch.routes';
import { messages, problemOf, problems, sendRequests } from './api-examples';

/*
 * Examples of `POST /api/v1/messages/batch`, telling the same story as the single-send ones:
 * the SMS and the email sent in one request, and the same request with a mistake in it.
 */

export const BATCH_ROUTE = '/api/v1/messages/batch';

export const batchRequests = {
  two: {
    summary: 'An SMS and an email',
    value: { messages: [sendRequests.sms, sendRequests.email] },
  },
} satisfies Record<string, { summary: string; value: SendBatchRequest }>;

export const batchResponses = {
  allStored: {
    summary: 'Both stored',
    value: {
      results: [
        { index: 0, status: 201, message: messages.queuedSms },
        { index: 1, status: 201, message: messages.queuedEmail },
      ],
    },
  },
  mixed: {
    summary: 'The second one refused: an SMS to an email address',
    value: {
      results: [
        { index: 0, status: 201, message: messages.queuedSms },
        { index: 1, status: 400, problem: problems.sendMixedKinds(BATCH_ROUTE) },
      ],
    },
  },
} satisfies Record<string, { summary: string; value: SendBatchResponse }>;

export const batchProblems = {
  empty: problemOf(BATCH_ROUTE, () => parseOrThrow(SendBatchEnvelope, { messages: [] })),
  notAList: problemOf(BATCH_ROUTE, () => parseOrThrow(SendBatchEnvelope, { messages: 'hi' })),
};
