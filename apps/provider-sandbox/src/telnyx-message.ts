import { segmentSms } from '@switchboard/addressing';
import type { AcceptedMessage } from './message-store';
import { TelnyxApiError, TelnyxErrorCodes } from './telnyx-errors';

/** A `POST /v2/messages` request as its JSON says it. */
export interface TelnyxSendRequest {
  from: string;
  to: string;
  text: string;
  mediaUrls: string[];
  webhookUrl: string | null;
  webhookFailoverUrl: string | null;
}

/** +E.164, or a short code. */
const TO = /^(?:\+\d{7,15}|\d{3,8})$/;
/** +E.164, a short code, or an alphanumeric sender ID (one letter at least, up to 11). */
const FROM = /^(?:\+\d{7,15}|\d{3,8}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/;
/** Telnyx rejects longer bodies. */
const MAX_TEXT_CHARS = 1600;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Reads a send request, failing with the code Telnyx would for a missing or bad part. */
export function parseTelnyxSend(body: unknown): TelnyxSendRequest {
  const json: Record<string, unknown> =
    body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const to = text(json.to);
  if (!to) throw TelnyxApiError.missing('to');
  if (!TO.test(to)) {
    throw TelnyxApiError.invalid(
      TelnyxErrorCodes.invalidTo,
      "Invalid 'to' address",
      "The 'to' address should be a single valid number.",
      'to',
    );
  }
  const from = text(json.from);
  if (!from) throw TelnyxApiError.missing('from');
  if (!FROM.test(from)) {
    throw TelnyxApiError.invalid(
      TelnyxErrorCodes.invalidFrom,
      "Invalid 'from' address",
      "The 'from' address should be a phone number, short code or alphanumeric sender ID.",
      'from',
    );
  }
  const rawMedia = json.media_urls ?? [];
  if (!Array.isArray(rawMedia) || !rawMedia.every((url) => typeof url === 'string')) {
    throw TelnyxApiError.invalid(
      TelnyxErrorCodes.badRequest,
      'Bad Request',
      "'media_urls' must be a list of URLs.",
      'media_urls',
    );
  }
  const mediaUrls = rawMedia.filter((url) => url !== '');
  const message = text(json.text) ?? '';
  if (!message && mediaUrls.length === 0) throw TelnyxApiError.missing('text');
  if ([...message].length > MAX_TEXT_CHARS) {
    throw TelnyxApiError.invalid(
      TelnyxErrorCodes.badRequest,
      'Bad Request',
      `The 'text' parameter exceeds ${MAX_TEXT_CHARS} characters.`,
      'text',
    );
  }
  return {
    from,
    to,
    text: message,
    mediaUrls,
    webhookUrl: text(json.webhook_url) ?? null,
    webhookFailoverUrl: text(json.webhook_failover_url) ?? null,
  };
}

/** The message resource Telnyx returns for an accepted message (still `queued`). */
export function renderTelnyxMessage(
  message: AcceptedMessage,
  request: Pick<TelnyxSendRequest, 'webhookFailoverUrl'>,
) {
  const segmentation = segmentSms(message.body);
  return {
    data: {
      record_type: 'message',
      direction: 'outbound',
      id: message.provider_message_id,
      type: message.channel === 'mms' ? 'MMS' : 'SMS',
      messaging_profile_id: null,
      organization_id: null,
      from: { phone_number: message.from, carrier: 'Telnyx', line_type: 'Wireless' },
      to: [{ phone_number: message.to, status: 'queued', carrier: '', line_type: '' }],
      cc: [],
      text: message.body,
      subject: null,
      media: message.media.map((url) => ({ url, content_type: null, sha256: null, size: null })),
      webhook_url: message.status_callback,
      webhook_failover_url: request.webhookFailoverUrl,
      encoding: segmentation.encoding,
      parts: segmentation.segments,
      tags: [],
      cost: null,
      cost_breakdown: null,
      received_at: message.received_at,
      sent_at: null,
      completed_at: null,
      valid_until: null,
      errors: [],
    },
  };
}
