import type { WebhookSender } from '../webhook-sender';
import type { AnswerSettings } from './answer-settings';
import type { CallDialect, CallRequest } from './call-dialects';
import type { ScriptContext } from './call-script';
import type { CallStore } from './call-store';
import type { InstructionFetcher } from './instruction-fetcher';
import { FINAL_CALL_STATUSES, type SandboxCall, type VoiceProvider } from './sandbox-call';

export interface CallRuntimeDeps {
  store: CallStore;
  sender: WebhookSender;
  fetcher: InstructionFetcher;
  answers: AnswerSettings;
  /** Real milliseconds one second of call time takes; 0 runs calls as fast as they go. */
  timeScaleMs: number;
}

/** A running call's script context, and what is left to do once its final status was sent. */
export interface CallSession {
  ctx: ScriptContext;
  /** Runs the jobs the script left for after the call (transcriptions), in order. */
  afterCall(): Promise<void>;
}

/**
 * What running calls share: their records in the store, call time passing at the configured
 * pace, and signed callbacks noted on the call they are about.
 */
export interface CallRuntime {
  readonly store: CallStore;
  readonly fetcher: InstructionFetcher;
  /** The call's current record; it must still be stored. */
  current(provider: VoiceProvider, sid: string): SandboxCall;
  update(provider: VoiceProvider, sid: string, change: (call: SandboxCall) => void): void;
  pass(seconds: number): Promise<void>;
  /** Pauses real time (between the steps of a call's progress). */
  wait(ms: number): Promise<void>;
  /** Posts a callback about a call (retried), noting each attempt on its record. */
  post(provider: VoiceProvider, sid: string, request: CallRequest, status: string): Promise<void>;
  /**
   * Ends a running call from outside, as the Calls API's update asks: `canceled` stops one not
   * answered yet, `completed` one in progress too. The call ends at its next step.
   */
  hangUp(provider: VoiceProvider, sid: string, status: 'canceled' | 'completed'): void;
  /** How the call was asked to end from outside, if it was. */
  hangUpOf(provider: VoiceProvider, sid: string): 'canceled' | 'completed' | undefined;
  /** Forgets a hang-up asked for a call that has ended. */
  settled(provider: VoiceProvider, sid: string): void;
  /** The context a script runs in for this call; `speech` is what the other party says. */
  session(dialect: CallDialect, sid: string, speech: string): CallSession;
}

/** A call forgotten mid-run (the store is bounded, or was cleared): the run stops quietly. */
export class CallForgottenError extends Error {
  override readonly name = 'CallForgottenError';
}

/** @example const runtime = createCallRuntime({ store, sender, fetcher, answers, timeScaleMs: 0 }); */
export function createCallRuntime(deps: CallRuntimeDeps): CallRuntime {
  const { store, sender, fetcher, answers, timeScaleMs } = deps;
  const hangUps = new Map<string, 'canceled' | 'completed'>();
  const keyOf = (provider: VoiceProvider, sid: string) => `${provider}:${sid}`;

  const runtime: CallRuntime = {
    store,
    fetcher,
    current(provider, sid) {
      const call = store.get(provider, sid);
      if (!call) throw new CallForgottenError(`call ${sid} is no longer stored`);
      return call;
    },
    update: (provider, sid, change) => store.update(provider, sid, change),
    pass: (seconds) => (timeScaleMs > 0 ? sender.wait(seconds * timeScaleMs) : Promise.resolve()),
    wait: (ms) => sender.wait(ms),
    async post(provider, sid, request, status) {
      if (request.body === undefined) throw new Error('callbacks are posted');
      await sender.post(
        { url: request.url, headers: request.headers, body: request.body },
        {
          logContext: { provider, call_sid: sid, status },
          onAttempt: (outcome) =>
            store.addCallbackAttempt(provider, sid, {
              status,
              attempt: outcome.attempt,
              http_status: outcome.httpStatus,
              error: outcome.error,
              at: outcome.at,
            }),
        },
      );
    },
    hangUp(provider, sid, status) {
      const call = store.get(provider, sid);
      if (!call || FINAL_CALL_STATUSES.has(call.status)) return;
      const answered = call.status === 'in-progress';
      // Canceling an answered call does nothing, as with Twilio.
      if (answered && status === 'canceled') return;
      hangUps.set(keyOf(provider, sid), answered ? 'completed' : 'canceled');
    },
    hangUpOf: (provider, sid) => hangUps.get(keyOf(provider, sid)),
    settled: (provider, sid) => void hangUps.delete(keyOf(provider, sid)),
    session(dialect, sid, speech) {
      const { provider } = dialect;
      const later: (() => Promise<void>)[] = [];
      const ctx: ScriptContext = {
        dialect,
        fetcher,
        speech,
        call: () => runtime.current(provider, sid),
        answerOf: (number) => answers.of(number),
        pass: runtime.pass,
        hungUp: () => hangUps.has(keyOf(provider, sid)),
        heard: (item) => runtime.update(provider, sid, (call) => void call.heard.push(item)),
        recorded: (recording) =>
          runtime.update(provider, sid, (call) => void call.recordings.push(recording)),
        post: (request, status) => runtime.post(provider, sid, request, status),
        afterCall: (job) => void later.push(job),
      };
      return {
        ctx,
        async afterCall() {
          for (const job of later) await job();
        },
      };
    },
  };
  return runtime;
}
