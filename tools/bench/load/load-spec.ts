import type { LatencySummary } from '../stats';

/**
 * What the load workers are asked to do and what they answer. Workers run as their own
 * processes (`node --import tsx tools/bench/load/<worker>.ts '<spec json>'`) so that generating
 * load never shares an event loop with what is measured; each prints one JSON result line.
 */

/** The request bodies a closed-loop run posts. */
export type Scenario = 'bare' | 'send' | 'batch';

export interface ClosedLoopSpec {
  url: string;
  scenario: Scenario;
  connections: number;
  /** Bound in time. */
  seconds: number;
  /** Bound in count. */
  maxRequests: number;
  /** Messages per request (`batch`). */
  batchSize: number;
  /** Distinct recipients the sends rotate over (distinct conversations). */
  recipients: number;
  /** Keeps recipients of different runs apart. */
  tag: string;
}

export interface ClosedLoopResult {
  requests: number;
  seconds: number;
  requests_per_s: number;
  latency: LatencySummary;
  status_codes: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers outside 2xx. */
  non_2xx: number;
}

export interface OpenLoopSpec {
  url: string;
  /** Requests per second, sent on schedule whether or not earlier ones were answered. */
  rate: number;
  seconds: number;
  /** Requests in flight at most; a request due while this many are in flight is shed (counted). */
  maxInFlight: number;
  recipients: number;
  tag: string;
  /** Answer `[index, created_at ms]` of each accepted message (end-to-end latency needs it). */
  recordAccepted: boolean;
  /** What is sent: texts (the default) or calls speaking the body. */
  type?: 'sms' | 'voice';
}

export interface OpenLoopResult {
  /** Requests due by the schedule. */
  offered: number;
  /** Requests due while `maxInFlight` were in flight: not sent (the generator's own overload). */
  shed: number;
  accepted: number;
  errors: number;
  status_codes: Record<string, number>;
  seconds: number;
  /** Epoch ms when sending started and stopped. */
  started_at_ms: number;
  stopped_at_ms: number;
  latency: LatencySummary;
  /** `[index, created_at epoch ms]` per accepted message, when asked for. */
  accepted_messages?: [number, number][];
}

/** The sender every benchmark message comes from. */
export const BENCH_SENDER = '+15551234567';

/** A recipient in a band of its own per run tag, so runs do not share conversations by accident. */
export function recipientOf(band: number, n: number): string {
  return `+1555${String(band * 100_000 + n).padStart(7, '0')}`;
}

/** A stable band in [0, 90) for a run tag. */
export function bandOf(tag: string): number {
  let hash = 0;
  for (const ch of tag) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 90;
}

/** `bench <tag> <index>`: what the provider receives, so a delivery can be traced to its send. */
export const bodyOf = (tag: string, index: number) => `bench ${tag} ${index}`;

/** The index in a body written by `bodyOf`, or undefined for a body of another run. */
export function indexOfBody(tag: string, body: string): number | undefined {
  const prefix = `bench ${tag} `;
  if (!body.startsWith(prefix)) return undefined;
  const index = Number(body.slice(prefix.length));
  return Number.isInteger(index) ? index : undefined;
}
