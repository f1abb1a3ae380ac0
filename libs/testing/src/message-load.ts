import { randomInt } from 'node:crypto';
import pLimit from 'p-limit';
import type { MessageResource } from '@switchboard/contracts';
import { eventually } from './eventually';

/** One message of a load: where it belongs, and how the gateway answered its send. */
export interface LoadMessage {
  /** The conversation's index in the load, from 0. */
  conversation: number;
  /** Its place in the conversation, from 1: sends of one conversation go one after another. */
  n: number;
  channel: 'sms' | 'email';
  from: string;
  to: string;
  /** `c<conversation>-m<n>`, plus the load's tag: unique within the load, and orderable. */
  body: string;
  /** The gateway's HTTP status; 0 when the request got no answer at all. */
  status: number;
  /** The stored message, for a `201`. */
  message?: MessageResource;
  /** Anything else: the answer's content type and (the start of) its body, or the network error. */
  refusal?: { contentType: string | null; body: string };
  /** When the answer came (ms since the epoch). */
  answeredAt?: number;
}

export interface MessageLoadOptions {
  /** The gateway's base URL. */
  gateway: string;
  conversations: number;
  perConversation: number;
  /** Sends in flight at once, across conversations. */
  concurrency: number;
  /** The channel of each conversation; SMS by default. */
  channelOf?: (conversation: number) => 'sms' | 'email';
  /**
   * The recipient of a conversation, when a test must know it before the load starts (to aim a
   * provider fault at it); by default one made up per run.
   */
  recipientOf?: (conversation: number, channel: 'sms' | 'email') => string | undefined;
  /** Goes into every body, so two loads against one stack are told apart. */
  tag?: string;
  /** A pause between a conversation's answered send and its next one (spreads a small load over time). */
  pauseMs?: number;
}

export interface MessageLoad {
  /** Sends answered `201` so far. */
  accepted(): number;
  /** Resolves once `count` more sends have been accepted than when it was called. */
  moreAccepted(count: number, timeoutMs?: number): Promise<void>;
  /** Asks each conversation to stop after the send it is making (for a load run by time). */
  stop(): void;
  /** Resolves with every message once each conversation has sent all of its own (or stopped). */
  done: Promise<LoadMessage[]>;
}

export const LOAD_SMS_SENDER = '+15551234567';
export const LOAD_EMAIL_SENDER = 'load@switchboard.test';
/** Far beyond the gateway's own deadline for conversation-service (RPC_TIMEOUT_MS). */
const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends `conversations × perConversation` messages through the gateway's
 * `POST /api/v1/messages/send`: each conversation (its own recipient) sends its messages one
 * after another — the next only once the previous was answered, so acceptance order is `n` —
 * while conversations run side by side with at most `concurrency` sends in flight. A send that
 * is not answered `201` is recorded as such and not retried; the conversation goes on.
 *
 * @example
 * const load = startMessageLoad({ gateway, conversations: 50, perConversation: 20, concurrency: 20 });
 * const messages = await load.done;
 */
export function startMessageLoad(options: MessageLoadOptions): MessageLoad {
  const base = randomInt(0, 9_000_000);
  const tag = options.tag ? `-${options.tag}` : '';
  const run = randomInt(1e9).toString(36);
  const limit = pLimit(options.concurrency);
  let accepted = 0;
  let stopped = false;

  const recipient = (conversation: number, channel: 'sms' | 'email') =>
    options.recipientOf?.(conversation, channel) ??
    (channel === 'email'
      ? `c${conversation}-${run}@load.switchboard.test`
      : `+1555${String(base + conversation).padStart(7, '0')}`);

  const send = async (m: LoadMessage): Promise<void> => {
    try {
      const res = await fetch(`${options.gateway}/api/v1/messages/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: m.from,
          to: m.to,
          type: m.channel,
          body: m.body,
          ...(m.channel === 'email' ? { subject: `Load ${m.body}` } : {}),
        }),
        // A hang is an answer too (status 0), not a stuck load.
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      m.status = res.status;
      const text = await res.text();
      if (res.status === 201) {
        m.message = JSON.parse(text) as MessageResource;
        accepted += 1;
      } else {
        m.refusal = { contentType: res.headers.get('content-type'), body: text.slice(0, 300) };
      }
    } catch (err) {
      m.status = 0;
      m.refusal = { contentType: null, body: String((err as Error).cause ?? err) };
    }
    m.answeredAt = Date.now();
  };

  const conversation = async (c: number): Promise<LoadMessage[]> => {
    const channel = options.channelOf?.(c) ?? 'sms';
    const sent: LoadMessage[] = [];
    for (let n = 1; n <= options.perConversation && !stopped; n += 1) {
      const m: LoadMessage = {
        conversation: c,
        n,
        channel,
        from: channel === 'email' ? LOAD_EMAIL_SENDER : LOAD_SMS_SENDER,
        to: recipient(c, channel),
        body: `c${c}-m${n}${tag}`,
        status: 0,
      };
      sent.push(m);
      await limit(() => send(m));
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
    return sent;
  };

  const done = Promise.all(
    Array.from({ length: options.conversations }, (_, c) => conversation(c)),
  ).then((all) => all.flat());
  return {
    accepted: () => accepted,
    async moreAccepted(count, timeoutMs = 120_000) {
      const target = accepted + count;
      await eventually(
        async () => accepted,
        (n) => n >= target,
        { what: `${target} sends accepted`, timeoutMs, intervalMs: 50 },
      );
    },
    stop: () => {
      stopped = true;
    },
    done,
  };
}
