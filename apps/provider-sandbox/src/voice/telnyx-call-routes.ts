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
 * SDK's `texml.accounts.calls.calls()`, `.retrieve()`, `.update()` (hang-ups) and
 * `.retrieveCalls()` (the account's calls, filtered by `To`, `From` and `Status`), with the Messaging
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

  // Newest first, filtered by `To`, `From` and `Status` like the TeXML API (one page is enough here).
  const list: RequestHandler<{ AccountSid: string }> = (req, res) => {
    const query = (name: string) =>
      typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;
    const [to, from, status] = [query('To'), query('From'), query('Status')];
    const pageSize = Math.min(Number(req.query.PageSize) || 50, 1000);
    const found = calls
      .list({ provider: 'telnyx', ...(to ? { to } : {}) })
      .map(renderTexmlCall)
      .filter(
        (c) =>
          c.account_sid === req.params.AccountSid &&
          (!from || c.from === from) &&
          (!status || c.status === status),
      )
      .reverse()
      .slice(0, pageSize);
    const uri = `/v2/texml/Accounts/${req.params.AccountSid}/Calls.json`;
    res.json({
      calls: found,
      end: Math.max(0, found.length - 1),
      first_page_uri: `${uri}?Page=0&PageSize=${pageSize}`,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      start: 0,
      uri: `${uri}?Page=0&PageSize=${pageSize}`,
    });
  };
  router.get(
    `${ACCOUNT}/Calls`,
    authenticate,
    deps.faults.middleware('telnyx', TelnyxApiError.forStatus),
    list,
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
