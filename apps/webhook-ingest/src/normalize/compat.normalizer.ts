import { CompatEmailWebhook, CompatSmsWebhook } from '@switchboard/contracts';
import {
  emptyResult,
  inboundEventId,
  normalizeReported,
  parseWith,
  type NormalizedWebhook,
} from './normalized-webhook';

export const COMPAT_SMS_PROVIDER = 'messaging_provider';
export const COMPAT_EMAIL_PROVIDER = 'xillio';

/** One generic provider message as an inbound event; the provider's id makes it idempotent. */
function inbound(
  provider: string,
  providerMessageId: string,
  type: 'sms' | 'mms' | 'email',
  m: {
    from: string;
    to: string;
    body: string;
    attachments?: string[] | null;
    timestamp?: string | undefined;
  },
  now: Date,
  defaultCountry: string,
): NormalizedWebhook {
  const result = emptyResult();
  const to = normalizeReported(m.to, defaultCountry);
  result.inbound.push({
    event_id: inboundEventId(provider, providerMessageId, to),
    provider,
    provider_message_id: providerMessageId,
    type,
    from: normalizeReported(m.from, defaultCountry),
    to,
    subject: null,
    body: m.body,
    attachments: m.attachments ?? [],
    received_at: m.timestamp ?? now.toISOString(),
  });
  return result;
}

export function normalizeCompatSms(
  payload: unknown,
  now: Date,
  defaultCountry: string,
): NormalizedWebhook {
  const m = parseWith(CompatSmsWebhook, payload, 'invalid payload');
  return inbound(COMPAT_SMS_PROVIDER, m.messaging_provider_id, m.type, m, now, defaultCountry);
}

export function normalizeCompatEmail(
  payload: unknown,
  now: Date,
  defaultCountry: string,
): NormalizedWebhook {
  const m = parseWith(CompatEmailWebhook, payload, 'invalid payload');
  return inbound(COMPAT_EMAIL_PROVIDER, m.xillio_id, 'email', m, now, defaultCountry);
}
