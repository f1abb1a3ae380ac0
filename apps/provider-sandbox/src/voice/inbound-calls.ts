import type { CallDialect } from './call-dialects';
import { newTwilioCallSid } from './call-ids';
import type { CallRuntime } from './call-runtime';
import { runCallScript, type ScriptOutcome } from './call-script';
import { InstructionFetchError } from './instruction-fetcher';
import type { CallStatus, SandboxCall } from './sandbox-call';

/** Someone calling one of our numbers, and what they say once asked to leave a message. */
export interface InboundCallRequest {
  from: string;
  to: string;
  /** Said into the first `<Record>`, then the caller hangs up; '' hangs up without a word. */
  speech: string;
}

/** How the call went, as `POST /sandbox/inbound` answers. */
export interface InboundCallResult {
  /** Our voice webhook answered the first request with instructions (2xx). */
  delivered: boolean;
  /** Its status; null when it did not answer. */
  status: number | null;
  call: SandboxCall;
}

export interface InboundCalls {
  /** Places the call and follows it to the end, callbacks included. */
  receive(request: InboundCallRequest): Promise<InboundCallResult>;
}

/** How a call ends by what ended its instructions. */
const FINAL_STATUS: Readonly<Record<ScriptOutcome['ended'], CallStatus>> = {
  hangup: 'completed',
  caller: 'completed',
  api: 'completed',
  end: 'completed',
  error: 'completed',
  // `<Reject>` gives the caller a busy signal; the call was never answered.
  reject: 'busy',
};

/**
 * Inbound calls as Twilio delivers them to a number's voice webhook: the first request
 * (`CallStatus=ringing`, signed), its TwiML followed (`<Say>`, `<Record>`, `<Dial>`…, with
 * `action` and `<Redirect>` documents fetched), the caller saying `speech` into the first
 * `<Record>`, then the recording status callback, the call's `completed` status callback (to the
 * number's status URL, with `CallDuration`) and the transcription callback.
 *
 * @example await inboundCalls.receive({ from: '+14155550100', to: '+15559870000', speech: 'Call me back' });
 */
export function createInboundCalls(deps: {
  runtime: CallRuntime;
  dialect: CallDialect;
  accountSid: string;
  /** Our voice webhook (the number's "A call comes in" URL). */
  voiceUrl: string;
  /** The number's call status callback URL. */
  statusUrl: string;
}): InboundCalls {
  const { runtime, dialect, accountSid, voiceUrl, statusUrl } = deps;
  const { provider } = dialect;

  return {
    async receive(request) {
      const sid = newTwilioCallSid();
      const now = new Date().toISOString();
      runtime.store.add({
        provider,
        direction: 'inbound',
        sid,
        account_sid: accountSid,
        application_sid: null,
        from: request.from,
        to: request.to,
        answer: 'human',
        status: 'ringing',
        answered_by: null,
        machine_detection: null,
        async_amd: false,
        twiml: null,
        url: voiceUrl,
        status_callback: statusUrl,
        status_callback_events: ['completed'],
        heard: [],
        voicemail: null,
        recordings: [],
        duration_seconds: null,
        error: null,
        created_at: now,
        answered_at: null,
        ended_at: null,
        callbacks: [],
      });
      const session = runtime.session(dialect, sid, request.speech);

      let delivered = false;
      let status: number | null = null;
      let outcome: ScriptOutcome;
      try {
        const first = await runtime.fetcher.fetch(
          dialect.request(voiceUrl, 'POST', {
            ...dialect.callParams(runtime.current(provider, sid), 'ringing'),
          }),
        );
        delivered = true;
        status = first.status;
        runtime.update(provider, sid, (call) => {
          call.status = 'in-progress';
          call.answered_at = new Date().toISOString();
        });
        outcome = await runCallScript(session.ctx, { twiml: first.text, url: voiceUrl }, 0);
      } catch (err) {
        if (!(err instanceof InstructionFetchError)) throw err;
        status = err.httpStatus;
        // Twilio answers with "an application error has occurred" and hangs up.
        outcome = { at: 1, ended: 'error', error: `${err.code}: ${err.message}` };
      }

      const final = FINAL_STATUS[outcome.ended];
      runtime.update(provider, sid, (call) => {
        call.status = final;
        call.duration_seconds = final === 'completed' ? Math.max(1, Math.ceil(outcome.at)) : 0;
        call.ended_at = new Date().toISOString();
        call.error = outcome.error ?? null;
      });
      const ended = runtime.current(provider, sid);
      await runtime.post(
        provider,
        sid,
        dialect.request(statusUrl, 'POST', {
          ...dialect.callParams(ended, final),
          ...dialect.statusParams(ended, 0),
        }),
        final,
      );
      await session.afterCall();
      return { delivered, status, call: runtime.current(provider, sid) };
    },
  };
}
