/**
 * Open-loop load: sends `POST /api/v1/messages/send` on a fixed schedule (`rate` per second for
 * `seconds`), whether or not earlier requests were answered, so a slow answer cannot slow the
 * offered load down (no coordinated omission). At most `maxInFlight` requests are in flight; a
 * request due beyond that is shed and counted. Run as its own process by the benchmark; prints
 * one OpenLoopResult line.
 */
import http from 'node:http';
import { summarize } from '../stats';
import {
  BENCH_SENDER,
  bandOf,
  bodyOf,
  recipientOf,
  type OpenLoopResult,
  type OpenLoopSpec,
} from './load-spec';

const TICK_MS = 5;
/** How long answers still in flight are awaited once the schedule has ended. */
const SETTLE_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 30_000;

async function main() {
  const spec = JSON.parse(process.argv[2] ?? '') as OpenLoopSpec;
  const url = new URL(spec.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.maxInFlight });
  const band = bandOf(spec.tag);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const acceptedMessages: [number, number][] = [];
  let inFlight = 0;
  let issued = 0;
  let shed = 0;
  let errors = 0;
  let accepted = 0;
  let onIdle: (() => void) | undefined;

  const send = (index: number) => {
    const payload = JSON.stringify({
      from: BENCH_SENDER,
      to: recipientOf(band, index % spec.recipients),
      type: spec.type ?? 'sms',
      body: bodyOf(spec.tag, index),
    });
    const started = performance.now();
    inFlight += 1;
    const done = () => {
      inFlight -= 1;
      if (inFlight === 0) onIdle?.();
    };
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          latencies.push(performance.now() - started);
          const status = res.statusCode ?? 0;
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (status === 201) {
            accepted += 1;
            if (spec.recordAccepted) {
              const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
                created_at: string;
              };
              acceptedMessages.push([index, Date.parse(message.created_at)]);
            }
          }
          done();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      errors += 1;
      done();
    });
    req.end(payload);
  };

  const startedAt = Date.now();
  const started = performance.now();
  const total = Math.round(spec.rate * spec.seconds);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsedS = (performance.now() - started) / 1000;
      const due = Math.min(total, Math.floor(spec.rate * elapsedS));
      while (issued < due) {
        if (inFlight >= spec.maxInFlight) shed += 1;
        else send(issued);
        issued += 1;
      }
      if (issued >= total) {
        clearInterval(timer);
        resolve();
      }
    }, TICK_MS);
  });
  const stoppedAt = Date.now();
  const seconds = (performance.now() - started) / 1000;
  if (inFlight > 0) {
    await new Promise<void>((resolve) => {
      onIdle = resolve;
      setTimeout(resolve, SETTLE_TIMEOUT_MS).unref();
    });
  }
  agent.destroy();

  const result: OpenLoopResult = {
    offered: issued,
    shed,
    accepted,
    errors: errors + inFlight,
    status_codes: statusCodes,
    seconds: Math.round(seconds * 100) / 100,
    started_at_ms: startedAt,
    stopped_at_ms: stoppedAt,
    latency: summarize(latencies),
    ...(spec.recordAccepted ? { accepted_messages: acceptedMessages } : {}),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
