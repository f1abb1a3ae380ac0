import { z } from 'zod';
import type { MessageStatus } from '../message.schema';

/**
 * The statuses of a call's status callbacks, as Twilio and Telnyx TeXML post them. The OpenAPI
 * document lists these and webhook-ingest reads them, so the two cannot disagree.
 */
export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'no-answer',
  'canceled',
  'failed',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * What each call status means for the call's message: under way is `sent`; `completed` is
 * `delivered` (conversation-service fails a voicemail drop that hung up on a person); a call
 * that never connected is `failed`, its status the error code.
 */
export const CALL_STATUS_MEANING: Readonly<Record<CallStatus, MessageStatus>> = {
  queued: 'sent',
  initiated: 'sent',
  ringing: 'sent',
  'in-progress': 'sent',
  completed: 'delivered',
  busy: 'failed',
  'no-answer': 'failed',
  canceled: 'failed',
  failed: 'failed',
};

const Field = z.string().max(200);

/**
 * A call status callback (form-encoded): the fields read. Twilio and Telnyx TeXML post the same
 * names; anything else in the form is left alone.
 */
export const CallStatusForm = z.object({
  CallSid: Field.min(1).describe("The provider's id of the call (`CA…`, Telnyx `v3:…`)"),
  CallStatus: Field.describe(`The call's status: ${CALL_STATUSES.join(', ')}`),
  AnsweredBy: Field.optional().describe(
    'Answering-machine detection: `human`, `machine_start`, `machine_end_beep`, `fax`, `unknown`, …',
  ),
  CallDuration: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional()
    .describe('Seconds the call lasted, on `completed`'),
  ErrorCode: Field.optional().describe("The provider's error code of a failed call"),
  ErrorMessage: z.string().max(1000).optional(),
});
export type CallStatusForm = z.infer<typeof CallStatusForm>;
