import { CALL_STATUS_MEANING, CALL_STATUSES, CallStatusForm } from '@switchboard/contracts';
import { callbackAttempt } from './twilio.normalizer';
import { emptyResult, parseWith, type NormalizedWebhook } from './normalized-webhook';

type FormParams = Readonly<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const READ_PARAMS = Object.keys(CallStatusForm.shape);
const KNOWN: ReadonlySet<string> = new Set(CALL_STATUSES);

/**
 * A call status callback (Twilio, or Telnyx TeXML: the same form) as a status event: its
 * status in ours, the provider's word, who answered and the duration kept on it. A call that
 * never connected fails with its status as the code (`busy`, `no-answer`, …) unless the
 * provider gave one. The event id is the call's id and status, so a repeated callback is the
 * same event. `query` is the callback URL's, naming our message and the dispatch attempt.
 */
export function normalizeCallStatus(
  provider: string,
  params: FormParams,
  now: Date,
  query: FormParams = {},
): NormalizedWebhook {
  const result = emptyResult();
  const read = Object.fromEntries(
    READ_PARAMS.flatMap((key) => {
      const value = Object.hasOwn(params, key) ? first(params[key]) : undefined;
      return value === undefined ? [] : [[key, value]];
    }),
  );
  const form = parseWith(CallStatusForm, read, `not a ${provider} call status callback`);
  const reported = form.CallStatus.toLowerCase();
  if (!KNOWN.has(reported)) {
    result.ignored.push(`${provider} call status "${reported || '(none)'}"`);
    return result;
  }
  const callStatus = reported as keyof typeof CALL_STATUS_MEANING;
  const status = CALL_STATUS_MEANING[callStatus];
  const attempt = callbackAttempt(query);
  const failed = status === 'failed';
  result.statuses.push({
    event_id: `${provider}:${form.CallSid}:call:${callStatus}`,
    message_id: attempt.message_id,
    provider,
    provider_message_id: form.CallSid,
    status,
    error_code: failed ? form.ErrorCode || callStatus : null,
    error_message: failed ? form.ErrorMessage || `The call ended ${callStatus}` : null,
    occurred_at: now.toISOString(),
    source: 'webhook',
    generation: attempt.generation,
    provider_status: callStatus,
    answered_by: form.AnsweredBy || null,
    duration_seconds: form.CallDuration !== undefined ? Number(form.CallDuration) : null,
  });
  return result;
}
