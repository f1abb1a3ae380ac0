import express, { Router, type Request } from 'express';
import { verifyTwilioSignature } from '@switchboard/providers';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { ingest, type IngestDeps } from '../ingest';
import { TWILIO, normalizeTwilio } from '../normalize/twilio.normalizer';
import { SignatureVerdicts, type SignatureVerdict } from '../webhook-log.repository';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Form fields as Twilio posted them; a repeated key keeps every value. */
export function parseForm(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const existing = out[key];
    out[key] =
      existing === undefined
        ? value
        : Array.isArray(existing)
          ? [...existing, value]
          : [existing, value];
  }
  return out;
}

/** The query of a request URL, without the `?`. */
export const queryOf = (url: string) => {
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
};

/**
 * Checks a Twilio webhook's `X-Twilio-Signature` over the public URL Twilio called (a proxy in
 * front of us does not change it) and the posted form.
 */
export function verifyTwilioRequest(
  config: WebhookIngestConfig,
  req: Request,
  params: Record<string, string | string[]>,
): SignatureVerdict {
  if (!config.WEBHOOK_VERIFY) return SignatureVerdicts.skipped;
  const signature = req.get('x-twilio-signature');
  if (!signature) return SignatureVerdicts.missing;
  const publicBase = config.PUBLIC_BASE_URL.replace(/\/$/, '');
  return verifyTwilioSignature(
    config.TWILIO_AUTH_TOKEN,
    signature,
    `${publicBase}${req.originalUrl}`,
    params,
  )
    ? SignatureVerdicts.valid
    : SignatureVerdicts.invalid;
}

/** `POST /api/v1/webhooks/twilio`: inbound SMS/MMS and status callbacks, signature-checked. */
export function twilioRouter(config: WebhookIngestConfig, deps: IngestDeps): Router {
  const router = Router();
  router.post(
    '/',
    express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const params = parseForm(body.toString('utf8'));
      await ingest(deps, req, res, {
        provider: TWILIO,
        body,
        verify: () => verifyTwilioRequest(config, req, params),
        normalize: () =>
          normalizeTwilio(
            params,
            new Date(),
            config.DEFAULT_COUNTRY,
            // The query exactly as signed: the URL the dispatcher asked Twilio to call.
            parseForm(queryOf(req.originalUrl)),
          ),
        accept: (r) => r.type('text/xml').send(EMPTY_TWIML),
      });
    },
  );
  return router;
}
