import express, { Router, type RequestHandler } from 'express';
import type { FaultInjector } from '../fault-injector';
import { telnyxAuthenticator } from '../telnyx-auth';
import { TelnyxApiError, telnyxErrorHandler } from '../telnyx-errors';
import type { CallDialect } from './call-dialects';
import { newTelnyxCallSid } from './call-ids';
import type { CallStore } from './call-store';
import type { OutboundCalls } from './outbound-calls';
import { parseTexmlCall, renderTexmlCall, renderTexmlCallCreated } from './telnyx-call-request';

export interface TelnyxCallRoutesDeps {
  apiKey: string;
  calls: CallStore;
  outbound: OutboundCalls;
  dialect: CallDialect;
  faults: FaultInjector;
}

/** Telnyx's limit on a JSON request body. */
const MAX_BODY = '1mb';
const ACCOUNT = '/v2/texml/Accounts/:AccountSid';

/**
 * Telnyx's TeXML Calls API (Twilio-compatible call scripting), enough for the official `telnyx`
 * SDK's `texml.accounts.calls.calls()` and `texml.accounts.calls.retrieve()`, with the Messaging
 * API's authentication and faults. Any account sid is accepted: the API key is the credential.
 *
 * @example app.use(telnyxCallRoutes({ apiKey, calls, outbound, dialect, faults }));
 */
export function telnyxCallRoutes(deps: TelnyxCallRoutesDeps): Router {
  const { calls, outbound, dialect } = deps;
  const router = Router();
  const authenticate = telnyxAuthenticator(deps.apiKey);

  const place: RequestHandler<{ AccountSid: string }> = (req, res) => {
    const request = parseTexmlCall(req.body);
    const call = outbound.place(dialect, {
      ...request,
      sid: newTelnyxCallSid(),
      accountSid: req.params.AccountSid,
    });
    res.status(200).json(renderTexmlCallCreated(call));
  };
  router.post(
    `${ACCOUNT}/Calls`,
    authenticate,
    express.json({ limit: MAX_BODY }),
    deps.faults.middleware('telnyx', TelnyxApiError.forStatus, (req) => {
      const to = (req.body as Record<string, unknown> | undefined)?.['To'];
      return typeof to === 'string' ? [to] : [];
    }),
    place,
  );

  const retrieve: RequestHandler<{ AccountSid: string; Sid: string }> = (req, res) => {
    const call = calls.get('telnyx', req.params.Sid);
    if (!call || call.account_sid !== req.params.AccountSid) {
      throw TelnyxApiError.notFound(`No call ${req.params.Sid} in this account.`);
    }
    res.json(renderTexmlCall(call));
  };
  router.get(
    `${ACCOUNT}/Calls/:Sid`,
    authenticate,
    deps.faults.middleware('telnyx', TelnyxApiError.forStatus),
    retrieve,
  );

  router.use(telnyxErrorHandler);
  return router;
}
