import { z } from 'zod';
import type { AcceptedMessage } from './message-store';
import type { SendGridErrorItem } from './sendgrid-errors';

// SendGrid's own wording, so a client sees the message it would get in production.
const Messages = {
  personalizations:
    'The personalizations field is required and must have at least one personalization.',
  to: 'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
  from: 'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
  address: 'Does not contain a valid address.',
  subject:
    'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
  content:
    'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.',
  contentValue: 'The content value must be a string at least one character in length.',
  contentOrder:
    'If present, text/plain content must be first, followed by text/html, followed by any other content.',
  attachment: 'The attachment content and filename are required.',
  customArgs: 'Custom argument values must be strings.',
} as const;

const HELP_BASE = 'http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html';

const address = z.object({
  email: z.email({ error: Messages.address }),
  name: z.string().optional(),
});
const customArgs = z.record(z.string(), z.string({ error: Messages.customArgs }));

const personalization = z.object({
  to: z.array(address, { error: Messages.to }).min(1, { error: Messages.to }),
  cc: z.array(address).optional(),
  bcc: z.array(address).optional(),
  subject: z.string().optional(),
  custom_args: customArgs.optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

/** The parts of a v3 `mail/send` body the sandbox checks and keeps; other fields pass unchecked. */
export const sendGridMailSchema = z
  .object({
    personalizations: z
      .array(personalization, { error: Messages.personalizations })
      .min(1, { error: Messages.personalizations })
      .max(1000),
    from: z.object(address.shape, { error: Messages.from }),
    subject: z.string().optional(),
    content: z
      .array(
        z.object({
          type: z.string().min(1),
          value: z
            .string({ error: Messages.contentValue })
            .min(1, { error: Messages.contentValue }),
        }),
      )
      .optional(),
    template_id: z.string().optional(),
    attachments: z
      .array(
        z.object({
          content: z.string({ error: Messages.attachment }).min(1),
          filename: z.string({ error: Messages.attachment }).min(1),
        }),
      )
      .optional(),
    custom_args: customArgs.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    categories: z.array(z.string()).max(10).optional(),
  })
  .superRefine((mail, ctx) => {
    if (mail.template_id) return;
    if (!mail.content?.length) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: Messages.content });
    }
    if (!mail.subject && !mail.personalizations.every((p) => p.subject)) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: Messages.subject });
    }
    const plainAt = mail.content?.findIndex((c) => c.type === 'text/plain') ?? -1;
    if (plainAt > 0) {
      const path = ['content', plainAt, 'type'];
      ctx.addIssue({ code: 'custom', path, message: Messages.contentOrder });
    }
  });
export type SendGridMail = z.output<typeof sendGridMailSchema>;

/** Validates a request body, returning SendGrid-shaped errors when it is not a sendable mail. */
export function parseSendGridMail(
  body: unknown,
): { ok: true; mail: SendGridMail } | { ok: false; errors: SendGridErrorItem[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: [{ message: 'Bad Request', field: null, help: null }] };
  }
  const result = sendGridMailSchema.safeParse(body);
  if (result.success) return { ok: true, mail: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      const top = issue.path[0];
      return {
        message: issue.message,
        field: field || null,
        help: top === undefined ? null : `${HELP_BASE}#message.${String(top)}`,
      };
    }),
  };
}

/** One record per recipient (to, cc and bcc of every personalization), sharing the request's id. */
export function sendGridMailToMessages(
  mail: SendGridMail,
  providerMessageId: string,
  receivedAt: string,
): AcceptedMessage[] {
  const plain = mail.content?.find((c) => c.type === 'text/plain')?.value;
  const html = mail.content?.find((c) => c.type === 'text/html')?.value ?? null;
  const media = (mail.attachments ?? []).map((a) => a.filename);
  return mail.personalizations.flatMap((p) =>
    [...p.to, ...(p.cc ?? []), ...(p.bcc ?? [])].map((recipient): AcceptedMessage => ({
      provider: 'sendgrid',
      channel: 'email',
      from: mail.from.email,
      to: recipient.email,
      subject: p.subject ?? mail.subject ?? null,
      body: plain ?? html ?? '',
      html,
      media,
      provider_message_id: providerMessageId,
      status_callback: null,
      // Personalization arguments override the request's, as SendGrid merges them.
      custom_args: { ...mail.custom_args, ...p.custom_args },
      ...(mail.headers || p.headers ? { headers: { ...mail.headers, ...p.headers } } : {}),
      received_at: receivedAt,
    })),
  );
}
