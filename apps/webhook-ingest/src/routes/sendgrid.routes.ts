import express, { Router } from 'express';
import Busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { Request } from 'express';
import {
  AppError,
  ErrorCodes,
  Limits,
  type InboundRefusedFile,
  type InboundStoredFile,
} from '@switchboard/contracts';
import { problemFor, sendProblem } from '@switchboard/http';
import {
  MediaError,
  MediaLimits,
  storeAndScan,
  type MalwareScanner,
  type MediaStorage,
  recordFieldsOf,
} from '@switchboard/media';
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
  /** The attachments stored and scanned, and those not kept. */
  stored: InboundStoredFile[];
  refused: InboundRefusedFile[];
}

/** Where Inbound Parse attachments are kept, and how large one may be. */
export interface InboundParseMedia {
  storage: MediaStorage;
  scanner: MalwareScanner;
  maxBytes: number;
}

/** One attachment streamed into storage and scanned; a type or size email refuses is noted instead. */
async function storeAttachment(
  media: InboundParseMedia,
  body: Readable,
  name: string | null,
  declaredType: string,
): Promise<InboundStoredFile | InboundRefusedFile> {
  const key = `inbound/sendgrid/${randomUUID()}`;
  try {
    const file = await storeAndScan(media, {
      body,
      key,
      declaredType,
      maxBytes: Math.min(media.maxBytes, MediaLimits.email.totalBytes),
      channel: 'email',
    });
    return {
      storage_key: key,
      name,
      ...recordFieldsOf(file),
    };
  } catch (err) {
    if (err instanceof MediaError) return { name, reason: err.message };
    throw err;
  }
}

/**
 * Reads a multipart body's text fields; attachment files stream into storage and clamd as they
 * are read (with `media`), or are only measured (without).
 */
function parseMultipart(
  req: Request,
  body: Buffer,
  limitBytes: number,
  media?: InboundParseMedia,
): Promise<ParsedMultipart> {
  return new Promise((resolve, reject) => {
    const result: ParsedMultipart = { fields: {}, files: [], stored: [], refused: [] };
    const storing: Promise<void>[] = [];
    const outcomes: (InboundStoredFile | InboundRefusedFile | undefined)[] = [];
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({
        headers: req.headers,
        limits: {
          fields: MAX_PARSE_FIELDS,
          fieldSize: limitBytes,
          ...(media ? { files: Limits.emailAttachments } : {}),
        },
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
      if (!media) return void stream.resume();
      // The parser waits on each file; one the pipeline gave up on is drained, not left hanging.
      const tap = new PassThrough();
      tap.once('close', () => {
        if (!stream.readableEnded) {
          stream.unpipe(tap);
          stream.resume();
        }
      });
      stream.pipe(tap);
      // Kept in the order the files came, whichever is stored first.
      const index = storing.length;
      storing.push(
        storeAttachment(media, tap, info.filename || null, info.mimeType).then((outcome) => {
          outcomes[index] = outcome;
        }),
      );
    });
    let overLimit = false;
    parser.on('filesLimit', () => (overLimit = true));
    parser.on('error', (err) =>
      reject(AppError.validation([{ field: 'body', message: (err as Error).message }])),
    );
    parser.on('close', () => {
      Promise.allSettled(storing).then(async (settled) => {
        for (const outcome of outcomes) {
          if (!outcome) continue;
          if ('reason' in outcome) result.refused.push(outcome);
          else result.stored.push(outcome);
        }
        if (overLimit) {
          result.refused.push({
            name: null,
            reason: `more than ${Limits.emailAttachments} attachments: the rest were not kept`,
          });
        }
        const failed = settled.find((s) => s.status === 'rejected');
        if (!failed) return resolve(result);
        // Nothing of a post that is not taken is kept.
        await Promise.all(
          result.stored.map((f) => media?.storage.delete(f.storage_key).catch(() => undefined)),
        );
        reject(failed.reason);
      }, reject);
    });
    Readable.from(body).pipe(parser);
  });
}

/** `POST /api/v1/webhooks/sendgrid` (signed Event Webhook) and `/inbound` (Inbound Parse). */
export function sendGridRouter(
  config: WebhookIngestConfig,
  deps: IngestDeps,
  /** Unsubscribes by mail to the `mailto:` of List-Unsubscribe; absent, nothing is. */
  unsubscribeByMail?: (fields: Readonly<Record<string, string>>) => Promise<boolean>,
  /** Where attachments are stored and scanned; absent, they are measured and not kept. */
  media?: InboundParseMedia,
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
      let parsed: ParsedMultipart;
      try {
        parsed = await parseMultipart(req, raw, config.INBOUND_PARSE_BODY_LIMIT_BYTES, media);
      } catch (err) {
        if (err instanceof AppError) throw err;
        // Storage is away: SendGrid retries a post that is not answered 2xx.
        deps.log.error(
          { err },
          'inbound attachments could not be stored; asking SendGrid to retry',
        );
        return sendProblem(
          res,
          problemFor(
            ErrorCodes.unavailable,
            'Storage is unavailable; retry later',
            req.baseUrl + req.path,
          ),
        );
      }
      const discardStored = () =>
        Promise.all(
          parsed.stored.map((f) => media?.storage.delete(f.storage_key).catch(() => undefined)),
        );
      // A mail to the unsubscribe mailbox (the `mailto:` of List-Unsubscribe) unsubscribes the
      // address its token names; the mail itself is kept like any other.
      if (unsubscribeByMail) await unsubscribeByMail(parsed.fields);
      try {
        await ingest(deps, req, res, {
          provider: SENDGRID,
          body: raw,
          // The audit trail keeps the text fields and what was attached, not the attachments' bytes.
          audit: () => JSON.stringify({ fields: parsed.fields, files: parsed.files }),
          verify: () => inboundVerdict(req),
          secretGuarded: true,
          normalize: () => {
            const events = normalizeInboundParse(parsed.fields, new Date(), config.DEFAULT_COUNTRY);
            // Each recipient's message gets the same stored files, recorded as its tenant's media.
            for (const event of events.inbound) {
              if (parsed.stored.length) event.stored_files = parsed.stored;
              if (parsed.refused.length) event.refused_files = parsed.refused;
            }
            return events;
          },
          accept: (r) => void r.status(200).json({ received: true }),
        });
      } catch (err) {
        await discardStored();
        throw err;
      }
      if (res.statusCode >= 400) await discardStored();
    },
  );
  return router;
}
