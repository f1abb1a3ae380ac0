import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerProblem, directRequest, type DirectHandler } from '@switchboard/http';
import { withCorrelation, type Logger, type ServiceMetrics } from '@switchboard/observability';
import type { FaultInjector } from './fault-injector';
import type { FaultSettings } from './fault-settings';
import { parsePlainForm } from './form-body';
import { twilioCredentials } from './twilio-auth';
import { TwilioApiError } from './twilio-errors';
import { parseTwilioSendForm } from './twilio-message';
import { TWILIO_MESSAGES_ROUTE, acceptTwilioSend, type TwilioSendDeps } from './twilio-routes';

export interface TwilioDirectSendsDeps extends TwilioSendDeps {
  authToken: string;
  faults: FaultSettings;
  /** Holds an answer for the steady latency set (`FaultInjector.hold`). */
  hold: FaultInjector['hold'];
  metrics: ServiceMetrics;
  log: Logger;
}

/** `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, spelt as the SDKs spell it. */
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(\w+)\/Messages\.json(?:\?|$)/;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;\s*charset="?utf-8"?\s*)?$/i;
/** `express.urlencoded`'s default limit: larger bodies are its to refuse. */
const BODY_LIMIT_BYTES = 100 * 1024;

/** What express's `res.status(status).json(body)` sends. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The length of a body this path may read: declared, identity-encoded, within the limit. */
function plainBodyLength(req: IncomingMessage): number | undefined {
  const { headers } = req;
  const declared = headers['content-length'];
  if (declared === undefined || headers['transfer-encoding'] !== undefined) return undefined;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
  if (!FORM_TYPE.test(headers['content-type'] ?? '')) return undefined;
  const length = Number(declared);
  return length > 0 && length <= BODY_LIMIT_BYTES ? length : undefined;
}

/** Reads a body of `length` bytes without ending the stream, so it can still be put back. */
function readBody(req: IncomingMessage, length: number, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  const onReadable = () => {
    let chunk: Buffer | null;
    while ((chunk = req.read() as Buffer | null) !== null) {
      chunks.push(chunk);
      received += chunk.length;
    }
    if (received < length) return;
    req.removeListener('readable', onReadable);
    then(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  };
  // A client gone mid-body leaves nothing to answer; the listener goes with the request.
  req.on('readable', onReadable);
}

/**
 * Twilio's create-message call answered before express: the call behind every SMS sent through
 * the sandbox, thousands a second in a benchmark, where express's routing, body parsing and
 * middleware cost more than accepting the message. It answers what the express route
 * (`twilioRoutes`) answers, and takes only the requests that need nothing else: no fault for
 * Twilio but steady latency (held as the fault middleware holds it: from the body read to the
 * record and the answer), the account's own credentials, and a plain form body of an SMS as the
 * SDKs send it (see `parsePlainForm`). Any other request goes to express — after its body was
 * read, with the body put back (`unshift`) for express's own parser.
 *
 * @example createHttpService({ …, direct: twilioDirectSends({ accountSid, authToken, recorder, statusCallbacks, faults, hold: injector.hold, metrics, log }) });
 */
export function twilioDirectSends(deps: TwilioDirectSendsDeps): DirectHandler {
  const { faults, metrics, log } = deps;
  const valid = twilioCredentials(deps.accountSid, deps.authToken);

  function answer(req: IncomingMessage, res: ServerResponse, form: object, started: bigint): void {
    const request = directRequest(metrics, req, res, TWILIO_MESSAGES_ROUTE, started);
    try {
      const send = parseTwilioSendForm(form);
      // As in express, where the request id is the correlation of everything the request does.
      const resource = withCorrelation({ request_id: request.requestId }, () =>
        acceptTwilioSend(deps, send),
      );
      sendJson(res, 201, resource);
    } catch (err) {
      if (err instanceof TwilioApiError) sendJson(res, err.status, err.toJSON());
      else answerProblem(log, err, req, res, TWILIO_MESSAGES_ROUTE);
    }
    request.answered();
  }

  return (req, res, next) => {
    if (req.method !== 'POST' || faults.steadyDelayMs('twilio') === undefined) return next();
    const path = MESSAGES_PATH.exec(req.url ?? '');
    const length = path ? plainBodyLength(req) : undefined;
    if (!path || length === undefined || !valid(req.headers.authorization, path[1]!)) {
      return next();
    }
    const started = process.hrtime.bigint();
    readBody(req, length, (body) => {
      const form = parsePlainForm(body.toString('utf8'));
      const delayMs = faults.steadyDelayMs('twilio');
      // An MMS is fetched and answered by the express route; so is a fault set meanwhile.
      if (!form || form['MediaUrl'] !== undefined || delayMs === undefined) {
        req.unshift(body);
        next();
      } else if (delayMs > 0) deps.hold(res, delayMs, () => answer(req, res, form, started));
      else answer(req, res, form, started);
    });
  };
}
