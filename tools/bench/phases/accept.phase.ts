import type { Stack } from '@switchboard/testing';
import type { BenchContext } from '../bench-context';
import type { BenchOptions } from '../bench-options';
import type { AcceptResults, Baselines } from '../bench-results';
import type { ClosedLoopResult, ClosedLoopSpec } from '../load/load-spec';
import { closedLoop, openLoop } from '../load/run-worker';
import { cpuBetween, type ProcessSampler } from '../process-sampler';
import { ratio } from '../stats';

/** Distinct conversations the single sends rotate over. */
const SEND_RECIPIENTS = 20_000;
/** Bulk requests in flight: each already carries up to 1,000 messages. */
const BATCH_CONNECTIONS = 4;
/** The latency target is stated at 70% of the closed-loop maximum. */
const SHARE_OF_MAX = 0.7;
const MAX_IN_FLIGHT = 1_000;
const WARM_UP_S = 2;

/** CPU microseconds per message, by process, from the CPU seconds a step used. */
export function cpuPerMessage(
  cpu: Readonly<Record<string, number>>,
  messages: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(cpu).map(([name, seconds]) => [
      name,
      messages ? Math.round((seconds * 1e6) / messages) : 0,
    ]),
  );
}

/** Sends answered 201 per second in a closed-loop run (a refusal is no accepted send). */
export function acceptedPerS(result: ClosedLoopResult): number {
  return Math.round((result.status_codes['201'] ?? 0) / Math.max(result.seconds, 0.001));
}

/** The accept phase's single sends: `connections` closed-loop clients, each send to one of many conversations. */
export function singleSendLoad(options: Readonly<BenchOptions>, gateway: string): ClosedLoopSpec {
  return {
    url: `${gateway}/api/v1/messages/send`,
    scenario: 'send',
    connections: options.connections,
    seconds: options.seconds,
    maxRequests: options.seconds * 50_000,
    batchSize: 1,
    recipients: SEND_RECIPIENTS,
    tag: 'single',
  };
}

/**
 * Single sends at the maximum a gateway answers: a warm-up (unrecorded), then `singleSendLoad`
 * with the CPU each process used per accepted send. Every phase that measures single sends —
 * the accept path, the stack as `npm start` runs it, one core against two — runs this.
 */
export async function measureSingleSends(
  ctx: BenchContext,
  gateway: string,
  usage: ProcessSampler,
  label = 'accept',
): Promise<{ closed: ClosedLoopResult; cpu: Record<string, number>; spec: ClosedLoopSpec }> {
  const { options } = ctx;
  const spec = singleSendLoad(options, gateway);
  ctx.log(`${label}: warm-up`);
  await closedLoop({ ...spec, seconds: Math.min(WARM_UP_S, options.seconds / 2), tag: 'warm-up' });
  ctx.log(`${label}: single sends, closed loop, ${options.connections} connections`);
  const before = await usage.mark();
  const closed = await closedLoop(spec);
  const cpu = cpuPerMessage(
    cpuBetween(before, await usage.mark()),
    closed.status_codes['201'] ?? 0,
  );
  ctx.log(
    `  ${closed.requests_per_s} req/s, p50 ${closed.latency.p50_ms} ms, p99 ${closed.latency.p99_ms} ms`,
  );
  return { closed, cpu, spec };
}

/** The accept path's stack (gateway and conversation-service) on a fresh database, for `run`. */
async function withAcceptStack<T>(
  ctx: BenchContext,
  phase: string,
  run: (stack: Stack & { usage: ProcessSampler }) => Promise<T>,
): Promise<T> {
  const database = `${ctx.options.databasePrefix}_accept`;
  await ctx.freshDatabase(database);
  const stack = await ctx.startStack({
    phase,
    database,
    only: ['conversation-service', 'gateway'],
  });
  try {
    return await run(stack);
  } finally {
    ctx.recordUsage(phase, await stack.usage.stop());
    await stack.stop();
  }
}

/** The accept path's closed-loop single sends alone, usage recorded as `phase`. */
export function runAcceptSingle(
  ctx: BenchContext,
  phase: string,
): Promise<{ closed: ClosedLoopResult; cpu: Record<string, number> }> {
  return withAcceptStack(ctx, phase, (stack) =>
    measureSingleSends(ctx, stack.url('gateway'), stack.usage, phase),
  );
}

/**
 * The accept path alone — gateway and conversation-service, no dispatchers — so the figures
 * say what one gateway accepts: single sends closed-loop at the maximum, then open-loop at 70%
 * of it, then the bulk endpoint. The outbox relay still publishes every message to JetStream.
 */
export async function runAccept(ctx: BenchContext, baselines: Baselines): Promise<AcceptResults> {
  const { options } = ctx;
  return withAcceptStack(ctx, 'accept', async (stack) => {
    const gateway = stack.url('gateway');
    const {
      closed,
      cpu: cpuSingle,
      spec: single,
    } = await measureSingleSends(ctx, gateway, stack.usage);

    const rate = Math.max(1, Math.round(closed.requests_per_s * SHARE_OF_MAX));
    ctx.log(`accept: single sends, open loop at ${rate}/s (70% of the maximum)`);
    const open = await openLoop({
      url: single.url,
      rate,
      seconds: options.seconds,
      maxInFlight: MAX_IN_FLIGHT,
      recipients: SEND_RECIPIENTS,
      tag: 'at-70',
      recordAccepted: false,
    });
    ctx.log(
      `  p50 ${open.latency.p50_ms} ms, p99 ${open.latency.p99_ms} ms, errors ${open.errors}`,
    );

    ctx.log(
      `accept: bulk, ${options.batchSize} messages per request, ${BATCH_CONNECTIONS} connections`,
    );
    const beforeBatch = await stack.usage.mark();
    const batch = await closedLoop({
      ...single,
      url: `${gateway}/api/v1/messages/batch`,
      scenario: 'batch',
      connections: BATCH_CONNECTIONS,
      maxRequests: options.seconds * 1_000,
      batchSize: options.batchSize,
      recipients: 100_000,
      tag: 'batch',
    });
    // Only a 201 says that every message of the request was accepted.
    const acceptedMessages = (batch.status_codes['201'] ?? 0) * options.batchSize;
    const messagesPerS = Math.round(acceptedMessages / Math.max(batch.seconds, 0.001));
    const cpuBatch = cpuPerMessage(
      cpuBetween(beforeBatch, await stack.usage.mark()),
      acceptedMessages,
    );
    ctx.log(`  ${messagesPerS} messages/s, p99 ${batch.latency.p99_ms} ms per request`);

    ctx.log('accept: single sends to one conversation (they serialise on its row)');
    const one = await closedLoop({
      ...single,
      seconds: Math.max(1, Math.round(options.seconds / 3)),
      recipients: 1,
      tag: 'one-conversation',
    });
    ctx.log(`  ${one.requests_per_s} req/s`);

    const { accepted_messages: _omitted, ...openSummary } = open;
    return {
      single: {
        ...closed,
        connections: options.connections,
        ratio_to_express: ratio(closed.requests_per_s, baselines.express?.requests_per_s),
        ratio_p99_to_express: ratio(closed.latency.p99_ms, baselines.express?.latency.p99_ms),
      },
      single_at_70_percent: { ...openSummary, rate },
      batch: {
        ...batch,
        connections: BATCH_CONNECTIONS,
        batch_size: options.batchSize,
        messages_per_s: messagesPerS,
        ratio_to_postgres_multi_row: ratio(messagesPerS, baselines.postgres?.multi_row.rows_per_s),
      },
      single_one_conversation: { ...one, connections: options.connections },
      cpu_us_per_message: { single: cpuSingle, batch: cpuBatch },
    };
  });
}
