import pLimit from 'p-limit';
import type { MessagePage, MessageStatus } from '@switchboard/contracts';
import { eventually } from './eventually';
import type { LoadMessage } from './message-load';

/** One message as provider-sandbox recorded it (`GET /sandbox/messages`). */
export interface SandboxRecord {
  provider: string;
  channel: string;
  from: string;
  to: string;
  subject: string | null;
  body: string;
  html: string | null;
  media: string[];
  /** Twilio MMS: each media URL as the sandbox fetched it, with the bytes' SHA-256. */
  media_files?: {
    url: string;
    http_status: number | null;
    error: string | null;
    sha256: string | null;
    size: number | null;
    content_type: string | null;
  }[];
  provider_message_id: string;
  /** Email: the mail's own headers the provider received (`List-Unsubscribe`, …), when any. */
  headers?: Record<string, string>;
  received_at: string;
}

/** What provider-sandbox accepted, oldest first: everything, or for one recipient or provider. */
export async function sandboxMessages(
  sandbox: string,
  filter: { to?: string; provider?: string } = {},
): Promise<SandboxRecord[]> {
  const query = new URLSearchParams(
    Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  const res = await fetch(`${sandbox}/sandbox/messages${query ? `?${query}` : ''}`);
  if (!res.ok) throw new Error(`GET /sandbox/messages answered ${res.status}`);
  return (await res.json()) as SandboxRecord[];
}

/** What the provider received of a load, measured against what the gateway accepted. */
export interface DeliveryReport {
  /** Accepted (`201`) messages the provider never received. */
  missing: string[];
  /** Bodies the provider received more than once, with the count. */
  duplicated: { body: string; times: number }[];
  /** Conversations whose accepted messages arrived out of acceptance order: the order seen. */
  outOfOrder: { to: string; received: string[] }[];
  /** Messages not answered `201` that reached the provider anyway (at most once each). */
  unacknowledgedDelivered: string[];
  /** Records at the provider that belong to the load (its recipients and bodies). */
  received: number;
}

/**
 * Compares provider-sandbox's records with a load: every accepted message exactly once, and
 * each conversation's accepted messages in the order they were accepted.
 */
export async function checkDeliveries(
  sandbox: string,
  messages: readonly LoadMessage[],
): Promise<DeliveryReport> {
  const byBody = new Map(messages.map((m) => [`${m.to}|${m.body}`, m]));
  const records = (await sandboxMessages(sandbox)).filter((r) =>
    byBody.has(`${r.to}|${r.body.trim()}`),
  );
  const times = new Map<string, number>();
  const arrivals = new Map<string, LoadMessage[]>();
  for (const r of records) {
    const key = `${r.to}|${r.body.trim()}`;
    times.set(key, (times.get(key) ?? 0) + 1);
    const m = byBody.get(key)!;
    const seen = arrivals.get(m.to);
    if (seen) seen.push(m);
    else arrivals.set(m.to, [m]);
  }
  const outOfOrder: DeliveryReport['outOfOrder'] = [];
  for (const [to, seen] of arrivals) {
    const accepted = seen.filter((m) => m.status === 201);
    if (accepted.some((m, i) => i > 0 && m.n <= accepted[i - 1]!.n)) {
      outOfOrder.push({ to, received: accepted.map((m) => m.body) });
    }
  }
  return {
    missing: messages
      .filter((m) => m.status === 201 && !times.has(`${m.to}|${m.body}`))
      .map((m) => m.body),
    duplicated: [...times]
      .filter(([, n]) => n > 1)
      .map(([key, n]) => ({ body: key.split('|')[1]!, times: n })),
    outOfOrder,
    unacknowledgedDelivered: messages
      .filter((m) => m.status !== 201 && times.has(`${m.to}|${m.body}`))
      .map((m) => m.body),
    received: records.length,
  };
}

/** The current status of each accepted message of a load, read back through the public API. */
export async function loadStatuses(
  gateway: string,
  messages: readonly LoadMessage[],
): Promise<Map<string, MessageStatus>> {
  const conversations = [
    ...new Set(messages.flatMap((m) => (m.message ? [m.message.conversation_id] : []))),
  ];
  const statuses = new Map<string, MessageStatus>();
  const limit = pLimit(8);
  const readConversation = async (id: string) => {
    let cursor: string | null = null;
    do {
      const query: string = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await fetch(`${gateway}/api/v1/conversations/${id}/messages?${query}`);
      if (!res.ok) throw new Error(`listing conversation ${id} answered ${res.status}`);
      const page = (await res.json()) as MessagePage;
      for (const m of page.data) statuses.set(m.id, m.status);
      cursor = page.next_cursor;
    } while (cursor);
  };
  await Promise.all(conversations.map((id) => limit(() => readConversation(id))));
  return statuses;
}

/**
 * Waits until no accepted message of the load is `queued` or `sending` any more, and returns the
 * count of each status they ended in.
 */
export async function settledStatuses(
  gateway: string,
  messages: readonly LoadMessage[],
  timeoutMs = 120_000,
): Promise<Record<string, number>> {
  const ids = messages.flatMap((m) => (m.message ? [m.message.id] : []));
  const counts = (statuses: Map<string, MessageStatus>) => {
    const tally: Record<string, number> = {};
    for (const id of ids) {
      const status = statuses.get(id) ?? 'unknown';
      tally[status] = (tally[status] ?? 0) + 1;
    }
    return tally;
  };
  return eventually(
    async () => counts(await loadStatuses(gateway, messages)),
    (tally) => !tally['queued'] && !tally['sending'] && !tally['unknown'],
    { what: 'every accepted message settled', timeoutMs, intervalMs: 1_000 },
  );
}

/** A `503` problem+json: the client was told the service is unavailable and to try again. */
export const isUnavailableProblem = (m: LoadMessage): boolean => {
  if (m.status !== 503 || !m.refusal?.contentType?.includes('application/problem+json')) {
    return false;
  }
  try {
    return (JSON.parse(m.refusal.body) as { status?: unknown }).status === 503;
  } catch {
    return false;
  }
};

/** Everything a client and the provider saw of a load, once its accepted messages settled. */
export interface LoadOutcome extends DeliveryReport {
  /** Sends answered `201`. */
  accepted: number;
  /** Sends refused with `503` problem+json (try again): never counted as accepted. */
  refused: number;
  /** Any other answer — a 500, a 503 that is not problem+json, no answer at all. */
  unexpected: LoadMessage[];
  /** How many accepted messages ended in each status. */
  statuses: Record<string, number>;
}

/**
 * Waits for a load's accepted messages to settle, then reports what a user would notice: how
 * sends were answered, the statuses they ended in, and what the provider received.
 *
 * @example
 * const outcome = await loadOutcome(gateway, sandbox, await load.done);
 * expect(outcome.refused).toBe(0);
 */
export async function loadOutcome(
  gateway: string,
  sandbox: string,
  messages: readonly LoadMessage[],
  timeoutMs = 120_000,
): Promise<LoadOutcome> {
  const statuses = await settledStatuses(gateway, messages, timeoutMs);
  return {
    accepted: messages.filter((m) => m.status === 201).length,
    refused: messages.filter(isUnavailableProblem).length,
    unexpected: messages.filter((m) => m.status !== 201 && !isUnavailableProblem(m)),
    statuses,
    ...(await checkDeliveries(sandbox, messages)),
  };
}

/**
 * The promise a load is held to — no answer but 201 or 503 problem+json, every accepted message
 * `sent`, received exactly once, each conversation in acceptance order — as the parts of the
 * outcome it is about next to what they must be, for one `toEqual` that shows every breach.
 *
 * @example const { actual, expected } = exactlyOnceInOrder(outcome); expect(actual).toEqual(expected);
 */
export function exactlyOnceInOrder(outcome: LoadOutcome) {
  const { unexpected, statuses, missing, duplicated, outOfOrder } = outcome;
  return {
    actual: { unexpected, statuses, missing, duplicated, outOfOrder },
    expected: {
      unexpected: [],
      statuses: { sent: outcome.accepted },
      missing: [],
      duplicated: [],
      outOfOrder: [],
    },
  };
}
