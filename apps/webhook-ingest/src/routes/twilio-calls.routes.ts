import express, { Router } from 'express';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { ingest, type IngestDeps } from '../ingest';
import { normalizeCallStatus } from '../normalize/call-status.normalizer';
import { answerCallInstructions, type CallContentSource } from './call-instructions';
import { TWILIO } from '../normalize/twilio.normalizer';
import { parseForm, queryOf, verifyTwilioRequest } from './twilio.routes';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * `POST /api/v1/webhooks/twilio/calls/status`: the status callbacks of the calls the voice
 * dispatcher placed, signature-checked, logged and published as status events like SMS ones.
 * `POST …/calls/instructions`: a call's instructions, asked once it was answered.
 */
export function twilioCallsRouter(
  config: WebhookIngestConfig,
  deps: IngestDeps,
  content: CallContentSource,
): Router {
  const router = Router();
  router.post(
    '/instructions',
    express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const params = parseForm(body.toString('utf8'));
      const answeredBy = params['AnsweredBy'];
      await answerCallInstructions(req, res, {
        verdict: verifyTwilioRequest(config, req, params),
        answeredBy: Array.isArray(answeredBy) ? answeredBy[0] : answeredBy,
        query: parseForm(queryOf(req.originalUrl)),
        content,
      });
    },
  );
  router.post(
    '/status',
    express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const params = parseForm(body.toString('utf8'));
      await ingest(deps, req, res, {
        provider: TWILIO,
        body,
        verify: () => verifyTwilioRequest(config, req, params),
        normalize: () =>
          normalizeCallStatus(TWILIO, params, new Date(), parseForm(queryOf(req.originalUrl))),
        accept: (r) => r.type('text/xml').send(EMPTY_TWIML),
      });
    },
  );
  return router;
}
