import {
  Limits,
  TWILIO_INBOUND_STATUSES,
  TWILIO_OUTBOUND_STATUS_MEANING,
  TwilioMessageStatus,
  TwilioWebhookForm,
  type MessageStatus,
} from '@switchboard/contracts';
import { CallbackParams, parseGeneration } from '@switchboard/providers';
import {
  emptyResult,
  inboundEventId,
  normalizeReported,
  parseWith,
  required,
  type NormalizedWebhook,
} from './normalized-webhook';

export const TWILIO = 'twilio';

/** Twilio's message statuses in ours. */
const TWILIO_STATUS: ReadonlyMap<string, MessageStatus> = new Map(
  Object.entries(TWILIO_OUTBOUND_STATUS_MEANING),
);

const INBOUND_STATUSES: ReadonlySet<string> = new Set(TWILIO_INBOUND_STATUSES);

type TwilioParams = Readonly<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The parameters read: the schema's, and the URL of each media file that is read. */
const READ_PARAMS = [
  ...Object.keys(TwilioWebhookForm.shape),
  ...Array.from({ length: Limits.mmsAttachments }, (_, i) => `MediaUrl${i}`),
];

/**
 * The parameters read, with one value each (a repeated one counts with its first value). The
 * others are left alone, however many a post carries: a form of a hundred thousand parameters
 * costs no more to read than one of ten.
 */
function readParams(params: TwilioParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of READ_PARAMS) {
    const one = Object.hasOwn(params, key) ? first(params[key]) : undefined;
    if (one !== undefined) out[key] = one;
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which message and dispatch attempt a status callback is about, from the query of the callback
 * URL the dispatcher gave Twilio (signed with the rest of the request). Absent on callbacks
 * asked for without it: those are matched by Twilio's id alone.
 */
export function callbackAttempt(query: TwilioParams): {
  message_id: string | null;
  generation: number | null;
} {
  const id = first(query[CallbackParams.messageId]);
  return {
    message_id: id !== undefined && UUID.test(id) ? id : null,
    generation: parseGeneration(first(query[CallbackParams.generation])),
  };
}

/**
 * A Twilio webhook — an inbound SMS/MMS or a status callback — as contract events. The event id
 * is derived from the provider's own ids, so a callback Twilio repeats is the same event. `query`
 * is the callback URL's: a status callback takes its message id and generation from it.
 */
export function normalizeTwilio(
  params: TwilioParams,
  now: Date,
  defaultCountry: string,
  query: TwilioParams = {},
): NormalizedWebhook {
  const result = emptyResult();
  const form = parseWith(TwilioWebhookForm, readParams(params), 'not a Twilio webhook');
  const sid = form.MessageSid;
  // Twilio writes its statuses in lower case; one in another case is still the same status.
  const reported = (form.MessageStatus ?? form.SmsStatus ?? '').toLowerCase();
  // A status the schema does not list is acknowledged and ignored: Twilio adds statuses.
  const status = TwilioMessageStatus.safeParse(reported).data;
  const incoming =
    status === undefined ? !reported && form.Body !== undefined : INBOUND_STATUSES.has(status);

  if (incoming) {
    const mediaCount = Math.min(Number(form.NumMedia ?? 0) || 0, Limits.mmsAttachments);
    const media = Array.from({ length: mediaCount }, (_, i) => form[`MediaUrl${i}`]).filter(
      (url): url is string => typeof url === 'string' && url.length > 0,
    );
    const to = normalizeReported(required(form, 'To'), defaultCountry);
    result.inbound.push({
      event_id: inboundEventId('twilio', sid, to),
      provider: TWILIO,
      provider_message_id: sid,
      type: media.length > 0 ? 'mms' : 'sms',
      from: normalizeReported(required(form, 'From'), defaultCountry),
      to,
      subject: null,
      body: form.Body ?? '',
      attachments: media,
      received_at: now.toISOString(),
    });
    return result;
  }

  const mapped = status && TWILIO_STATUS.get(status);
  if (!mapped) {
    result.ignored.push(`twilio status "${reported || '(none)'}"`);
    return result;
  }
  const errorCode = form.ErrorCode || null;
  const attempt = callbackAttempt(query);
  result.statuses.push({
    event_id: `twilio:${sid}:${status}${errorCode ? `:${errorCode}` : ''}`,
    message_id: attempt.message_id,
    provider: TWILIO,
    provider_message_id: sid,
    status: mapped,
    error_code: errorCode,
    error_message: form.ErrorMessage || null,
    occurred_at: now.toISOString(),
    source: 'webhook',
    generation: attempt.generation,
  });
  return result;
}
