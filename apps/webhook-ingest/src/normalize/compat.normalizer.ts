import { z } from 'zod';
import { Limits } from '@switchboard/contracts';
import {
  WebhookFormatError,
  emptyResult,
  inboundEventId,
  normalizeReported,
  type NormalizedWebhook,
} from './normalized-webhook';

const Url = z.string().max(Limits.urlChars);
const Timestamp = z.iso.datetime({ offset: true }).optional();

/** `POST /api/webhooks/sms`: a generic SMS provider's inbound message. */
export const CompatInboundSms = z.object({
  from: z.string().min(1).max(Limits.addressChars),
  to: z.string().min(1).max(Limits.addressChars),
  type: z.enum(['sms', 'mms']),
  messaging_provider_id: z.string().min(1).max(200),
  body: z.string().max(Limits.smsBodyChars),
  attachments: z.array(Url).max(Limits.mmsAttachments).nullable().optional(),
  timestamp: Timestamp,
});

/** `POST /api/webhooks/email`: a generic email provider's inbound message. */
export const CompatInboundEmail = z.object({
  from: z.string().min(1).max(Limits.addressChars),
  to: z.string().min(1).max(Limits.addressChars),
  xillio_id: z.string().min(1).max(200),
  body: z.string().max(Limits.emailBodyBytes),
  attachments: z.array(Url).max(Limits.emailAttachments).nullable().optional(),
  timestamp: Timestamp,
});

export const COMPAT_SMS_PROVIDER = 'messaging_provider';
export const COMPAT_EMAIL_PROVIDER = 'xillio';

function parse<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookFormatError(
      issue?.path.join('.') || 'body',
      issue?.message ?? 'invalid payload',
    );
  }
  return parsed.data;
}

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
  const m = parse(CompatInboundSms, payload);
  return inbound(COMPAT_SMS_PROVIDER, m.messaging_provider_id, m.type, m, now, defaultCountry);
}

export function normalizeCompatEmail(
  payload: unknown,
  now: Date,
  defaultCountry: string,
): NormalizedWebhook {
  const m = parse(CompatInboundEmail, payload);
  return inbound(COMPAT_EMAIL_PROVIDER, m.xillio_id, 'email', m, now, defaultCountry);
}
