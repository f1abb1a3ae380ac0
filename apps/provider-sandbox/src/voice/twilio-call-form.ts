import { TwilioApiError, TwilioErrorCodes } from '../twilio-errors';
import { TWILIO_API_VERSION, toRfc2822 } from '../twilio-message';
import type { WebhookMethod } from './call-dialects';
import type { OutboundCallRequest } from './outbound-calls';
import type { CallStatus, MachineDetection, SandboxCall } from './sandbox-call';

/** Twilio refuses inline TwiML longer than this (32018). */
export const MAX_INLINE_TWIML_CHARS = 4000;
/** Twilio rings for at most this long, whatever `Timeout` asks. */
const MAX_RING_SECONDS = 600;

export const PROGRESS_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/** A number, a Twilio Client identity or a SIP address. */
const CALL_ADDRESS = /^(?:\+?\d{3,15}|client:[\w.-]{1,64}|sip:\S{1,256})$/;

type Form = Record<string, unknown>;

// The SDK sends arrays as repeated keys, which the parser gives as an array.
function values(form: Form, key: string): string[] {
  const raw = form[key];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}
const first = (form: Form, key: string): string | undefined => values(form, key)[0];

function httpUrl(value: string | undefined, field: string): string | null {
  if (value === undefined) return null;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') {
    throw new TwilioApiError(400, TwilioErrorCodes.invalidUrl, `${field} is not a valid URL`);
  }
  return value;
}

const methodOf = (value: string | undefined): WebhookMethod =>
  value?.toUpperCase() === 'GET' ? 'GET' : 'POST';

function machineDetectionOf(value: string | undefined): MachineDetection | null {
  return value === 'Enable' || value === 'DetectMessageEnd' ? value : null;
}

/** Reads a `Calls.json` form, failing with the code Twilio would for a missing or bad part. */
export function parseTwilioCallForm(
  body: unknown,
): Omit<OutboundCallRequest, 'sid' | 'accountSid' | 'applicationSid'> {
  const form: Form = body && typeof body === 'object' ? (body as Form) : {};
  const to = first(form, 'To');
  if (!to) {
    throw new TwilioApiError(400, TwilioErrorCodes.callToRequired, "No 'To' number is specified");
  }
  if (!CALL_ADDRESS.test(to)) {
    throw new TwilioApiError(400, TwilioErrorCodes.invalidTo, `Invalid 'To' Phone Number: ${to}`);
  }
  const from = first(form, 'From');
  if (!from) {
    throw new TwilioApiError(
      400,
      TwilioErrorCodes.callFromRequired,
      "No 'From' number is specified",
    );
  }
  if (!CALL_ADDRESS.test(from)) {
    throw new TwilioApiError(400, TwilioErrorCodes.invalidFrom, `Invalid 'From' number: ${from}`);
  }
  const twiml = first(form, 'Twiml') ?? null;
  const url = httpUrl(first(form, 'Url'), 'Url');
  if (twiml === null && url === null) {
    throw new TwilioApiError(
      400,
      TwilioErrorCodes.invalidUrl,
      'Either Url or Twiml is required (the sandbox serves no applications)',
    );
  }
  if (twiml !== null && twiml.length > MAX_INLINE_TWIML_CHARS) {
    throw new TwilioApiError(
      400,
      TwilioErrorCodes.twimlTooLong,
      `Twiml size exceeded maximum allowed value of ${MAX_INLINE_TWIML_CHARS} characters`,
    );
  }
  const events = values(form, 'StatusCallbackEvent')
    .flatMap((value) => value.split(' '))
    .filter((event) => (PROGRESS_EVENTS as readonly string[]).includes(event));
  const timeout = Number(first(form, 'Timeout'));
  return {
    from,
    to,
    // Twilio runs Twiml when both are given.
    twiml,
    url: twiml === null ? url : null,
    method: methodOf(first(form, 'Method')),
    statusCallback: httpUrl(first(form, 'StatusCallback'), 'StatusCallback'),
    statusCallbackEvents: [...new Set(events)],
    machineDetection: machineDetectionOf(first(form, 'MachineDetection')),
    asyncAmd: first(form, 'AsyncAmd') === 'true',
    asyncAmdStatusCallback: httpUrl(
      first(form, 'AsyncAmdStatusCallback'),
      'AsyncAmdStatusCallback',
    ),
    timeoutSeconds:
      Number.isInteger(timeout) && timeout > 0 ? Math.min(timeout, MAX_RING_SECONDS) : null,
  };
}

export function twilioCallUri(accountSid: string, sid: string): string {
  return `/${TWILIO_API_VERSION}/Accounts/${accountSid}/Calls/${sid}.json`;
}

/** The Call resource's status: `initiated` is a callback's word only; the resource says `queued`. */
const resourceStatus = (status: CallStatus) => (status === 'initiated' ? 'queued' : status);

const rfc2822 = (iso: string | null) => (iso ? toRfc2822(new Date(iso)) : null);

/** The Call resource Twilio returns from create and fetch, as the SDK's CallInstance reads it. */
export function renderTwilioCall(call: SandboxCall) {
  const uri = twilioCallUri(call.account_sid, call.sid);
  const base = uri.slice(0, -'.json'.length);
  return {
    sid: call.sid,
    date_created: rfc2822(call.created_at),
    date_updated: rfc2822(call.ended_at ?? call.answered_at ?? call.created_at),
    parent_call_sid: null,
    account_sid: call.account_sid,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: resourceStatus(call.status),
    start_time: rfc2822(call.answered_at),
    end_time: rfc2822(call.ended_at),
    duration: call.duration_seconds === null ? null : String(call.duration_seconds),
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: call.answered_by,
    api_version: TWILIO_API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri,
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      events: `${base}/Events.json`,
    },
  };
}
