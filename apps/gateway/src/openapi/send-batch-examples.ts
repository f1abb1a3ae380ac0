import type { SendBatchRequest, SendBatchResponse } from '@switchboard/contracts';
import { parseOrThrow } from '@switchboard/http';
import { BATCH_PATH, SendBatchEnvelope } from '../routes/send-batch-envelope';
import { messages, sendRequests } from './message-examples';
import { problemOf, problems } from './problem-examples';

/*
 * Examples of `POST /api/v1/messages/batch`, telling the same story as the single-send ones:
 * the SMS and the email sent in one request, and the same request with a mistake in it.
 */

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
        { index: 1, status: 400, problem: problems.sendMixedKinds(BATCH_PATH) },
      ],
    },
  },
} satisfies Record<string, { summary: string; value: SendBatchResponse }>;

export const batchProblems = {
  empty: problemOf(BATCH_PATH, () => parseOrThrow(SendBatchEnvelope, { messages: [] })),
  notAList: problemOf(BATCH_PATH, () => parseOrThrow(SendBatchEnvelope, { messages: 'hi' })),
};
