import express, { Router } from 'express';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { ingest, type IngestDeps } from '../ingest';
import {
  COMPAT_EMAIL_PROVIDER,
  COMPAT_SMS_PROVIDER,
  normalizeCompatEmail,
  normalizeCompatSms,
} from '../normalize/compat.normalizer';
import { verifySecret } from '../secrets';
import { SignatureVerdicts } from '../webhook-log.repository';

/**
 * The widely used take-home API's inbound routes, `POST /api/webhooks/sms|email`: JSON from a
 * generic provider, guarded by a shared bearer secret (optional in development).
 */
export function compatWebhooksRouter(config: WebhookIngestConfig, deps: IngestDeps): Router {
  const router = Router();
  const production = config.ENVIRONMENT === 'production';
  const routes = [
    { path: '/sms', provider: COMPAT_SMS_PROVIDER, normalize: normalizeCompatSms },
    { path: '/email', provider: COMPAT_EMAIL_PROVIDER, normalize: normalizeCompatEmail },
  ];
  for (const route of routes) {
    router.post(
      route.path,
      express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES }),
      async (req, res) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const raw = body.toString('utf8');
        await ingest(deps, req, res, {
          provider: route.provider,
          body,
          verify: () =>
            config.WEBHOOK_VERIFY
              ? verifySecret(req, config.COMPAT_WEBHOOK_SECRET, !production)
              : SignatureVerdicts.skipped,
          secretGuarded: true,
          normalize: () => {
            let payload: unknown;
            try {
              payload = JSON.parse(raw);
            } catch {
              payload = undefined;
            }
            return route.normalize(payload, new Date(), config.DEFAULT_COUNTRY);
          },
          accept: (r) => void r.status(200).json({ received: true }),
        });
      },
    );
  }
  return router;
}
