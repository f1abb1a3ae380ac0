import { TelnyxApiError, TelnyxErrorCodes } from '../telnyx-errors';
import { toRfc2822 } from '../twilio-message';
import type { OutboundCallRequest } from './outbound-calls';
import type { SandboxCall } from './sandbox-call';
import { MAX_INLINE_TWIML_CHARS, PROGRESS_EVENTS } from './twilio-call-form';

/** +E.164 or a SIP URI, as TeXML takes them. */
const CALL_ADDRESS = /^(?:\+\d{7,15}|sip:\S{1,256})$/;
/** TeXML rings for at least 5 and at most 120 seconds. */
const RING_SECONDS = { min: 5, max: 120 } as const;

type Json = Record<string, unknown>;

const text = (json: Json, key: string): string | undefined => {
  const value = json[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

function address(json: Json, key: 'To' | 'From'): string {
  const value = text(json, key);
  if (!value) throw TelnyxApiError.missing(key);
  if (!CALL_ADDRESS.test(value)) {
    throw TelnyxApiError.invalid(
      key === 'To' ? TelnyxErrorCodes.invalidTo : TelnyxErrorCodes.invalidFrom,
      `Invalid '${key}' address`,
      `The '${key}' address should be a number in E.164 form or a SIP URI.`,
      key,
    );
  }
  return value;
}

function httpUrl(json: Json, key: string): string | null {
  const value = text(json, key);
  if (value === undefined) return null;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw TelnyxApiError.invalid(
      TelnyxErrorCodes.badRequest,
      'Bad Request',
      `'${key}' must be an http(s) URL.`,
      key,
    );
  }
  return value;
}

/**
 * Reads a TeXML `POST /v2/texml/Accounts/{account_sid}/Calls` body (JSON, Twilio's field names),
 * failing with the error Telnyx would for a missing or bad part.
 */
export function parseTexmlCall(body: unknown): Omit<OutboundCallRequest, 'sid' | 'accountSid'> {
  const json: Json = body && typeof body === 'object' && !Array.isArray(body) ? (body as Json) : {};
  const to = address(json, 'To');
  const from = address(json, 'From');
  const texml = text(json, 'Texml') ?? null;
  const url = httpUrl(json, 'Url');
  if (texml === null && url === null) throw TelnyxApiError.missing('Url');
  if (texml !== null && texml.length > MAX_INLINE_TWIML_CHARS) {
    throw TelnyxApiError.invalid(
      TelnyxErrorCodes.badRequest,
      'Bad Request',
      `'Texml' exceeds ${MAX_INLINE_TWIML_CHARS} characters.`,
      'Texml',
    );
  }
  const events = (text(json, 'StatusCallbackEvent') ?? '')
    .split(' ')
    .filter((event) => (PROGRESS_EVENTS as readonly string[]).includes(event));
  const detection = text(json, 'MachineDetection');
  const timeout = json.Timeout;
  return {
    from,
    to,
    applicationSid: text(json, 'ApplicationSid') ?? null,
    twiml: texml,
    url: texml === null ? url : null,
    method: text(json, 'UrlMethod')?.toUpperCase() === 'GET' ? 'GET' : 'POST',
    statusCallback: httpUrl(json, 'StatusCallback'),
    statusCallbackEvents: [...new Set(events)],
    machineDetection: detection === 'Enable' || detection === 'DetectMessageEnd' ? detection : null,
    asyncAmd: json.AsyncAmd === true || json.AsyncAmd === 'true',
    asyncAmdStatusCallback: httpUrl(json, 'AsyncAmdStatusCallback'),
    timeoutSeconds:
      typeof timeout === 'number' && Number.isInteger(timeout)
        ? Math.min(RING_SECONDS.max, Math.max(RING_SECONDS.min, timeout))
        : null,
  };
}

/** TeXML's answer to a call it accepted: flat, no `data` wrapper. */
export function renderTexmlCallCreated(call: SandboxCall) {
  return { call_sid: call.sid, from: call.from, to: call.to, status: 'queued' };
}

/** TeXML's call resource reports detection in three words. */
function answeredBy(value: string | null): 'human' | 'machine' | 'not_sure' | null {
  if (value === null) return null;
  if (value === 'human') return 'human';
  return value.startsWith('machine') ? 'machine' : 'not_sure';
}

const rfc2822 = (iso: string | null) => (iso ? toRfc2822(new Date(iso)) : undefined);

/** The TeXML call resource, as the SDK's `texml.accounts.calls.retrieve()` reads it. */
export function renderTexmlCall(call: SandboxCall) {
  return {
    account_sid: call.account_sid,
    ...(call.answered_by ? { answered_by: answeredBy(call.answered_by) } : {}),
    caller_name: call.from,
    date_created: rfc2822(call.created_at),
    date_updated: rfc2822(call.ended_at ?? call.answered_at ?? call.created_at),
    direction: call.direction === 'inbound' ? 'inbound' : 'outbound',
    ...(call.duration_seconds !== null ? { duration: String(call.duration_seconds) } : {}),
    ...(call.ended_at ? { end_time: rfc2822(call.ended_at) } : {}),
    from: call.from,
    from_formatted: call.from,
    sid: call.sid,
    ...(call.answered_at ? { start_time: rfc2822(call.answered_at) } : {}),
    status: call.status === 'initiated' || call.status === 'queued' ? 'ringing' : call.status,
    to: call.to,
    to_formatted: call.to,
    uri: `/v2/texml/Accounts/${call.account_sid}/Calls/${call.sid}.json`,
  };
}
