import type { BenchContext } from '../bench-context';
import type { Baselines, E2eSeries, E2eStep } from '../bench-results';
import { bandOf, indexOfBody } from '../load/load-spec';
import { openLoop } from '../load/run-worker';
import { cpuBetween, mergeUsage, type ProcessSampler, type ProcessUsage } from '../process-sampler';
import { cpuPerMessage } from './accept.phase';
import { rate as perSecond, ratio, summarize } from '../stats';

/** The end-to-end target: accept to provider under a second at the 99th percentile. */
export const E2E_P99_TARGET_MS = 1_000;
const MAX_IN_FLIGHT = 2_000;
const MAX_RECIPIENTS = 20_000;
/** Every accepted message must reach the provider within this after the load stops. */
const MIN_DRAIN_S = 20;
const POLL_MS = 500;
const WARM_UP_S = 3;

interface SandboxRecord {
  to: string;
  body: string;
  received_at: string;
}

async function expectOk(res: Response, what: string): Promise<Response> {
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${await res.text()}`);
  return res;
}

/** Messages provider-sandbox has accepted since it started (its Prometheus counter). */
async function sandboxAccepted(sandbox: string): Promise<number> {
  const text = await (await expectOk(await fetch(`${sandbox}/metrics`), 'sandbox /metrics')).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('sandbox_messages_accepted_total')) total += Number(line.split(' ').pop());
  }
  return total;
}

async function sandboxRecords(sandbox: string): Promise<SandboxRecord[]> {
  const res = await fetch(`${sandbox}/sandbox/messages?provider=twilio`);
  return (await (await expectOk(res, 'GET /sandbox/messages')).json()) as SandboxRecord[];
}

/** One offered rate: open-loop sends, then wait for the backlog, then match provider records. */
async function runStep(
  ctx: BenchContext,
  urls: { gateway: string; sandbox: string },
  series: { latencyMs: number; rate: number; tag?: string },
  baselines: Baselines,
  usage: ProcessSampler,
): Promise<E2eStep> {
  const { seconds } = ctx.options;
  const tag = `e2e-l${series.latencyMs}-r${series.rate}${series.tag ? `-${series.tag}` : ''}`;
  const cpuBefore = await usage.mark();
  const before = await sandboxAccepted(urls.sandbox);
  const load = await openLoop({
    url: `${urls.gateway}/api/v1/messages/send`,
    rate: series.rate,
    seconds,
    maxInFlight: MAX_IN_FLIGHT,
    recipients: Math.min(MAX_RECIPIENTS, series.rate * 10),
    tag,
    recordAccepted: true,
  });
  const accepted = load.accepted_messages ?? [];

  // The backlog drains when the provider has received every accepted message.
  const drainBoundMs = Math.max(MIN_DRAIN_S, seconds) * 1000;
  const loadEnded = Date.now();
  let received = await sandboxAccepted(urls.sandbox);
  while (received - before < accepted.length && Date.now() - loadEnded < drainBoundMs) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    received = await sandboxAccepted(urls.sandbox);
  }

  const cpu = cpuBetween(cpuBefore, await usage.mark());
  const createdAt = new Map(accepted);
  const receivedAt = new Map<number, number>();
  for (const record of await sandboxRecords(urls.sandbox)) {
    const index = indexOfBody(tag, record.body);
    if (index === undefined || receivedAt.has(index)) continue;
    receivedAt.set(index, Date.parse(record.received_at));
  }
  await fetch(`${urls.sandbox}/sandbox/messages`, { method: 'DELETE' });

  const latencies: number[] = [];
  let lastReception = 0;
  let duringLoad = 0;
  for (const [index, at] of receivedAt) {
    const created = createdAt.get(index);
    if (created === undefined) continue;
    latencies.push(at - created);
    lastReception = Math.max(lastReception, at);
    if (at <= load.stopped_at_ms) duringLoad += 1;
  }
  const drained = latencies.length >= accepted.length;
  const deliveredPerS = perSecond(duringLoad, (load.stopped_at_ms - load.started_at_ms) / 1000);
  return {
    rate: series.rate,
    seconds: load.seconds,
    offered: load.offered,
    shed: load.shed,
    accepted: load.accepted,
    // Sent but not answered 201: error statuses, connection errors and timeouts.
    accept_errors: load.offered - load.shed - load.accepted,
    accept_latency: load.latency,
    delivered: latencies.length,
    delivered_per_s: deliveredPerS,
    latency: summarize(latencies),
    drained,
    drain_s: drained
      ? Math.max(0, Math.round((lastReception - load.stopped_at_ms) / 100) / 10)
      : Math.round(drainBoundMs / 1000),
    cpu_us_per_message: cpuPerMessage(cpu, latencies.length),
    ratio_to_jetstream: ratio(deliveredPerS, baselines.jetstream?.messages_per_s),
    ratio_to_postgres_single_row: ratio(deliveredPerS, baselines.postgres?.single_row.rows_per_s),
  };
}

/** Calls per second offered in the voice step: a call is a longer exchange than a text. */
export const VOICE_RATE = 20;
/** How a call the sandbox placed looks in `GET /sandbox/calls`. */
interface SandboxCallRecord {
  to: string;
  status: string;
  created_at: string;
}
const ENDED_CALL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/**
 * Calls beside the texts: open-loop voice sends at `VOICE_RATE`, each to a number of its own,
 * from accept to the call placed at the provider (`created_at` in `GET /sandbox/calls`), then
 * held until every call has ended, so the CPU per call includes its status callbacks.
 */
async function runVoiceStep(
  ctx: BenchContext,
  urls: { gateway: string; sandbox: string },
  usage: ProcessSampler,
): Promise<E2eStep> {
  const { seconds } = ctx.options;
  const tag = 'e2e-voice';
  const total = Math.ceil(VOICE_RATE * seconds);
  const band = bandOf(tag);
  const cpuBefore = await usage.mark();
  const load = await openLoop({
    url: `${urls.gateway}/api/v1/messages/send`,
    rate: VOICE_RATE,
    seconds,
    maxInFlight: MAX_IN_FLIGHT,
    recipients: total,
    tag,
    recordAccepted: true,
    type: 'voice',
  });
  const accepted = load.accepted_messages ?? [];
  const callsOfStep = async () => {
    const res = await fetch(`${urls.sandbox}/sandbox/calls`);
    const calls = (await (await expectOk(res, 'GET /sandbox/calls')).json()) as SandboxCallRecord[];
    // Each send went to a number of its own: the number is the send's index.
    return calls.flatMap((call) => {
      const index = Number(call.to.slice(5)) - band * 100_000;
      return Number.isInteger(index) && index >= 0 && index < total ? [{ index, call }] : [];
    });
  };
  const drainBoundMs = Math.max(MIN_DRAIN_S, seconds) * 1000;
  const loadEnded = Date.now();
  let calls = await callsOfStep();
  const settled = () =>
    calls.length >= accepted.length && calls.every(({ call }) => ENDED_CALL.has(call.status));
  while (!settled() && Date.now() - loadEnded < drainBoundMs) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    calls = await callsOfStep();
  }
  const cpu = cpuBetween(cpuBefore, await usage.mark());
  await fetch(`${urls.sandbox}/sandbox/calls`, { method: 'DELETE' });

  const createdAt = new Map(accepted);
  const latencies: number[] = [];
  let lastPlaced = 0;
  let duringLoad = 0;
  for (const { index, call } of calls) {
    const created = createdAt.get(index);
    if (created === undefined) continue;
    const placed = Date.parse(call.created_at);
    latencies.push(placed - created);
    lastPlaced = Math.max(lastPlaced, placed);
    if (placed <= load.stopped_at_ms) duringLoad += 1;
  }
  const drained = settled();
  return {
    rate: VOICE_RATE,
    seconds: load.seconds,
    offered: load.offered,
    shed: load.shed,
    accepted: load.accepted,
    accept_errors: load.offered - load.shed - load.accepted,
    accept_latency: load.latency,
    delivered: latencies.length,
    delivered_per_s: perSecond(duringLoad, (load.stopped_at_ms - load.started_at_ms) / 1000),
    latency: summarize(latencies),
    drained,
    drain_s: drained
      ? Math.max(0, Math.round((Date.now() - load.stopped_at_ms) / 100) / 10)
      : Math.round(drainBoundMs / 1000),
    cpu_us_per_message: cpuPerMessage(cpu, latencies.length),
    ratio_to_jetstream: null,
    ratio_to_postgres_single_row: null,
  };
}

/** A step meets the target when nothing was lost or shed, the backlog drained, and p99 < 1 s. */
export const meetsE2eTarget = (step: E2eStep) =>
  step.drained &&
  step.shed === 0 &&
  step.accept_errors === 0 &&
  step.accepted > 0 &&
  step.latency.p99_ms < E2E_P99_TARGET_MS;

/**
 * End to end, every service running: open-loop sends at each offered rate, accept-to-provider
 * latency from the API's `created_at` to provider-sandbox's `received_at`, once with the
 * provider answering at once and once with it slowed down (a `latency` fault). A rate whose
 * backlog does not drain ends the series: higher rates would only pile up more. Each series
 * ends with a voice step (`runVoiceStep`): calls as one more channel, CPU per call — unless
 * `scope.voice` is false. `scope.phase` names the usage recorded; `scope.latenciesMs` narrows
 * the provider latencies.
 */
export async function runE2e(
  ctx: BenchContext,
  baselines: Baselines,
  scope: { phase?: string; latenciesMs?: readonly number[]; voice?: boolean } = {},
): Promise<E2eSeries[]> {
  const { options } = ctx;
  const { phase = 'e2e', latenciesMs = options.sandboxLatenciesMs, voice = true } = scope;
  const out: E2eSeries[] = [];
  const peaks: Record<string, ProcessUsage>[] = [];
  const maxMessages = Math.max(
    100_000,
    Math.ceil(Math.max(...options.rates) * options.seconds * 1.5),
  );
  for (const latencyMs of latenciesMs) {
    const database = `${options.databasePrefix}_e2e`;
    await ctx.freshDatabase(database);
    const stack = await ctx.startStack({
      phase,
      database,
      env: { SANDBOX_MAX_MESSAGES: String(maxMessages) },
      callbacksTo: options.callbacksTo,
    });
    const series: E2eSeries = {
      sandbox_latency_ms: latencyMs,
      steps: [],
      skipped_rates: [],
      max_rate_p99_under_1s: null,
    };
    try {
      const urls = { gateway: stack.url('gateway'), sandbox: stack.url('provider-sandbox') };
      if (latencyMs > 0) {
        await expectOk(
          await fetch(`${urls.sandbox}/sandbox/faults`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ provider: '*', mode: 'latency', latency_ms: latencyMs }),
          }),
          'POST /sandbox/faults',
        );
      }
      // Not recorded: every process compiles its hot paths and opens its connections first.
      ctx.log(`e2e: warm-up at ${options.rates[0]} msg/s`);
      await runStep(
        { ...ctx, options: { ...options, seconds: Math.min(WARM_UP_S, options.seconds / 2) } },
        urls,
        { latencyMs, rate: options.rates[0]!, tag: 'warm-up' },
        baselines,
        stack.usage,
      );
      for (const rate of options.rates) {
        if (series.steps.some((s) => !s.drained)) {
          series.skipped_rates.push(rate);
          continue;
        }
        ctx.log(`e2e: provider latency ${latencyMs} ms, ${rate} msg/s for ${options.seconds} s`);
        const step = await runStep(ctx, urls, { latencyMs, rate }, baselines, stack.usage);
        series.steps.push(step);
        ctx.log(
          `  accepted ${step.accepted}/${step.offered}, delivered ${step.delivered} (${step.delivered_per_s}/s during load), p50 ${step.latency.p50_ms} ms, p99 ${step.latency.p99_ms} ms, ${step.drained ? `drained in ${step.drain_s} s` : 'did NOT drain'}`,
        );
      }
      if (series.skipped_rates.length) {
        ctx.note(
          `e2e (provider latency ${latencyMs} ms): skipped ${series.skipped_rates.join(', ')} msg/s after a lower rate did not drain`,
        );
      }
      if (voice) {
        ctx.log(
          `e2e: provider latency ${latencyMs} ms, ${VOICE_RATE} calls/s for ${options.seconds} s`,
        );
        series.voice = await runVoiceStep(ctx, urls, stack.usage);
        ctx.log(
          `  calls accepted ${series.voice.accepted}/${series.voice.offered}, placed ${series.voice.delivered}, accept→placed p50 ${series.voice.latency.p50_ms} ms, p99 ${series.voice.latency.p99_ms} ms, ${series.voice.drained ? `all ended ${series.voice.drain_s} s after the load` : 'NOT all ended'}`,
        );
      }
      const passing = series.steps.filter(meetsE2eTarget).map((s) => s.rate);
      series.max_rate_p99_under_1s = passing.length ? Math.max(...passing) : null;
    } finally {
      peaks.push(await stack.usage.stop());
      await stack.stop();
    }
    out.push(series);
  }
  ctx.recordUsage(phase, mergeUsage(...peaks));
  return out;
}
