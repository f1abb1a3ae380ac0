import express, { Router } from 'express';
import type { FaultInjector } from './fault-injector';
import type { MessageRecorder } from './message-recorder';
import { newTelnyxMessageId } from './provider-ids';
import { telnyxAuthenticator } from './telnyx-auth';
import { TelnyxApiError, telnyxErrorHandler } from './telnyx-errors';
import { parseTelnyxSend, renderTelnyxMessage } from './telnyx-message';

export interface TelnyxRoutesDeps {
  apiKey: string;
  recorder: MessageRecorder;
  faults: FaultInjector;
}

/** Telnyx's limit on a JSON request body. */
const MAX_BODY = '1mb';

/**
 * Telnyx's v2 `POST /v2/messages`, enough for the official `telnyx` SDK's `messages.send()`.
 *
 * @example app.use(telnyxRoutes({ apiKey, recorder, faults }));
 */
export function telnyxRoutes(deps: TelnyxRoutesDeps): Router {
  const { recorder } = deps;
  const router = Router();

  const authenticate = telnyxAuthenticator(deps.apiKey);

  router.post(
    '/v2/messages',
    authenticate,
    express.json({ limit: MAX_BODY }),
    deps.faults.middleware('telnyx', TelnyxApiError.forStatus, (req) => {
      const to = (req.body as Record<string, unknown> | undefined)?.['to'];
      return typeof to === 'string' ? [to] : [];
    }),
    (req, res) => {
      const request = parseTelnyxSend(req.body);
      const stored = recorder.record({
        provider: 'telnyx',
        channel: request.mediaUrls.length > 0 ? 'mms' : 'sms',
        from: request.from,
        to: request.to,
        subject: null,
        body: request.text,
        html: null,
        media: request.mediaUrls,
        provider_message_id: newTelnyxMessageId(),
        status_callback: request.webhookUrl,
        custom_args: null,
        received_at: new Date().toISOString(),
      });
      res.status(200).json(renderTelnyxMessage(stored, request));
    },
  );

  router.use(telnyxErrorHandler);
  return router;
}
