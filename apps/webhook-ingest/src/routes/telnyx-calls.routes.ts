import express, { Router, type Request } from 'express';
import { TELNYX_SIGNATURE_HEADER, verifyTelnyxWebhook } from '@switchboard/providers';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { ingest, type IngestDeps } from '../ingest';
import { normalizeCallStatus } from '../normalize/call-status.normalizer';
import { SignatureVerdicts, type SignatureVerdict } from '../webhook-log.repository';
import { answerCallInstructions, type CallContentSource } from './call-instructions';
import { parseForm, queryOf } from './twilio.routes';

const TELNYX = 'telnyx';
const EMPTY_TEXML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Checks Telnyx's Ed25519 signature (and its freshness) over the timestamp and the raw body. */
async function verifyTelnyxRequest(
  config: WebhookIngestConfig,
  req: Request,
  body: Buffer,
): Promise<SignatureVerdict> {
  if (!config.WEBHOOK_VERIFY) return SignatureVerdicts.skipped;
  if (!req.get(TELNYX_SIGNATURE_HEADER)) return SignatureVerdicts.missing;
  return (await verifyTelnyxWebhook(
    config.TELNYX_WEBHOOK_PUBLIC_KEY,
    req.headers,
    body.toString('utf8'),
  ))
    ? SignatureVerdicts.valid
    : SignatureVerdicts.invalid;
}

/**
 * `POST /api/v1/webhooks/telnyx/calls/status` and `…/instructions`: TeXML calls' status
 * callbacks and instruction requests, the same form as Twilio's, signed by Telnyx (Ed25519).
 */
export function telnyxCallsRouter(
  config: WebhookIngestConfig,
  deps: IngestDeps,
  content: CallContentSource,
): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES });
  router.post('/instructions', raw, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const params = parseForm(body.toString('utf8'));
    const answeredBy = params['AnsweredBy'];
    await answerCallInstructions(req, res, {
      verdict: await verifyTelnyxRequest(config, req, body),
      answeredBy: Array.isArray(answeredBy) ? answeredBy[0] : answeredBy,
      query: parseForm(queryOf(req.originalUrl)),
      content,
    });
  });
  router.post('/status', raw, async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const params = parseForm(body.toString('utf8'));
    const verdict = await verifyTelnyxRequest(config, req, body);
    await ingest(deps, req, res, {
      provider: TELNYX,
      body,
      verify: () => verdict,
      normalize: () =>
        normalizeCallStatus(TELNYX, params, new Date(), parseForm(queryOf(req.originalUrl))),
      accept: (r) => r.type('text/xml').send(EMPTY_TEXML),
    });
  });
  return router;
}
