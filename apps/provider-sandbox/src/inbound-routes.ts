import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import { extractEmailAddress } from '@switchboard/addressing';
import { parseOrThrow } from '@switchboard/http';
import type { Logger } from '@switchboard/observability';
import { signTwilioRequest } from '@switchboard/providers';
import { newEmailMessageId, newTwilioMessageSid } from './provider-ids';
import type { InboundMedia } from './inbound-media';
import { inboundParseForm } from './sendgrid-inbound-parse';
import { twilioInboundParams } from './twilio-inbound';
import type { InboundCalls } from './voice/inbound-calls';
import type { WebhookRequest, WebhookSender } from './webhook-sender';

/** MMS carries at most ten media items on Twilio. */
const MAX_MMS_MEDIA = 10;
const MAX_SMS_CHARS = 1600;
/** Twilio's limit on one MMS (5 MB) as base64, and a little more for an email's files. */
const MAX_INLINE_BASE64 = Math.ceil((5 * 1024 * 1024 * 4) / 3) + 4;
/** What `POST /sandbox/inbound` may carry: inline media, base64. */
const INBOUND_BODY_LIMIT = '32mb';
/** A few minutes of voicemail, spoken. */
const MAX_SPEECH_CHARS = 5000;
/** Recipients of one simulated email. */
const MAX_EMAIL_RECIPIENTS = 50;
/** The domain of the Message-IDs the sandbox makes up. */
const MAIL_DOMAIN = 'sandbox.switchboard.test';

const phone = z
  .string()
  .regex(/^\+?\d{3,15}$/, { error: 'must be a phone number in E.164 form or a short code' });
const email = z.email();
const mailbox = z.string().refine((value) => email.safeParse(extractEmailAddress(value)).success, {
  error: 'must be an email address, optionally as `Name <address>`',
});

/**
 * A media file given as bytes: the sandbox keeps it and hands our webhook a URL of its own (MMS,
 * served behind the account's basic auth as Twilio does) or posts it as a file (email).
 */
const inlineMedia = z
  .object({
    content_type: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/, { error: 'must be a media type, e.g. image/png' }),
    base64: z.base64().max(MAX_INLINE_BASE64),
    filename: z.string().min(1).max(255).optional(),
  })
  .strict();

/** `POST /sandbox/inbound`: a message someone sends to one of our numbers or addresses. */
export const inboundRequestSchema = z.discriminatedUnion('channel', [
  z
    .object({
      channel: z.literal('sms'),
      from: phone,
      to: phone,
      body: z.string().max(MAX_SMS_CHARS).default(''),
      /** Files given inline make it an MMS (media URLs: send channel mms). */
      media: z
        .array(z.union([inlineMedia, z.url()]))
        .max(MAX_MMS_MEDIA)
        .optional(),
    })
    .superRefine((sms, ctx) => {
      if (sms.media?.some((m) => typeof m === 'string')) {
        ctx.addIssue({
          code: 'custom',
          path: ['media'],
          message:
            'an SMS takes media inline ({"content_type","base64"}); for URLs send channel mms',
        });
      }
      if (sms.body === '' && !sms.media?.length) {
        ctx.addIssue({ code: 'custom', path: ['body'], message: 'an SMS needs a body or media' });
      }
    }),
  z.object({
    channel: z.literal('mms'),
    from: phone,
    to: phone,
    body: z.string().max(MAX_SMS_CHARS).default(''),
    media: z
      .array(z.union([z.url(), inlineMedia]))
      .min(1)
      .max(MAX_MMS_MEDIA),
  }),
  z.object({
    channel: z.literal('email'),
    from: mailbox,
    /** One recipient, or several: the mail's envelope then names each (as SendGrid posts it). */
    to: z.union([email, z.array(email).min(1).max(MAX_EMAIL_RECIPIENTS)]),
    /** The Message-ID the sender wrote; made up when absent. Senders choose it freely. */
    message_id: z
      .string()
      .regex(/^<[^<>\s]+>$/, { error: 'must look like <local@domain>' })
      .optional(),
    subject: z.string().default(''),
    body: z.string().default(''),
    html: z.string().optional(),
    media: z.array(z.union([z.url(), inlineMedia])).default([]),
  }),
  z.object({
    channel: z.literal('voice'),
    from: phone,
    to: phone,
    /** What the caller says when asked to leave a message; '' or absent: nothing. */
    speech: z.string().max(MAX_SPEECH_CHARS).default(''),
  }),
]);
export type InboundRequest = z.output<typeof inboundRequestSchema>;
type InlineMediaRequest = z.output<typeof inlineMedia>;

export interface InboundRoutesDeps {
  sender: WebhookSender;
  log: Logger;
  twilio: { accountSid: string; authToken: string; inboundUrl: string };
  inboundParse: { url: string; secret: string };
  /** Inbound calls (`channel: voice`). */
  voice: InboundCalls;
  /** Keeps inline MMS media and serves them, as Twilio does. */
  media: InboundMedia;
}

/**
 * `POST /sandbox/inbound`: delivers a message to our webhooks exactly as the provider would —
 * SMS/MMS as Twilio's signed messaging webhook, email as SendGrid's Inbound Parse — once, and
 * answers with how our webhook took it. A voice call is placed to our voice webhook and followed
 * to its end (see `voice/inbound-calls.ts`); the answer then carries the call's record.
 *
 * @example app.use(inboundRoutes({ sender, log, twilio: {…}, inboundParse: {…} }));
 */
export function inboundRoutes(deps: InboundRoutesDeps): Router {
  const { sender, log, twilio, inboundParse, voice, media } = deps;
  const router = Router();

  function toWebhook(request: Exclude<InboundRequest, { channel: 'voice' }>): {
    webhook: WebhookRequest;
    id: string;
    /** The media URLs an MMS names (ours for inline files). */
    mediaUrls?: string[];
  } {
    if (request.channel === 'email') {
      const id = request.message_id ?? newEmailMessageId(MAIL_DOMAIN);
      const form = inboundParseForm(
        {
          from: request.from,
          to: typeof request.to === 'string' ? [request.to] : request.to,
          subject: request.subject,
          text: request.body,
          ...(request.html !== undefined ? { html: request.html } : {}),
          attachments: request.media.filter((m): m is string => typeof m === 'string'),
          files: request.media
            .filter((m): m is InlineMediaRequest => typeof m !== 'string')
            .map((m) => ({
              filename: m.filename ?? '',
              type: m.content_type,
              bytes: Buffer.from(m.base64, 'base64'),
            })),
        },
        id,
        new Date(),
      );
      const credentials = Buffer.from(`sendgrid:${inboundParse.secret}`).toString('base64');
      return {
        id,
        webhook: {
          url: inboundParse.url,
          // fetch sets the multipart content type with its boundary.
          headers: { authorization: `Basic ${credentials}`, 'user-agent': 'Sendlib/1.0' },
          body: form,
        },
      };
    }
    const id = newTwilioMessageSid();
    // Inline files are kept here and named by URLs of ours, behind the account's credentials.
    const mediaItems = (request.media ?? []).map((m) =>
      typeof m === 'string' ? m : media.keep(id, [m])[0]!,
    );
    const params = twilioInboundParams(
      { from: request.from, to: request.to, body: request.body, media: mediaItems },
      twilio.accountSid,
      id,
    );
    return {
      id,
      mediaUrls: mediaItems.map((m) => (typeof m === 'string' ? m : m.url)),
      webhook: {
        url: twilio.inboundUrl,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(twilio.authToken, twilio.inboundUrl, params),
          'i-twilio-idempotency-token': randomUUID(),
          'user-agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
      },
    };
  }

  router.post('/sandbox/inbound', express.json({ limit: INBOUND_BODY_LIMIT }), async (req, res) => {
    const request = parseOrThrow(inboundRequestSchema, req.body);
    if (request.channel === 'voice') {
      const result = await voice.receive(request);
      log.info(
        { channel: 'voice', call_sid: result.call.sid, http_status: result.status },
        'inbound call placed',
      );
      res.json({
        delivered: result.delivered,
        status: result.status,
        provider_message_id: result.call.sid,
        call: result.call,
      });
      return;
    }
    const { webhook, id, mediaUrls } = toWebhook(request);
    // Once: an inbound webhook that fails is the receiver's to explain, not the sandbox's to retry.
    const outcome = await sender.post(webhook, {
      attempts: 1,
      logContext: { channel: request.channel, provider_message_id: id },
    });
    log.info(
      { channel: request.channel, provider_message_id: id, http_status: outcome.httpStatus },
      'inbound message posted',
    );
    res.json({
      delivered: outcome.ok,
      status: outcome.httpStatus,
      provider_message_id: id,
      ...(mediaUrls?.length ? { media_urls: mediaUrls } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    });
  });

  return router;
}
