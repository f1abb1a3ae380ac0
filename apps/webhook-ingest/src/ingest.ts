import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppError, ErrorCodes, type ErrorCode } from '@switchboard/contracts';
import { problemFor, sendProblem } from '@switchboard/http';
import type { Counter, Logger } from '@switchboard/observability';
import type { EventPublisher } from './event-publisher';
import type { RefusalLimiter } from './refusal-limiter';
import {
  WebhookFormatError,
  finalizeWebhook,
  type NormalizedWebhook,
} from './normalize/normalized-webhook';
import {
  SignatureVerdicts,
  WebhookOutcomes,
  maskHeaders,
  type SignatureVerdict,
  type WebhookLogRepository,
  type WebhookOutcome,
} from './webhook-log.repository';

export interface IngestDeps {
  logs: WebhookLogRepository;
  publish: EventPublisher;
  received: Counter<'provider' | 'outcome'>;
  log: Logger;
  /** Charges each refused webhook to its source. */
  refusals: Pick<RefusalLimiter, 'record'>;
}

export interface IngestSpec {
  provider: string;
  /** The body as read; undefined when the request was refused before its body was read. */
  body: Buffer | undefined;
  /** What the audit trail keeps of a verified webhook, when not its raw body. */
  audit?: () => string;
  verify: () => SignatureVerdict;
  /** Runs only once the webhook verified and is audited; may look up what it needs. */
  normalize: () => NormalizedWebhook | Promise<NormalizedWebhook>;
  /** Guarded by a shared secret (refused with 401) rather than a signature (400 missing, 403 invalid). */
  secretGuarded?: boolean;
  /** Answers the provider once the events are durable. */
  accept: (res: Response) => void;
}

const REFUSALS: Partial<Record<SignatureVerdict, { code: ErrorCode; detail: string }>> = {
  [SignatureVerdicts.missing]: { code: ErrorCodes.validation, detail: 'The webhook is not signed' },
  [SignatureVerdicts.invalid]: {
    code: ErrorCodes.forbidden,
    detail: 'The webhook signature does not verify',
  },
  [SignatureVerdicts.stale]: {
    code: ErrorCodes.forbidden,
    detail: 'The webhook signature is too old',
  },
};

/** The problem's `instance`: the path, never the query (Inbound Parse's `?token=`). */
const instanceOf = (req: Request) => req.originalUrl.split('?')[0];

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Refuses a webhook whose signature or secret did not verify: charges the refusal to its source,
 * records it with a digest of its body (never the body, which anyone can send), and answers. The
 * record is best-effort: a refusal needs no durability, so it is answered even when the database
 * cannot take it.
 */
async function refuse(
  deps: IngestDeps,
  req: Request,
  res: Response,
  spec: IngestSpec,
  verdict: SignatureVerdict,
  refusal: { code: ErrorCode; detail: string },
): Promise<void> {
  const { logs, log } = deps;
  await deps.refusals.record(req);
  const logId = await logs
    .insert({
      provider: spec.provider,
      route: req.baseUrl + req.path,
      headers: maskHeaders(req.headers),
      body: null,
      ...(spec.body ? { digest: { sha256: sha256(spec.body), bytes: spec.body.length } } : {}),
      verdict,
    })
    .then(async (id) => {
      await logs.complete(id, WebhookOutcomes.rejected, verdict);
      return id;
    })
    .catch((err: unknown) => {
      log.warn({ err, provider: spec.provider }, 'refused webhook could not be logged');
      return undefined;
    });
  log.warn({ provider: spec.provider, verdict, webhook_log_id: logId }, 'webhook refused');
  deps.received.inc({ provider: spec.provider, outcome: WebhookOutcomes.rejected });
  sendProblem(
    res,
    spec.secretGuarded
      ? problemFor(
          ErrorCodes.unauthorized,
          'Missing or wrong credentials for this webhook',
          instanceOf(req),
        )
      : problemFor(refusal.code, refusal.detail, instanceOf(req)),
  );
}

/**
 * The one path every webhook takes: check its signature, write it raw to webhook_logs, turn it
 * into contract events, publish them durably, and only then acknowledge. Any step that cannot be
 * completed answers 503, so the provider retries; nothing acknowledged is ever lost. A webhook
 * that does not verify is refused without its body being stored (see `refuse`).
 */
export async function ingest(
  deps: IngestDeps,
  req: Request,
  res: Response,
  spec: IngestSpec,
): Promise<void> {
  const { logs, log } = deps;
  const verdict = spec.verify();
  const refusal = REFUSALS[verdict];
  if (refusal) return refuse(deps, req, res, spec, verdict, refusal);

  const count = (outcome: WebhookOutcome) =>
    deps.received.inc({ provider: spec.provider, outcome });
  let logId: string;
  try {
    logId = await logs.insert({
      provider: spec.provider,
      route: req.baseUrl + req.path,
      headers: maskHeaders(req.headers),
      body: spec.audit ? spec.audit() : (spec.body?.toString('utf8') ?? ''),
      verdict,
    });
  } catch (err) {
    log.error(
      { err, provider: spec.provider },
      'webhook could not be logged; asking the provider to retry',
    );
    count(WebhookOutcomes.failed);
    return sendProblem(
      res,
      problemFor(ErrorCodes.unavailable, 'Storage is unavailable; retry later', instanceOf(req)),
    );
  }

  let events: NormalizedWebhook;
  try {
    events = finalizeWebhook(await spec.normalize());
  } catch (err) {
    if (!(err instanceof WebhookFormatError)) throw err;
    await logs.complete(logId, WebhookOutcomes.invalid, err.message).catch(() => undefined);
    count(WebhookOutcomes.invalid);
    throw AppError.validation(
      [{ field: err.field, message: err.message }],
      'The webhook is not in the expected format',
    );
  }

  try {
    const { published, duplicates } = await deps.publish(events);
    const outcome =
      published === 0
        ? WebhookOutcomes.ignored
        : duplicates === published
          ? WebhookOutcomes.duplicate
          : WebhookOutcomes.accepted;
    await logs.complete(
      logId,
      outcome,
      events.ignored.length ? events.ignored.join('; ').slice(0, 1000) : undefined,
    );
    count(outcome);
    spec.accept(res);
  } catch (err) {
    log.error(
      { err, provider: spec.provider, webhook_log_id: logId },
      'webhook events could not be published; asking the provider to retry',
    );
    await logs
      .complete(logId, WebhookOutcomes.failed, (err as Error).message?.slice(0, 1000))
      .catch(() => undefined);
    count(WebhookOutcomes.failed);
    sendProblem(
      res,
      problemFor(ErrorCodes.unavailable, 'Messaging is unavailable; retry later', instanceOf(req)),
    );
  }
}
