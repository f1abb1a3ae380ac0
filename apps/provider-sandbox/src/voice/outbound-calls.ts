import type { WebhookSender } from '../webhook-sender';
import type { AnswerSettings } from './answer-settings';
import type { CallDialect, WebhookMethod } from './call-dialects';
import { CallForgottenError, type CallRuntime } from './call-runtime';
import { runCallScript, type FirstDocument } from './call-script';
import { CallTiming } from './call-timing';
import type {
  AnswerMode,
  CallStatus,
  HeardItem,
  MachineDetection,
  SandboxCall,
} from './sandbox-call';

/** A call as a provider's API was asked to place it. */
export interface OutboundCallRequest {
  sid: string;
  accountSid: string;
  applicationSid: string | null;
  from: string;
  to: string;
  /** Inline instructions, or where to fetch them (one of the two). */
  twiml: string | null;
  url: string | null;
  method: WebhookMethod;
  statusCallback: string | null;
  /** `initiated`, `ringing`, `answered`, `completed`; none means `completed` only. */
  statusCallbackEvents: readonly string[];
  machineDetection: MachineDetection | null;
  asyncAmd: boolean;
  asyncAmdStatusCallback: string | null;
  /** Seconds to let it ring before giving up. */
  timeoutSeconds: number | null;
}

type ProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** How a call that is not answered ends. */
const UNANSWERED: Partial<Record<AnswerMode, CallStatus>> = {
  busy: 'busy',
  'no-answer': 'no-answer',
  fail: 'failed',
};

export interface OutboundCalls {
  /** Records the call (`queued`) and runs it in the background; returns its record. */
  place(dialect: CallDialect, request: OutboundCallRequest): SandboxCall;
}

/** What detection reports for a party, and how long it listens before it does. */
function detection(answer: AnswerMode, mode: MachineDetection) {
  if (answer === 'human') {
    return { answeredBy: 'human', seconds: CallTiming.humanDetectionSeconds };
  }
  return mode === 'DetectMessageEnd'
    ? { answeredBy: 'machine_end_beep', seconds: CallTiming.greetingSeconds }
    : { answeredBy: 'machine_start', seconds: CallTiming.machineStartDetectionSeconds };
}

/** Whether our content reached the voicemail whole: the first thing said or played came after the beep. */
function contentAfterBeep(heard: readonly HeardItem[], beepAt: number): boolean | null {
  const content = heard.find((item) => item.verb === 'say' || item.verb === 'play');
  return content ? content.at >= beepAt : null;
}

/**
 * Outbound calls as a provider runs them: `initiated`, `ringing`, then the number's answer
 * (`POST /sandbox/voice`) — busy, no answer, failure, or a pickup by a person or a machine.
 * Answered calls run answering-machine detection when asked (synchronous: the instructions start
 * once it decided, after the beep with `DetectMessageEnd`; `asyncAmd`: they start at once and the
 * result is posted to `AsyncAmdStatusCallback`), then their instructions, then `completed`.
 * Status callbacks follow `StatusCallbackEvent`, signed in the provider's way.
 *
 * @example outboundCalls.place(twilioCallDialect(…), request)
 */
export function createOutboundCalls(deps: {
  runtime: CallRuntime;
  sender: WebhookSender;
  answers: AnswerSettings;
  /** Status and detection callbacks are sent (instructions are fetched either way). */
  callbacks: boolean;
  /** Real time between progress steps. */
  stepMs: number;
}): OutboundCalls {
  const { runtime, sender, answers, callbacks, stepMs } = deps;

  async function simulate(dialect: CallDialect, request: OutboundCallRequest): Promise<void> {
    const { provider } = dialect;
    const { sid } = request;
    let sequence = 0;
    const report = async (event: ProgressEvent, status: CallStatus, change = {}) => {
      runtime.update(provider, sid, (call) => Object.assign(call, { status }, change));
      const call = runtime.current(provider, sid);
      const events = call.status_callback_events;
      const wanted = events.length === 0 ? event === 'completed' : events.includes(event);
      if (!callbacks || !call.status_callback || !wanted) return;
      const params = {
        ...dialect.callParams(call, status),
        ...dialect.statusParams(call, sequence),
      };
      sequence += 1;
      await runtime.post(
        provider,
        sid,
        dialect.request(call.status_callback, 'POST', params),
        status,
      );
    };
    const end = (status: CallStatus, duration: number, more: Partial<SandboxCall> = {}) => {
      runtime.settled(provider, sid);
      return report('completed', status, {
        duration_seconds: duration,
        ended_at: new Date().toISOString(),
        ...more,
      });
    };
    // A call canceled through the API before it was answered ends at its next step.
    const canceled = () => runtime.hangUpOf(provider, sid) !== undefined;

    await runtime.wait(stepMs);
    if (canceled()) return end('canceled', 0);
    await report('initiated', 'initiated');
    await runtime.wait(stepMs);
    if (canceled()) return end('canceled', 0);
    await report('ringing', 'ringing');
    const { answer } = runtime.current(provider, sid);
    const unanswered = UNANSWERED[answer];
    if (unanswered) {
      const ringing =
        unanswered === 'no-answer'
          ? (request.timeoutSeconds ?? CallTiming.noAnswerSeconds)
          : CallTiming.ringSeconds;
      await runtime.pass(ringing);
      await runtime.wait(stepMs);
      return end(canceled() ? 'canceled' : unanswered, 0);
    }

    await runtime.pass(CallTiming.ringSeconds);
    await runtime.wait(stepMs);
    if (canceled()) return end('canceled', 0);
    await report('answered', 'in-progress', { answered_at: new Date().toISOString() });
    let startAt = 0;
    let detectionJob: Promise<void> | undefined;
    let syncAnsweredBy: string | undefined;
    if (request.machineDetection) {
      const result = detection(answer, request.machineDetection);
      const detected = () =>
        runtime.update(provider, sid, (call) => (call.answered_by = result.answeredBy));
      if (!request.asyncAmd) {
        await runtime.pass(result.seconds);
        detected();
        startAt = result.seconds;
        syncAnsweredBy = result.answeredBy;
      } else {
        detectionJob = (async () => {
          await runtime.pass(result.seconds);
          detected();
          if (!callbacks || !request.asyncAmdStatusCallback) return;
          const call = runtime.current(provider, sid);
          const params = {
            ...dialect.callParams(call, 'in-progress'),
            AnsweredBy: result.answeredBy,
            MachineDetectionDuration: String(result.seconds * 1000),
          };
          await runtime.post(
            provider,
            sid,
            dialect.request(request.asyncAmdStatusCallback, 'POST', params),
            'amd',
          );
        })();
      }
    }

    const first: FirstDocument =
      request.twiml !== null
        ? { twiml: request.twiml }
        : {
            url: request.url ?? '',
            method: request.method,
            ...(syncAnsweredBy ? { params: { AnsweredBy: syncAnsweredBy } } : {}),
          };
    // Nobody speaks into a <Record> on an outbound call: the party only listens.
    const session = runtime.session(dialect, sid, '');
    const outcome = await runCallScript(session.ctx, first, startAt);
    await detectionJob;
    const { heard } = runtime.current(provider, sid);
    await runtime.wait(stepMs);
    await end('completed', Math.max(1, Math.ceil(outcome.at)), {
      error: outcome.error ?? null,
      voicemail:
        answer === 'machine'
          ? {
              beep_at: CallTiming.greetingSeconds,
              content_after_beep: contentAfterBeep(heard, CallTiming.greetingSeconds),
            }
          : null,
    });
    await session.afterCall();
  }

  return {
    place(dialect, request) {
      const stored = runtime.store.add({
        provider: dialect.provider,
        direction: 'outbound-api',
        sid: request.sid,
        account_sid: request.accountSid,
        application_sid: request.applicationSid,
        from: request.from,
        to: request.to,
        answer: answers.of(request.to),
        status: 'queued',
        answered_by: null,
        machine_detection: request.machineDetection,
        async_amd: request.asyncAmd,
        twiml: request.twiml,
        url: request.url,
        status_callback: request.statusCallback,
        status_callback_events: [...request.statusCallbackEvents],
        heard: [],
        voicemail: null,
        recordings: [],
        duration_seconds: null,
        error: null,
        created_at: new Date().toISOString(),
        answered_at: null,
        ended_at: null,
        callbacks: [],
      });
      sender.run(() =>
        simulate(dialect, request).catch((err: unknown) => {
          // Cleared from the list while running: nobody is left to tell.
          if (!(err instanceof CallForgottenError)) throw err;
        }),
      );
      return stored;
    },
  };
}
