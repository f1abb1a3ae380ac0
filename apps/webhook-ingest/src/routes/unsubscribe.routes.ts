import express, { Router, type Request, type Response } from 'express';
import { ErrorCodes } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { problemFor, sendProblem } from '@switchboard/http';
import { Counter, type Logger, type ServiceMetrics } from '@switchboard/observability';
import { suppress, verifyUnsubscribeToken, type UnsubscribeSubject } from '@switchboard/tenancy';
import type { RefusalLimiter } from '../refusal-limiter';
import { confirmationPage, unsubscribedPage } from '../unsubscribe/unsubscribe-pages';

/** RFC 8058's one-click body; a form (urlencoded or multipart) is all a POST needs to carry. */
const ONE_CLICK_FIELD = 'List-Unsubscribe';
const ONE_CLICK_VALUE = 'One-Click';
const BODY_LIMIT_BYTES = 4 * 1024;
const MULTIPART_ONE_CLICK = /name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/;

export interface UnsubscribeRouteDeps {
  db: Kysely<Database>;
  secret: string;
  log: Logger;
  metrics: ServiceMetrics;
  refusals: Pick<RefusalLimiter, 'record'>;
}

/** Whether a POST body says `List-Unsubscribe=One-Click`, as a urlencoded or multipart form. */
export function isOneClickBody(contentType: string | undefined, body: string): boolean {
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return MULTIPART_ONE_CLICK.test(body);
  return new URLSearchParams(body).get(ONE_CLICK_FIELD) === ONE_CLICK_VALUE;
}

/**
 * The one-click unsubscribe links of marketing mail (RFC 8058), reachable without credentials:
 * the signed token in the path says whom they unsubscribe. `GET` only shows a page with a
 * button (mail scanners prefetch links: a GET changes nothing); `POST` with
 * `List-Unsubscribe=One-Click` — what mailbox providers send, and what the button posts — puts
 * the address on its tenant's suppression list at once (reason `unsubscribe`, audited). A token
 * we did not sign is refused `400` and charged to its source like a forged webhook.
 */
export function unsubscribeRouter(deps: UnsubscribeRouteDeps): Router {
  const router = Router();
  const outcomes = new Counter({
    name: 'one_click_unsubscribes_total',
    help: 'One-click unsubscribe POSTs, by outcome (suppressed, already, refused)',
    labelNames: ['outcome'],
    registers: [deps.metrics.registry],
  });

  const subjectOf = async (
    req: Request,
    res: Response,
  ): Promise<UnsubscribeSubject | undefined> => {
    const token = String(req.params['token'] ?? '');
    const subject = verifyUnsubscribeToken(deps.secret, token);
    if (subject) return subject;
    outcomes.inc({ outcome: 'refused' });
    await deps.refusals.record(req);
    sendProblem(
      res,
      problemFor(ErrorCodes.validation, 'This unsubscribe link is not valid', req.originalUrl, [
        { field: 'token', message: 'is not an unsubscribe link we issued' },
      ]),
    );
    return undefined;
  };

  router.get('/:token', async (req, res) => {
    const subject = await subjectOf(req, res);
    if (!subject) return;
    res.status(200).type('html').set('cache-control', 'no-store').send(confirmationPage(subject));
  });

  router.post(
    '/:token',
    express.text({ type: () => true, limit: BODY_LIMIT_BYTES }),
    async (req, res) => {
      const subject = await subjectOf(req, res);
      if (!subject) return;
      const body = typeof req.body === 'string' ? req.body : '';
      if (!isOneClickBody(req.headers['content-type'], body)) {
        sendProblem(
          res,
          problemFor(ErrorCodes.validation, 'Not a one-click unsubscribe', req.originalUrl, [
            { field: ONE_CLICK_FIELD, message: `must be \`${ONE_CLICK_VALUE}\`` },
          ]),
        );
        return;
      }
      try {
        const { added } = await suppress(deps.db, {
          tenantId: subject.tenantId,
          channel: subject.channel,
          address: subject.address,
          reason: 'unsubscribe',
          source: 'list-unsubscribe',
          note: 'one-click unsubscribe (RFC 8058)',
          actor: 'recipient',
        });
        outcomes.inc({ outcome: added ? 'suppressed' : 'already' });
        deps.log.info({ tenant_id: subject.tenantId, added }, 'one-click unsubscribe');
      } catch (err) {
        // The tenant no longer exists: there is nothing left to unsubscribe from.
        if ((err as { code?: string }).code === '23503') {
          sendProblem(res, problemFor(ErrorCodes.notFound, 'No such sender', req.originalUrl));
          return;
        }
        throw err;
      }
      res.status(200).type('html').set('cache-control', 'no-store').send(unsubscribedPage(subject));
    },
  );
  return router;
}
