import express, { Router } from 'express';
import Busboy from 'busboy';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { AppError } from '@switchboard/contracts';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  sendGridPublicKey,
  verifySendGridSignature,
} from '@switchboard/providers';
import type { WebhookIngestConfig } from '@switchboard/app-config/webhook-ingest';
import { ingest, type IngestDeps } from '../ingest';
import { normalizeInboundParse } from '../normalize/inbound-parse.normalizer';
import { SENDGRID, normalizeSendGridEvents } from '../normalize/sendgrid-events.normalizer';
import { verifySecret } from '../secrets';
import { SignatureVerdicts, type SignatureVerdict } from '../webhook-log.repository';
import { discardRefusedBody } from '../refused-body';

const MAX_PARSE_FIELDS = 100;

interface ParsedMultipart {
  fields: Record<string, string>;
  files: { field: string; filename: string; type: string; bytes: number }[];
}

/** Reads a multipart body's text fields; attachment files are measured, not kept. */
function parseMultipart(req: Request, body: Buffer, limitBytes: number): Promise<ParsedMultipart> {
  return new Promise((resolve, reject) => {
    const result: ParsedMultipart = { fields: {}, files: [] };
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({
        headers: req.headers,
        limits: { fields: MAX_PARSE_FIELDS, fieldSize: limitBytes },
      });
    } catch (err) {
      return reject(AppError.validation([{ field: 'body', message: (err as Error).message }]));
    }
    parser.on('field', (name, value) => (result.fields[name] = value));
    parser.on('file', (field, stream, info) => {
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
      stream.on('end', () =>
        result.files.push({ field, filename: info.filename ?? '', type: info.mimeType, bytes }),
      );
    });
    parser.on('error', (err) =>
      reject(AppError.validation([{ field: 'body', message: (err as Error).message }])),
    );
    parser.on('close', () => resolve(result));
    Readable.from(body).pipe(parser);
  });
}

/** `POST /api/v1/webhooks/sendgrid` (signed Event Webhook) and `/inbound` (Inbound Parse). */
export function sendGridRouter(
  config: WebhookIngestConfig,
  deps: IngestDeps,
  /** Unsubscribes by mail to the `mailto:` of List-Unsubscribe; absent, nothing is. */
  unsubscribeByMail?: (fields: Readonly<Record<string, string>>) => Promise<boolean>,
): Router {
  const router = Router();
  const publicKey = sendGridPublicKey(config.SENDGRID_WEBHOOK_PUBLIC_KEY);
  const production = config.ENVIRONMENT === 'production';

  router.post(
    '/',
    express.raw({ type: () => true, limit: config.WEBHOOK_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      await ingest(deps, req, res, {
        provider: SENDGRID,
        body: raw,
        verify: () => {
          if (!config.WEBHOOK_VERIFY) return SignatureVerdicts.skipped;
          const signature = req.get(SENDGRID_SIGNATURE_HEADER);
          const timestamp = req.get(SENDGRID_TIMESTAMP_HEADER);
          if (!signature || !timestamp) return SignatureVerdicts.missing;
          if (!verifySendGridSignature(publicKey, raw, signature, timestamp))
            return SignatureVerdicts.invalid;
          const ageS = Math.abs(Date.now() / 1000 - Number(timestamp));
          return Number.isFinite(ageS) && ageS <= config.SENDGRID_WEBHOOK_MAX_AGE_S
            ? SignatureVerdicts.valid
            : SignatureVerdicts.stale;
        },
        normalize: () => {
          let payload: unknown;
          try {
            payload = JSON.parse(raw.toString('utf8'));
          } catch {
            throw AppError.validation([
              { field: 'body', message: 'must be a JSON array of events' },
            ]);
          }
          return normalizeSendGridEvents(payload, new Date());
        },
        accept: (r) => void r.status(204).end(),
      });
    },
  );

  // Inbound Parse carries up to INBOUND_PARSE_BODY_LIMIT_BYTES: its secret (in the URL or the
  // basic-auth header) is checked before a byte of the body is read, and a request without the
  // right one is refused unread (what it sends is discarded: see discardRefusedBody).
  const inboundVerdict = (req: Request): SignatureVerdict =>
    config.WEBHOOK_VERIFY
      ? verifySecret(req, config.INBOUND_PARSE_SECRET, !production)
      : SignatureVerdicts.skipped;
  router.post(
    '/inbound',
    async (req, res, next) => {
      const verdict = inboundVerdict(req);
      if (verdict !== SignatureVerdicts.missing && verdict !== SignatureVerdicts.invalid)
        return next();
      res.set('WWW-Authenticate', 'Basic realm="inbound-parse"');
      await discardRefusedBody(req, res);
      await ingest(deps, req, res, {
        provider: SENDGRID,
        body: undefined,
        verify: () => verdict,
        secretGuarded: true,
        normalize: () => {
          throw new Error('a refused webhook is never normalised');
        },
        accept: () => undefined,
      });
    },
    express.raw({ type: () => true, limit: config.INBOUND_PARSE_BODY_LIMIT_BYTES }),
    async (req, res) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const parsed = await parseMultipart(req, raw, config.INBOUND_PARSE_BODY_LIMIT_BYTES);
      // A mail to the unsubscribe mailbox (the `mailto:` of List-Unsubscribe) unsubscribes the
      // address its token names; the mail itself is kept like any other.
      if (unsubscribeByMail) await unsubscribeByMail(parsed.fields);
      await ingest(deps, req, res, {
        provider: SENDGRID,
        body: raw,
        // The audit trail keeps the text fields and what was attached, not the attachments' bytes.
        audit: () => JSON.stringify(parsed),
        verify: () => inboundVerdict(req),
        secretGuarded: true,
        normalize: () => normalizeInboundParse(parsed.fields, new Date(), config.DEFAULT_COUNTRY),
        accept: (r) => void r.status(200).json({ received: true }),
      });
    },
  );
  return router;
}
