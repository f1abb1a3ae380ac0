import { createHash } from 'node:crypto';
import { extractEmailAddress } from '@switchboard/addressing';
import { SendGridInboundParseForm } from '@switchboard/contracts';
import { cutText } from '@switchboard/text';
import { SENDGRID } from './sendgrid-events.normalizer';
import {
  emptyResult,
  normalizeReported,
  parseWith,
  required,
  WebhookFormatError,
  type NormalizedWebhook,
} from './normalized-webhook';

/** The text fields of a SendGrid Inbound Parse post (attachments arrive as files, not kept). */
export type InboundParseFields = Readonly<Record<string, string>>;

/**
 * Recipients of one post handled at most. SendGrid posts once per message and receiving domain;
 * a post naming more is refused (400) rather than partly delivered.
 */
export const MAX_INBOUND_RECIPIENTS = 100;

/** The envelope recipients (who the mail was delivered to); the To header when there is no envelope. */
function recipientsOf(form: SendGridInboundParseForm): string[] {
  try {
    const envelope = JSON.parse(form.envelope ?? '') as { to?: unknown };
    if (Array.isArray(envelope.to)) {
      const to = envelope.to.filter((r): r is string => typeof r === 'string' && r.trim() !== '');
      if (to.length > 0) return to;
    }
  } catch {
    // fall back to the To header
  }
  return required(form, 'to').split(',');
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
 * An Inbound Parse post as inbound emails: one per envelope recipient, each attributed (later)
 * to the tenant owning its address. An email's identity is a digest of its recipient and its
 * content (Message-ID, sender, subject, bodies): a re-post of the same email is recognised for
 * that recipient, while a sender reusing a Message-ID for different content — or the same email
 * sent to two tenants — is not mistaken for a copy. The Message-ID is the sender's choice, so it
 * is not kept as the provider's message id.
 */
export function normalizeInboundParse(
  fields: InboundParseFields,
  now: Date,
  defaultCountry: string,
): NormalizedWebhook {
  const result = emptyResult();
  const form = parseWith(SendGridInboundParseForm, fields, 'not an Inbound Parse post');
  const from = normalizeReported(extractEmailAddress(form.from), defaultCountry);
  const recipients = [
    ...new Set(
      recipientsOf(form).map((r) => normalizeReported(extractEmailAddress(r), defaultCountry)),
    ),
  ].filter((r) => r !== '');
  if (recipients.length === 0) throw new WebhookFormatError('to', 'to is required');
  if (recipients.length > MAX_INBOUND_RECIPIENTS) {
    throw new WebhookFormatError(
      'envelope',
      `names ${recipients.length} recipients; at most ${MAX_INBOUND_RECIPIENTS} are accepted`,
    );
  }
  const subject = form.subject ?? '';
  const body = form.html || form.text || '';
  const messageId = messageIdOf(form.headers) ?? '';
  for (const to of recipients) {
    const identity = createHash('sha256')
      .update([to, messageId, from, subject, form.text ?? '', form.html ?? ''].join('\u0000'))
      .digest('hex');
    result.inbound.push({
      event_id: `sendgrid-inbound:${identity}`,
      provider: SENDGRID,
      provider_message_id: null,
      type: 'email',
      from,
      to,
      subject,
      body,
      attachments: [],
      received_at: now.toISOString(),
    });
  }
  return result;
}
