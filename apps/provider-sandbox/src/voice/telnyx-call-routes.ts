import express, { Router, type RequestHandler } from 'express';
import type { FaultInjector } from '../fault-injector';
import { telnyxAuthenticator } from '../telnyx-auth';
import { TelnyxApiError, TelnyxErrorCodes, telnyxErrorHandler } from '../telnyx-errors';
import type { CallDialect } from './call-dialects';
import { newTelnyxCallSid } from './call-ids';
import type { CallRuntime } from './call-runtime';
import type { CallStore } from './call-store';
import type { OutboundCalls } from './outbound-calls';
import { parseTexmlCall, renderTexmlCall, renderTexmlCallCreated } from './telnyx-call-request';

export interface TelnyxCallRoutesDeps {
  apiKey: string;
  calls: CallStore;
  runtime: CallRuntime;
  outbound: OutboundCalls;
  dialect: CallDialect;
  faults: FaultInjector;
}

/** Telnyx's limit on a JSON request body. */
const MAX_BODY = '1mb';
const ACCOUNT = '/v2/texml/Accounts/:AccountSid';

/**
 * Telnyx's TeXML Calls API (Twilio-compatible call scripting), enough for the official `telnyx`
 * SDK's `texml.accounts.calls.calls()`, `.retrieve()` and `.update()` (hang-ups), with the Messaging
 * API's authentication and faults. Any account sid is accepted: the API key is the credential.
 *
 * @example app.use(telnyxCallRoutes({ apiKey, calls, runtime, outbound, dialect, faults }));
 */
export function telnyxCallRoutes(deps: TelnyxCallRoutesDeps): Router {
  const { calls, runtime, outbound, dialect } = deps;
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

  // `calls.update(sid, { Status })`, form-encoded: hang up a call (new instructions are not
  // simulated).
  const update: RequestHandler<{ AccountSid: string; Sid: string }> = (req, res, next) => {
    const status = (req.body as Record<string, unknown> | undefined)?.Status;
    if (status !== 'canceled' && status !== 'completed') {
      throw TelnyxApiError.invalid(
        TelnyxErrorCodes.badRequest,
        'Bad Request',
        "'Status' must be canceled or completed; the sandbox does not redirect running calls.",
        'Status',
      );
    }
    runtime.hangUp('telnyx', req.params.Sid, status);
    retrieve(req, res, next);
  };
  router.post(
    `${ACCOUNT}/Calls/:Sid`,
    authenticate,
    express.urlencoded({ extended: false }),
    deps.faults.middleware('telnyx', TelnyxApiError.forStatus),
    update,
  );

  router.use(telnyxErrorHandler);
  return router;
}
