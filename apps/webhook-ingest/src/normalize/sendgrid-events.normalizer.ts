import {
  SENDGRID_EVENT_MEANING,
  SendGridEventBatch,
  SendGridEventType,
  type RecipientSignal,
} from '@switchboard/contracts';
import { parseGeneration } from '@switchboard/providers';
import { emptyResult, parseWith, type NormalizedWebhook } from './normalized-webhook';

export const SENDGRID = 'sendgrid';

/**
 * What a SendGrid event tells about the recipient: a `bounce` is hard unless SendGrid typed it
 * `blocked` (a temporary refusal, counted as soft, as is a `blocked` event); a drop, a complaint
 * and the unsubscribes speak for themselves.
 */
function recipientSignalOf(
  event: SendGridEventType,
  bounceType: string | undefined,
): RecipientSignal | null {
  switch (event) {
    case 'bounce':
      return bounceType === 'blocked' ? 'soft_bounce' : 'hard_bounce';
    case 'blocked':
      return 'soft_bounce';
    case 'dropped':
      return 'dropped';
    case 'spamreport':
      return 'spam_report';
    case 'unsubscribe':
      return 'unsubscribe';
    case 'group_unsubscribe':
      return 'group_unsubscribe';
    default:
      return null;
  }
}

/**
 * A SendGrid Event Webhook batch as status events; an event type the schema does not list is
 * acknowledged and logged only. Our message id comes back in the custom args we sent; the
 * provider id is `sg_message_id` up to its first dot (SendGrid's `X-Message-Id`).
 */
export function normalizeSendGridEvents(payload: unknown, now: Date): NormalizedWebhook {
  const batch = parseWith(SendGridEventBatch, payload, 'not a SendGrid event batch');
  const result = emptyResult();
  for (const event of batch) {
    const type = SendGridEventType.safeParse(event.event).data;
    if (type === undefined) {
      result.ignored.push(`sendgrid event "${event.event}"`);
      continue;
    }
    const status = SENDGRID_EVENT_MEANING[type];
    const messageId = event.switchboard_message_id ?? null;
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
      generation: parseGeneration(event.switchboard_generation),
      recipient_signal: recipientSignalOf(type, event.type),
    });
  }
  return result;
}
