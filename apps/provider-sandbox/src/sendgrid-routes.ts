import express, { Router, type RequestHandler } from 'express';
import { parseBearer, secretsEqual } from './credentials';
import type { MessageRecorder } from './message-recorder';
import { newSendGridMessageId } from './provider-ids';
import { SendGridApiError, sendGridErrorHandler } from './sendgrid-errors';
import { parseSendGridMail, sendGridMailToMessages } from './sendgrid-mail';

export interface SendGridRoutesDeps {
  apiKey: string;
  recorder: MessageRecorder;
}

/** SendGrid accepts up to 30 MB per request, attachments included. */
const MAX_BODY = '30mb';

/**
 * SendGrid's v3 `mail/send`, enough for the official `@sendgrid/mail` SDK.
 *
 * @example app.use(sendGridRoutes({ apiKey, recorder }));
 */
export function sendGridRoutes(deps: SendGridRoutesDeps): Router {
  const { recorder } = deps;
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

  router.post('/v3/mail/send', authenticate, express.json({ limit: MAX_BODY }), (req, res) => {
    const parsed = parseSendGridMail(req.body);
    if (!parsed.ok) throw new SendGridApiError(400, parsed.errors);
    const messageId = newSendGridMessageId();
    for (const message of sendGridMailToMessages(
      parsed.mail,
      messageId,
      new Date().toISOString(),
    )) {
      recorder.record(message);
    }
    res.status(202).set('X-Message-Id', messageId).end();
  });

  router.use(sendGridErrorHandler);
  return router;
}
