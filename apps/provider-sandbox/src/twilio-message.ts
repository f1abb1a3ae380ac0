import { segmentSms } from '@switchboard/addressing';
import type { SandboxMessage } from './sandbox-message';
import { TwilioApiError, TwilioErrorCodes } from './twilio-errors';

export const TWILIO_API_VERSION = '2010-04-01';
/** Twilio rejects longer bodies with 21617. */
const MAX_BODY_CHARS = 1600;

/** A create-message request as the form fields say it. */
export interface TwilioSendRequest {
  to: string;
  from: string;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
}

type Form = Record<string, unknown>;

/** E.164 or a short code, optionally behind a channel prefix such as `whatsapp:`. */
const PHONE = /^(?:[a-z]+:)?\+?\d{3,15}$/;
/** An alphanumeric sender ID: up to 11 of `A-Za-z0-9+-_&` and inner spaces, one letter at least. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[\w+&-](?:[\w +&-]{0,9}[\w+&-])?$/;

// The SDK sends arrays as repeated keys (qs `arrayFormat: 'repeat'`), which the parser gives
// as an array; one value arrives as a plain string.
function values(form: Form, key: string): string[] {
  const raw = form[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

const first = (form: Form, key: string): string | undefined => values(form, key)[0];

/** Reads a `Messages.json` form, failing with the code Twilio would for a missing or bad part. */
export function parseTwilioSendForm(body: unknown): TwilioSendRequest {
  const form: Form = body && typeof body === 'object' ? (body as Form) : {};
  const to = first(form, 'To');
  if (!to) {
    throw new TwilioApiError(400, TwilioErrorCodes.toRequired, "A 'To' phone number is required.");
  }
  // Catches the classic client bug of an unencoded `+`, which form decoding turns into a space.
  if (!PHONE.test(to)) {
    throw new TwilioApiError(400, TwilioErrorCodes.invalidTo, `Invalid 'To' Phone Number: ${to}`);
  }
  const from = first(form, 'From');
  if (!from) {
    throw new TwilioApiError(
      400,
      TwilioErrorCodes.fromRequired,
      "A 'From' phone number is required.",
    );
  }
  if (!PHONE.test(from) && !ALPHANUMERIC_SENDER.test(from)) {
    throw new TwilioApiError(
      400,
      TwilioErrorCodes.invalidFrom,
      `Invalid From Number (caller ID): ${from}`,
    );
  }
  const text = first(form, 'Body') ?? '';
  const mediaUrls = values(form, 'MediaUrl');
  if (!text && mediaUrls.length === 0) {
    throw new TwilioApiError(400, TwilioErrorCodes.bodyRequired, 'Message body is required.');
  }
  if ([...text].length > MAX_BODY_CHARS) {
    throw new TwilioApiError(
      400,
      TwilioErrorCodes.bodyTooLong,
      `The concatenated message body exceeds the ${MAX_BODY_CHARS} character limit.`,
    );
  }
  return { to, from, body: text, mediaUrls, statusCallback: first(form, 'StatusCallback') ?? null };
}

/** Twilio's date format: RFC 2822 with a numeric zone, e.g. `Thu, 30 Jul 2015 20:12:31 +0000`. */
export function toRfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function twilioMessageUri(accountSid: string, sid: string): string {
  return `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** A Message resource as `renderTwilioMessage` renders it. */
export type TwilioMessageResource = ReturnType<typeof renderTwilioMessage>;

/** The Message resource Twilio returns for an accepted message (still `queued`). */
export function renderTwilioMessage(message: SandboxMessage, accountSid: string) {
  const sid = message.provider_message_id;
  const created = toRfc2822(new Date(message.received_at));
  return {
    sid,
    account_sid: accountSid,
    to: message.to,
    from: message.from,
    body: message.body,
    status: 'queued',
    // Twilio sends these counts as strings.
    num_media: String(message.media.length),
    num_segments: String(segmentSms(message.body).segments),
    direction: 'outbound-api',
    date_created: created,
    date_updated: created,
    date_sent: null,
    uri: twilioMessageUri(accountSid, sid),
    error_code: null,
    error_message: null,
    price: null,
    price_unit: 'USD',
    api_version: TWILIO_API_VERSION,
    messaging_service_sid: null,
    subresource_uris: {
      media: `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}/Media.json`,
      feedback: `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages/${sid}/Feedback.json`,
    },
  };
}
