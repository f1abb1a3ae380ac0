import { createHash } from 'node:crypto';
import { extractEmailAddress } from '@switchboard/addressing';
import { cutText } from '@switchboard/text';
import { SENDGRID } from './sendgrid-events.normalizer';
import {
  emptyResult,
  normalizeReported,
  required,
  type NormalizedWebhook,
} from './normalized-webhook';

/** The fields of a SendGrid Inbound Parse post we read (attachments arrive as files, not kept). */
export type InboundParseFields = Readonly<Record<string, string>>;

function recipientOf(fields: InboundParseFields): string {
  try {
    const envelope = JSON.parse(fields.envelope ?? '') as { to?: unknown };
    if (Array.isArray(envelope.to) && typeof envelope.to[0] === 'string') return envelope.to[0];
  } catch {
    // fall back to the To header
  }
  return required(fields, 'to').split(',')[0]!;
}

/** Where the Message-ID is looked for: a header section is far shorter, a hostile one is not. */
const HEADERS_SCANNED_CHARS = 64 * 1024;

function messageIdOf(headers: string | undefined): string | null {
  const match = /^message-id:\s*(<[^>\r\n]+>|\S+)/im.exec(
    cutText(headers ?? '', HEADERS_SCANNED_CHARS),
  );
  return match?.[1]?.trim() ?? null;
}

/**
 * An Inbound Parse post as an inbound email. The Message-ID header identifies it; without one,
 * a digest of its content does, so a re-post is still recognised.
 */
export function normalizeInboundParse(
  fields: InboundParseFields,
  now: Date,
  defaultCountry: string,
): NormalizedWebhook {
  const result = emptyResult();
  const from = normalizeReported(extractEmailAddress(required(fields, 'from')), defaultCountry);
  const to = normalizeReported(extractEmailAddress(recipientOf(fields)), defaultCountry);
  const subject = fields.subject ?? '';
  const body = fields.html || fields.text || '';
  const messageId = messageIdOf(fields.headers);
  const identity =
    messageId ??
    createHash('sha256')
      .update([from, to, subject, fields.text ?? '', fields.html ?? ''].join('\u0000'))
      .digest('hex');
  result.inbound.push({
    event_id: `sendgrid-inbound:${identity}`,
    provider: SENDGRID,
    provider_message_id: messageId,
    type: 'email',
    from,
    to,
    subject,
    body,
    attachments: [],
    received_at: now.toISOString(),
  });
  return result;
}
