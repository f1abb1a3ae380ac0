import type { CallDialect, CallRequest, WebhookMethod } from './call-dialects';
import { CallTiming, boundedInt, loopsOf, speechSeconds } from './call-timing';
import type { InstructionFetcher } from './instruction-fetcher';
import { recordVerb } from './record-verb';
import type {
  AnswerMode,
  CallStatus,
  HeardItem,
  SandboxCall,
  SandboxRecording,
} from './sandbox-call';
import { elementsOf, readTwiml, textOf, type TwimlElement } from './twiml-reader';
import { methodOf, resolveUrl } from './verb-urls';

/** What a script needs of the call it runs in. */
export interface ScriptContext {
  dialect: CallDialect;
  fetcher: InstructionFetcher;
  /** The call as it stands now; requests carry its fields. */
  call(): SandboxCall;
  /** What the other party says into a `<Record>` before hanging up; '' says nothing. */
  speech: string;
  /** How a number `<Dial>` calls answers. */
  answerOf(number: string): AnswerMode;
  /** Lets `seconds` of call time pass. */
  pass(seconds: number): Promise<void>;
  /** The call was hung up from outside (the API's update): no further verb runs. */
  hungUp(): boolean;
  heard(item: HeardItem): void;
  recorded(recording: SandboxRecording): void;
  /** Posts a callback (signed, retried); its answer is not read. */
  post(request: CallRequest, status: string): Promise<void>;
  /** Runs once the call's final status was reported: transcriptions come last. */
  afterCall(job: () => Promise<void>): void;
}

/** Where a call's first instructions come from. */
export type FirstDocument =
  /** Inline, or fetched already from `url` (the base of its relative URLs). */
  | { twiml: string; url?: string }
  | { url: string; method: WebhookMethod; params?: Record<string, string> };

export interface ScriptOutcome {
  /** The second of the call at which the instructions ended. */
  at: number;
  /**
   * `hangup`/`reject`: a verb said so; `caller`: the other party hung up; `api`: our side did,
   * through the API; `end`: no verbs left.
   */
  ended: 'hangup' | 'reject' | 'caller' | 'api' | 'end' | 'error';
  /** With `error`: the provider's code and why. */
  error?: string;
}

/** Redirects and action URLs a call may follow before the sandbox calls it a loop. */
const MAX_DOCUMENTS = 20;

/** What running a list of verbs came to: go on, continue with another document, or stop. */
type Flow =
  | { kind: 'next' }
  | { kind: 'document'; text: string; url: string }
  | { kind: 'end'; ended: ScriptOutcome['ended']; error?: string };

const DIAL_STATUSES: Readonly<Record<AnswerMode, CallStatus>> = {
  human: 'completed',
  machine: 'completed',
  busy: 'busy',
  'no-answer': 'no-answer',
  fail: 'failed',
};

/**
 * Follows a call's TwiML (or TeXML) from its first document to the end, as the provider's
 * media server would: it times and records what is said and played, fetches `<Redirect>` and
 * `action` documents (signed), and lets `<Record>` and `<Dial>` happen with the party's answer.
 *
 * @example const outcome = await runCallScript(ctx, { twiml: '<Response><Say>Hi</Say></Response>' }, 0);
 */
export async function runCallScript(
  ctx: ScriptContext,
  first: FirstDocument,
  startAt: number,
): Promise<ScriptOutcome> {
  let at = startAt;
  const fetchDocument = async (
    url: string,
    method: WebhookMethod,
    extra: Record<string, string> = {},
  ): Promise<Flow> => {
    const params = { ...ctx.dialect.callParams(ctx.call(), 'in-progress'), ...extra };
    try {
      const { text } = await ctx.fetcher.fetch(ctx.dialect.request(url, method, params));
      return { kind: 'document', text, url };
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === undefined) throw err;
      return { kind: 'end', ended: 'error', error: `${code}: ${(err as Error).message}` };
    }
  };
  const play = async (item: HeardItem, seconds: number) => {
    ctx.heard(item);
    await ctx.pass(seconds);
    at += seconds;
  };

  async function runVerbs(verbs: readonly TwimlElement[], documentUrl: string | null) {
    for (const verb of verbs) {
      if (ctx.hungUp()) return { kind: 'end', ended: 'api' } as Flow;
      const flow = await runVerb(verb, documentUrl);
      if (flow.kind !== 'next') return flow;
    }
    return { kind: 'next' } as Flow;
  }

  async function runVerb(verb: TwimlElement, documentUrl: string | null): Promise<Flow> {
    const { attributes } = verb;
    switch (verb.name) {
      case 'Say': {
        const text = textOf(verb);
        const item: HeardItem = {
          verb: 'say',
          at,
          text,
          voice: attributes.voice ?? null,
          language: attributes.language ?? null,
        };
        await play(item, speechSeconds(text) * loopsOf(attributes.loop));
        return { kind: 'next' };
      }
      case 'Play': {
        const seconds = CallTiming.playSeconds * loopsOf(attributes.loop);
        await play({ verb: 'play', at, url: textOf(verb) }, seconds);
        return { kind: 'next' };
      }
      case 'Pause': {
        const seconds = boundedInt(attributes.length, 1, 0, 600);
        await play({ verb: 'pause', at, seconds }, seconds);
        return { kind: 'next' };
      }
      case 'Hangup':
      case 'Reject':
        ctx.heard({ verb: verb.name === 'Hangup' ? 'hangup' : 'reject', at });
        return { kind: 'end', ended: verb.name === 'Hangup' ? 'hangup' : 'reject' };
      case 'Gather':
        // No caller presses keys or speaks to a Gather here: its prompts play, then the
        // document goes on, as when a real Gather times out without input.
        return runVerbs(
          elementsOf(verb).filter((v) => ['Say', 'Play', 'Pause'].includes(v.name)),
          documentUrl,
        );
      case 'Record': {
        const result = await recordVerb(ctx, verb, at, documentUrl);
        at += result.seconds;
        if (!result.callerHungUp) return { kind: 'next' };
        return { kind: 'end', ended: 'caller' };
      }
      case 'Dial': {
        const numbers = elementsOf(verb).filter((v) => v.name === 'Number');
        const number = numbers.length > 0 ? textOf(numbers[0]!) : textOf(verb);
        const status = DIAL_STATUSES[ctx.answerOf(number)];
        const seconds =
          status === 'completed'
            ? CallTiming.dialTalkSeconds
            : status === 'no-answer'
              ? boundedInt(attributes.timeout, CallTiming.noAnswerSeconds, 5, 600)
              : CallTiming.ringSeconds;
        await play({ verb: 'dial', at, number, status, seconds }, seconds);
        const action = resolveUrl(attributes.action, documentUrl);
        if (!action) return { kind: 'next' };
        return fetchDocument(action, methodOf(verb), {
          DialCallStatus: status,
          DialCallSid: ctx.dialect.newCallSid(),
          DialCallDuration: String(status === 'completed' ? seconds : 0),
        });
      }
      case 'Redirect': {
        const url = resolveUrl(textOf(verb), documentUrl);
        if (!url) return { kind: 'end', ended: 'error', error: '21205: Redirect URL is invalid' };
        ctx.heard({ verb: 'redirect', at, url });
        return fetchDocument(url, methodOf(verb));
      }
      default:
        ctx.heard({ verb: 'unsupported', at, name: verb.name });
        return { kind: 'next' };
    }
  }

  let flow: Flow =
    'twiml' in first
      ? { kind: 'document', text: first.twiml, url: first.url ?? '' }
      : await fetchDocument(first.url, first.method, first.params);
  for (let documents = 0; flow.kind === 'document'; documents += 1) {
    if (documents >= MAX_DOCUMENTS) {
      return { at, ended: 'error', error: `too many documents (more than ${MAX_DOCUMENTS})` };
    }
    let root: TwimlElement;
    try {
      root = readTwiml(flow.text);
    } catch (err) {
      return { at, ended: 'error', error: `12100: ${(err as Error).message}` };
    }
    if (root.name !== 'Response') {
      return { at, ended: 'error', error: `12100: the root element is <${root.name}>` };
    }
    flow = await runVerbs(elementsOf(root), flow.url || null);
  }
  return flow.kind === 'end'
    ? { at, ended: flow.ended, ...(flow.error ? { error: flow.error } : {}) }
    : { at, ended: 'end' };
}
