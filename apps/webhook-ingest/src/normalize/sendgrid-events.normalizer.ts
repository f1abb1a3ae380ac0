import type { MessageStatus } from '@switchboard/contracts';
import {
  SENDGRID_GENERATION_ARG,
  SENDGRID_MESSAGE_ID_ARG,
  parseGeneration,
} from '@switchboard/providers';
import { z } from 'zod';
import { WebhookFormatError, emptyResult, type NormalizedWebhook } from './normalized-webhook';

export const SENDGRID = 'sendgrid';

/** SendGrid's event types in our statuses; the rest are acknowledged and logged only. */
const SENDGRID_STATUS: Readonly<Record<string, MessageStatus>> = {
  processed: 'sent',
  delivered: 'delivered',
  bounce: 'undelivered',
  blocked: 'undelivered',
  dropped: 'failed',
  open: 'read',
  click: 'read',
};

const SendGridEvent = z
  .object({
    event: z.string().max(64),
    sg_event_id: z.string().min(1).max(200),
    sg_message_id: z.string().max(500).optional(),
    // Unix seconds up to the year 9999: anything else cannot be a date.
    timestamp: z.number().min(0).max(253_402_300_799).optional(),
    reason: z.string().max(2000).optional(),
    status: z.string().max(64).optional(),
    type: z.string().max(64).optional(),
  })
  .catchall(z.unknown());
const SendGridBatch = z.array(SendGridEvent).max(10_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A SendGrid Event Webhook batch as status events. Our message id comes back in the custom args
 * we sent; the provider id is `sg_message_id` up to its first dot (SendGrid's `X-Message-Id`).
 */
export function normalizeSendGridEvents(payload: unknown, now: Date): NormalizedWebhook {
  const parsed = SendGridBatch.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookFormatError(
      issue?.path.join('.') || 'body',
      issue?.message ?? 'not a SendGrid event batch',
    );
  }
  const result = emptyResult();
  for (const event of parsed.data) {
    const status = SENDGRID_STATUS[event.event];
    if (!status) {
      result.ignored.push(`sendgrid event "${event.event}"`);
      continue;
    }
    const ours = event[SENDGRID_MESSAGE_ID_ARG];
    const messageId = typeof ours === 'string' && UUID.test(ours) ? ours : null;
    const providerMessageId = event.sg_message_id?.split('.')[0] || null;
    if (!messageId && !providerMessageId) {
      result.ignored.push(`sendgrid event "${event.event}" without a message reference`);
      continue;
    }
    const failed = status === 'failed' || status === 'undelivered';
    result.statuses.push({
      event_id: `sendgrid:${event.sg_event_id}`,
      message_id: messageId,
      provider: SENDGRID,
      provider_message_id: providerMessageId,
      status,
      error_code: failed ? (event.status ?? event.type ?? event.event) : null,
      error_message: failed ? (event.reason ?? null) : null,
      occurred_at: event.timestamp
        ? new Date(event.timestamp * 1000).toISOString()
        : now.toISOString(),
      source: 'webhook',
      // The attempt the event is about, from the custom args that attempt sent.
      generation: parseGeneration(event[SENDGRID_GENERATION_ARG]),
    });
  }
  return result;
}
