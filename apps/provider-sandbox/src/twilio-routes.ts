import express, { Router, type RequestHandler } from 'express';
import type { FaultInjector } from './fault-injector';
import { fetchMmsMedia, type FetchedMedia } from './media-fetch';
import type { MessageRecorder } from './message-recorder';
import type { AcceptedMessage, MessageStore } from './message-store';
import { newTwilioMessageSid } from './provider-ids';
import { twilioAuthenticator } from './twilio-auth';
import {
  TwilioApiError,
  TwilioErrorCodes,
  twilioErrorHandler,
  twilioFaultsByRecipient,
} from './twilio-errors';
import {
  TWILIO_API_VERSION,
  parseTwilioSendForm,
  renderTwilioMessage,
  twilioMessageUri,
  type TwilioMessageResource,
  type TwilioSendRequest,
} from './twilio-message';
import type { TwilioStatusCallbacks } from './twilio-status-callbacks';

export interface TwilioRoutesDeps {
  accountSid: string;
  authToken: string;
  store: MessageStore;
  recorder: MessageRecorder;
  faults: FaultInjector;
  /** Absent when callbacks are switched off. */
  statusCallbacks?: TwilioStatusCallbacks;
}

const ACCOUNT = `/${TWILIO_API_VERSION}/Accounts/:AccountSid`;
/** The create-message route's template, as the RED metrics label it. */
export const TWILIO_MESSAGES_ROUTE = `${ACCOUNT}/Messages.json`;

/** What accepting a message needs, whichever way its request came in. */
export type TwilioSendDeps = Pick<TwilioRoutesDeps, 'accountSid' | 'recorder' | 'statusCallbacks'>;

/**
 * Accepts a create-message request: records the message, schedules its status callbacks, and
 * returns the Message resource to answer `201` with. `fetched` are an MMS's media as fetched.
 */
export function acceptTwilioSend(
  deps: TwilioSendDeps,
  request: TwilioSendRequest,
  fetched?: FetchedMedia,
): TwilioMessageResource {
  const message: AcceptedMessage = {
    provider: 'twilio',
    channel: request.mediaUrls.length > 0 ? 'mms' : 'sms',
    from: request.from,
    to: request.to,
    subject: null,
    body: request.body,
    html: null,
    media: request.mediaUrls,
    ...(fetched ? { media_files: fetched.files } : {}),
    provider_message_id: newTwilioMessageSid(),
    status_callback: request.statusCallback,
    custom_args: null,
    received_at: new Date().toISOString(),
  };
  const stored = deps.recorder.record(message);
  deps.statusCallbacks?.schedule(stored, fetched?.failure ? [fetched.failure] : undefined);
  return renderTwilioMessage(stored, deps.accountSid);
}

/**
 * Twilio's Programmable Messaging REST API, enough for the official SDK's
 * `messages.create()` and `messages(sid).fetch()`, with status callbacks and injected faults.
 * Plain SMS sends mostly arrive through `twilioDirectSends` instead, before express.
 *
 * @example app.use(twilioRoutes({ accountSid, authToken, store, recorder, faults, statusCallbacks }));
 */
export function twilioRoutes(deps: TwilioRoutesDeps): Router {
  const { accountSid, store } = deps;
  const router = Router();

  const authenticate = twilioAuthenticator(accountSid, deps.authToken);
  const faults = deps.faults.middleware('twilio', TwilioApiError.forStatus);
  const sendFaults = twilioFaultsByRecipient(deps.faults);

  router.post(
    TWILIO_MESSAGES_ROUTE,
    authenticate,
    express.urlencoded({ extended: false }),
    sendFaults,
    async (req, res) => {
      const request = parseTwilioSendForm(req.body);
      // Twilio fetches MMS media itself; a URL that does not answer 200 fails the message
      // (accepted first, then reported `failed`), as at Twilio.
      const fetched =
        request.mediaUrls.length > 0 ? await fetchMmsMedia(request.mediaUrls) : undefined;
      res.status(201).json(acceptTwilioSend(deps, request, fetched));
    },
  );

  const fetchMessage: RequestHandler<{ AccountSid: string; Sid: string }> = (req, res) => {
    const [message] = store.findByProviderId('twilio', req.params.Sid);
    if (!message) {
      throw new TwilioApiError(
        404,
        TwilioErrorCodes.notFound,
        `The requested resource ${twilioMessageUri(accountSid, req.params.Sid)} was not found`,
      );
    }
    res.json(renderTwilioMessage(message, accountSid));
  };
  router.get(`${ACCOUNT}/Messages/:Sid.json`, authenticate, faults, fetchMessage);

  // The list, newest first, filtered by `To` and `From` like Twilio's (one page is enough here).
  const listMessages: RequestHandler<{ AccountSid: string }> = (req, res) => {
    const to = typeof req.query.To === 'string' ? req.query.To : undefined;
    const from = typeof req.query.From === 'string' ? req.query.From : undefined;
    const pageSize = Math.min(Number(req.query.PageSize) || 50, 1000);
    const messages = store
      .list({ provider: 'twilio', ...(to ? { to } : {}) })
      .filter((m) => !from || m.from === from)
      .reverse()
      .slice(0, pageSize);
    const uri = `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Messages.json`;
    res.json({
      messages: messages.map((m) => renderTwilioMessage(m, accountSid)),
      end: Math.max(0, messages.length - 1),
      first_page_uri: `${uri}?PageSize=${pageSize}&Page=0`,
      next_page_uri: null,
      page: 0,
      page_size: pageSize,
      previous_page_uri: null,
      start: 0,
      uri: `${uri}?PageSize=${pageSize}&Page=0`,
    });
  };
  router.get(`${ACCOUNT}/Messages.json`, authenticate, faults, listMessages);

  router.use(twilioErrorHandler);
  return router;
}
