import express, { Router, type Request, type RequestHandler } from 'express';
import { parseBearer, secretsEqual } from './credentials';
import type { FaultInjector } from './fault-injector';
import type { MessageRecorder } from './message-recorder';
import { newSendGridMessageId } from './provider-ids';
import { SendGridApiError, sendGridErrorHandler } from './sendgrid-errors';
import type { SendGridEventWebhook } from './sendgrid-event-webhook';
import { parseSendGridMail, sendGridMailToMessages } from './sendgrid-mail';

export interface SendGridRoutesDeps {
  apiKey: string;
  recorder: MessageRecorder;
  faults: FaultInjector;
  /** Absent when callbacks are switched off. */
  eventWebhook?: SendGridEventWebhook;
}

/** SendGrid accepts up to 30 MB per request, attachments included. */
const MAX_BODY = '30mb';

/** The `to` addresses of a mail send's personalizations, whatever else the body holds. */
function sendGridRecipients(req: Request): string[] {
  const personalizations = (req.body as { personalizations?: unknown } | undefined)
    ?.personalizations;
  if (!Array.isArray(personalizations)) return [];
  return personalizations.flatMap((p: unknown) => {
    const to = (p as { to?: unknown } | null)?.to;
    return Array.isArray(to)
      ? to.flatMap((r: unknown) => {
          const email = (r as { email?: unknown } | null)?.email;
          return typeof email === 'string' ? [email] : [];
        })
      : [];
  });
}

/**
 * SendGrid's v3 `mail/send`, enough for the official `@sendgrid/mail` SDK, with the Event
 * Webhook and injected faults.
 *
 * @example app.use(sendGridRoutes({ apiKey, recorder, faults, eventWebhook }));
 */
export function sendGridRoutes(deps: SendGridRoutesDeps): Router {
  const { recorder, eventWebhook } = deps;
  const router = Router();

  // Checked before the body is read, as SendGrid does: a bad key never costs a 30 MB parse.
  const authenticate: RequestHandler = (req, _res, next) => {
    const token = parseBearer(req.get('authorization'));
    next(
      token !== undefined && secretsEqual(token, deps.apiKey)
        ? undefined
        : SendGridApiError.unauthorized(),
    );
  };

  router.post(
    '/v3/mail/send',
    authenticate,
    express.json({ limit: MAX_BODY }),
    deps.faults.middleware('sendgrid', SendGridApiError.forStatus, sendGridRecipients),
    (req, res) => {
      const parsed = parseSendGridMail(req.body);
      if (!parsed.ok) throw new SendGridApiError(400, parsed.errors);
      const messageId = newSendGridMessageId();
      const accepted = sendGridMailToMessages(parsed.mail, messageId, new Date().toISOString());
      const recipients = accepted.map((message) => recorder.record(message));
      eventWebhook?.schedule({ messageId, recipients, categories: parsed.mail.categories ?? [] });
      res.status(202).set('X-Message-Id', messageId).end();
    },
  );

  router.use(sendGridErrorHandler);
  return router;
}
