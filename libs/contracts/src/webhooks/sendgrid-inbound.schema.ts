import { z } from 'zod';
import { requiredText } from './webhook-fields';

/**
 * SendGrid Inbound Parse's multipart fields (the default, non-raw mode): text fields, each one
 * string; files arrive as `attachment1`… and are not kept. Open: any other field is accepted.
 *
 * Only `from` is required of every post. The recipients are the envelope's `to`, or the `To`
 * header when there is no usable envelope; webhook-ingest refuses a post with neither. Text is
 * unbounded here because the body limit of the route bounds it: the subject and body are cut to
 * their limits rather than refused, and the headers are read only up to a fixed length.
 */
export const SendGridInboundParseForm = z
  .object({
    from: requiredText('from').meta({
      description: 'Sender, as in the `From` header',
      examples: ['Jane <jane@example.com>'],
    }),
    to: z
      .string()
      .optional()
      .meta({
        description: 'Recipients, as in the `To` header; read when the envelope names none',
        examples: ['team@example.com'],
      }),
    envelope: z
      .string()
      .optional()
      .meta({
        description:
          'JSON: the SMTP envelope `{"to": [...], "from": "..."}`; one email per recipient in `to`',
        examples: ['{"to":["team@example.com"],"from":"jane@example.com"}'],
      }),
    subject: z
      .string()
      .optional()
      .meta({ description: 'The subject', examples: ['Re: Welcome'] }),
    text: z.string().optional().describe('The text/plain part'),
    html: z.string().optional().describe('The text/html part (kept as the body when present)'),
    headers: z.string().optional().describe('The raw message headers'),
    attachments: z.string().optional().describe('How many files are attached (`attachment1`…)'),
    'attachment-info': z.string().optional().describe('JSON: name and type of each attachment'),
    charsets: z.string().optional().describe('JSON: the character set of each field'),
    SPF: z.string().optional().describe('SPF verification result'),
    dkim: z.string().optional().describe('DKIM verification result'),
    sender_ip: z.string().optional().describe('IP address of the sending server'),
  })
  .catchall(z.unknown())
  .describe('An email received by SendGrid Inbound Parse; files arrive as `attachment1`…');
export type SendGridInboundParseForm = z.infer<typeof SendGridInboundParseForm>;
