import { extractEmailAddress } from '@switchboard/addressing';
import { contentTypeOf, fileNameOf } from './media-types';
import { toRfc2822 } from './twilio-message';

/** An email arriving at one of our addresses. */
export interface InboundEmail {
  /** `addr@example.com` or `Name <addr@example.com>`. */
  from: string;
  /** The recipients: the To header lists them all, and so does the envelope. */
  to: readonly string[];
  subject: string;
  text: string;
  /** Made from the text when absent. */
  html?: string;
  /** Attachment URLs; each becomes a file whose content names its URL (the sandbox fetches nothing). */
  attachments: readonly string[];
  /** Attachments given as bytes: each becomes a file with exactly those bytes. */
  files?: readonly { filename: string; type: string; bytes: Buffer }[];
}

/** `Name <addr>`: SendGrid passes the From header on as written; a bare address gets its local part. */
function displayFrom(from: string): string {
  if (from.includes('<')) return from.trim();
  return `${from.split('@')[0]} <${from}>`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A header value as RFC 2047 wants it when it is not plain ASCII. */
function headerValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- the test is exactly "only ASCII".
  return /^[\x00-\x7F]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/**
 * The `multipart/form-data` fields SendGrid's Inbound Parse posts for a received email, with
 * SendGrid's own field names: decoded parts, the raw header block, the SMTP envelope, and the
 * attachments as files described by `attachment-info`.
 */
export function inboundParseForm(email: InboundEmail, messageId: string, now: Date): FormData {
  const from = displayFrom(email.from);
  const fromAddress = extractEmailAddress(from);
  const html =
    email.html ?? `<div dir="ltr">${escapeHtml(email.text).replace(/\r?\n/g, '<br>')}</div>`;
  const boundary = `000000000000${now.getTime().toString(16)}`;
  const attached = email.attachments.length + (email.files?.length ?? 0);
  const headers = [
    `Received: from mail.sandbox.switchboard.test (localhost [127.0.0.1]) by mx.sendgrid.net with ESMTP id ${messageId.slice(1, 13)} for <${email.to[0]}>; ${toRfc2822(now)}`,
    'MIME-Version: 1.0',
    `From: ${headerValue(from)}`,
    `Date: ${toRfc2822(now)}`,
    `Message-ID: ${messageId}`,
    `Subject: ${headerValue(email.subject)}`,
    `To: ${email.to.join(', ')}`,
    `Content-Type: multipart/${attached ? 'mixed' : 'alternative'}; boundary="${boundary}"`,
    '',
  ].join('\n');

  const files = [
    ...email.attachments.map((url) => {
      const filename = fileNameOf(url) ?? '';
      return {
        filename,
        type: contentTypeOf(filename),
        bytes: Buffer.from(`Attachment from ${url}\n`),
      };
    }),
    ...(email.files ?? []),
  ].map((f, i) => ({
    ...f,
    field: `attachment${i + 1}`,
    filename: f.filename || `attachment-${i + 1}`,
  }));

  const form = new FormData();
  form.set('headers', headers);
  form.set('dkim', `{@${fromAddress.split('@')[1] ?? ''} : pass}`);
  form.set('to', email.to.join(', '));
  form.set('from', from);
  form.set('subject', email.subject);
  form.set('text', email.text);
  form.set('html', html);
  form.set('sender_ip', '127.0.0.1');
  form.set('envelope', JSON.stringify({ to: email.to, from: fromAddress }));
  form.set(
    'charsets',
    JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'UTF-8', html: 'UTF-8' }),
  );
  form.set('SPF', 'pass');
  form.set('attachments', String(files.length));
  if (files.length) {
    form.set(
      'attachment-info',
      JSON.stringify(
        Object.fromEntries(
          files.map((f) => [f.field, { filename: f.filename, name: f.filename, type: f.type }]),
        ),
      ),
    );
    for (const f of files) {
      form.set(f.field, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.filename);
    }
  }
  return form;
}
