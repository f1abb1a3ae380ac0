import { randomUUID } from 'node:crypto';
import { signTelnyxWebhook, signTwilioRequest } from '@switchboard/providers';
import { countryOf } from '../twilio-inbound';
import { TWILIO_API_VERSION, toRfc2822 } from '../twilio-message';
import {
  newTelnyxCallSid,
  newTelnyxResourceId,
  newTwilioCallSid,
  newTwilioRecordingSid,
  newTwilioTranscriptionSid,
} from './call-ids';
import {
  FINAL_CALL_STATUSES,
  type CallStatus,
  type SandboxCall,
  type VoiceProvider,
} from './sandbox-call';

export type WebhookMethod = 'GET' | 'POST';

/** A request about a call, ready to send: signed, its fields in the body or the query. */
export interface CallRequest {
  url: string;
  method: WebhookMethod;
  headers: Record<string, string>;
  /** The form body of a POST; undefined for a GET. */
  body: string | undefined;
}

/**
 * How one provider speaks about calls: the fields of its call webhooks (instruction requests,
 * status and detection callbacks), how it signs them, and the ids and URLs it gives recordings.
 * TeXML copied Twilio's field names, so the two differ in details and signatures only.
 */
export interface CallDialect {
  readonly provider: VoiceProvider;
  /** The fields every request about the call carries. */
  callParams(call: SandboxCall, status: CallStatus): Record<string, string>;
  /** What a status callback adds: its order and time, and at the end the duration. */
  statusParams(call: SandboxCall, sequence: number): Record<string, string>;
  /** The request as the provider would send it: signed, fields in the body (POST) or query (GET). */
  request(url: string, method: WebhookMethod, params: Record<string, string>): CallRequest;
  newRecording(call: SandboxCall): { sid: string; url: string };
  newTranscriptionSid(): string;
  /** The id of a further call leg, such as the one `<Dial>` places. */
  newCallSid(): string;
}

/** The SIP answer a final status goes with, as Twilio reports it in `SipResponseCode`. */
const SIP_CODES: Partial<Record<CallStatus, string>> = {
  completed: '200',
  busy: '486',
  'no-answer': '487',
  canceled: '487',
  failed: '503',
};

function finalParams(call: SandboxCall): Record<string, string> {
  return FINAL_CALL_STATUSES.has(call.status)
    ? {
        CallDuration: String(call.duration_seconds ?? 0),
        SipResponseCode: SIP_CODES[call.status] ?? '200',
      }
    : {};
}

const answeredBy = (call: SandboxCall) =>
  call.answered_by ? { AnsweredBy: call.answered_by } : ({} as Record<string, string>);

/** Where GET puts a request's fields: in the query, after any the URL already has. */
function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
  return target.toString();
}

const FORM = 'application/x-www-form-urlencoded';

/**
 * Twilio's voice webhooks, signed with `X-Twilio-Signature` over the URL and the form (a GET:
 * over the URL with its query).
 */
export function twilioCallDialect(deps: {
  authToken: string;
  /** Where the sandbox serves recordings, e.g. `http://127.0.0.1:4010`. */
  origin: () => string;
}): CallDialect {
  return {
    provider: 'twilio',
    callParams: (call, status) => ({
      AccountSid: call.account_sid,
      ApiVersion: TWILIO_API_VERSION,
      CallSid: call.sid,
      CallStatus: status,
      Direction: call.direction,
      From: call.from,
      Caller: call.from,
      FromCountry: countryOf(call.from),
      CallerCountry: countryOf(call.from),
      To: call.to,
      Called: call.to,
      ToCountry: countryOf(call.to),
      CalledCountry: countryOf(call.to),
    }),
    statusParams: (call, sequence) => ({
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: toRfc2822(new Date()),
      ...answeredBy(call),
      ...finalParams(call),
    }),
    request(url, method, params) {
      const target = method === 'GET' ? withQuery(url, params) : url;
      const signed = method === 'GET' ? {} : params;
      return {
        url: target,
        method,
        headers: {
          ...(method === 'POST' ? { 'content-type': FORM } : {}),
          'x-twilio-signature': signTwilioRequest(deps.authToken, target, signed),
          'i-twilio-idempotency-token': randomUUID(),
          'user-agent': 'TwilioProxy/1.1',
        },
        body: method === 'POST' ? new URLSearchParams(params).toString() : undefined,
      };
    },
    newRecording(call) {
      const sid = newTwilioRecordingSid();
      return {
        sid,
        url: `${deps.origin()}/${TWILIO_API_VERSION}/Accounts/${call.account_sid}/Recordings/${sid}`,
      };
    },
    newTranscriptionSid: newTwilioTranscriptionSid,
    newCallSid: newTwilioCallSid,
  };
}

/**
 * Telnyx's TeXML webhooks: Twilio's field names with Telnyx's own additions, signed with
 * Ed25519 over `<timestamp>|<body>` (`telnyx-signature-ed25519`, `telnyx-timestamp`).
 */
export function telnyxCallDialect(deps: {
  /** Base64 PKCS#8 Ed25519 key. */
  privateKey: string;
  origin: () => string;
}): CallDialect {
  return {
    provider: 'telnyx',
    callParams: (call, status) => ({
      AccountSid: call.account_sid,
      CallSid: call.sid,
      CallSidLegacy: call.sid,
      ...(call.application_sid ? { ConnectionId: call.application_sid } : {}),
      CallStatus: status,
      Direction: call.direction === 'inbound' ? 'inbound' : 'outbound',
      From: call.from,
      To: call.to,
    }),
    statusParams: (call, sequence) => ({
      CallbackSource: 'call-progress-events',
      SequenceNumber: String(sequence),
      Timestamp: new Date().toISOString(),
      ...answeredBy(call),
      ...finalParams(call),
    }),
    request(url, method, params) {
      const body = method === 'POST' ? new URLSearchParams(params).toString() : undefined;
      return {
        url: method === 'GET' ? withQuery(url, params) : url,
        method,
        headers: {
          ...(method === 'POST' ? { 'content-type': FORM } : {}),
          ...signTelnyxWebhook(deps.privateKey, body ?? ''),
          'user-agent': 'Telnyx-TeXML/1.0',
        },
        body,
      };
    },
    newRecording(call) {
      const sid = newTelnyxResourceId();
      return {
        sid,
        url: `${deps.origin()}/v2/texml/Accounts/${call.account_sid}/Recordings/${sid}`,
      };
    },
    newTranscriptionSid: newTelnyxResourceId,
    newCallSid: newTelnyxCallSid,
  };
}
