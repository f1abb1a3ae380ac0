import express, { Router, type RequestHandler } from 'express';
import type { FaultInjector } from '../fault-injector';
import { twilioAuthenticator } from '../twilio-auth';
import {
  TwilioApiError,
  TwilioErrorCodes,
  twilioErrorHandler,
  twilioFaultsByRecipient,
} from '../twilio-errors';
import { TWILIO_API_VERSION } from '../twilio-message';
import type { CallDialect } from './call-dialects';
import { newTwilioCallSid } from './call-ids';
import type { CallRuntime } from './call-runtime';
import type { CallStore } from './call-store';
import type { OutboundCalls } from './outbound-calls';
import { parseTwilioCallForm, renderTwilioCall, twilioCallUri } from './twilio-call-form';

export interface TwilioCallRoutesDeps {
  accountSid: string;
  authToken: string;
  calls: CallStore;
  runtime: CallRuntime;
  outbound: OutboundCalls;
  dialect: CallDialect;
  faults: FaultInjector;
}

const ACCOUNT = `/${TWILIO_API_VERSION}/Accounts/:AccountSid`;

/**
 * Twilio's Programmable Voice Calls API, enough for the official SDK's `calls.create()`,
 * `calls(sid).fetch()`, `calls(sid).update({ status })` and `calls.list()`, with the Messages
 * API's authentication and faults.
 *
 * @example app.use(twilioCallRoutes({ accountSid, authToken, calls, runtime, outbound, dialect, faults }));
 */
export function twilioCallRoutes(deps: TwilioCallRoutesDeps): Router {
  const { accountSid, calls, runtime, outbound, dialect } = deps;
  const router = Router();
  const authenticate = twilioAuthenticator(accountSid, deps.authToken);
  const faults = deps.faults.middleware('twilio', TwilioApiError.forStatus);
  const createFaults = twilioFaultsByRecipient(deps.faults);

  router.post(
    `${ACCOUNT}/Calls.json`,
    authenticate,
    express.urlencoded({ extended: false }),
    createFaults,
    (req, res) => {
      const request = parseTwilioCallForm(req.body);
      const call = outbound.place(dialect, {
        ...request,
        sid: newTwilioCallSid(),
        accountSid,
        applicationSid: null,
      });
      res.status(201).json(renderTwilioCall(call));
    },
  );

  const fetchCall: RequestHandler<{ AccountSid: string; Sid: string }> = (req, res) => {
    const call = calls.get('twilio', req.params.Sid);
    if (!call) {
      throw new TwilioApiError(
        404,
        TwilioErrorCodes.notFound,
        `The requested resource ${twilioCallUri(accountSid, req.params.Sid)} was not found`,
      );
    }
    res.json(renderTwilioCall(call));
  };
  router.get(`${ACCOUNT}/Calls/:Sid.json`, authenticate, faults, fetchCall);

  // `calls(sid).update({ status })`: hang up a call. New instructions for a running call
  // (`Url`, `Twiml`) are not simulated.
  const updateCall: RequestHandler<{ AccountSid: string; Sid: string }> = (req, res, next) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const status = form.Status;
    if (form.Url !== undefined || form.Twiml !== undefined) {
      throw new TwilioApiError(
        400,
        TwilioErrorCodes.invalidUrl,
        'The sandbox does not redirect running calls; only Status can be updated',
      );
    }
    if (status !== 'canceled' && status !== 'completed') {
      throw new TwilioApiError(
        400,
        TwilioErrorCodes.invalidUrl,
        'Status must be canceled or completed',
      );
    }
    runtime.hangUp('twilio', req.params.Sid, status);
    fetchCall(req, res, next);
  };
  router.post(
    `${ACCOUNT}/Calls/:Sid.json`,
    authenticate,
    express.urlencoded({ extended: false }),
    faults,
    updateCall,
  );

  // Newest first, filtered by `To`, `From` and `Status` like Twilio's (one page is enough here).
  const listCalls: RequestHandler<{ AccountSid: string }> = (req, res) => {
    const query = (name: string) =>
      typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;
    const [to, from, status] = [query('To'), query('From'), query('Status')];
    const pageSize = Math.min(Number(req.query.PageSize) || 50, 1000);
    const found = calls
      .list({ provider: 'twilio', ...(to ? { to } : {}) })
      .filter((c) => (!from || c.from === from) && (!status || c.status === status))
      .reverse()
      .slice(0, pageSize);
    const uri = `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Calls.json`;
    res.json({
      calls: found.map(renderTwilioCall),
      end: Math.max(0, found.length - 1),
      first_page_uri: `${uri}?PageSize=${pageSize}&Page=0`,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: `${uri}?PageSize=${pageSize}&Page=0`,
    });
  };
  router.get(`${ACCOUNT}/Calls.json`, authenticate, faults, listCalls);

  router.use(twilioErrorHandler);
  return router;
}
