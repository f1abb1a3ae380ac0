/**
 * Closed-loop load with autocannon: `connections` requests in flight, each connection sending
 * the next as soon as the previous is answered, for `seconds` or `maxRequests`, whichever ends
 * first. Run as its own process by the benchmark; prints one ClosedLoopResult line.
 */
import autocannon from 'autocannon';
import {
  BENCH_SENDER,
  bandOf,
  recipientOf,
  type ClosedLoopResult,
  type ClosedLoopSpec,
} from './load-spec';

/** A request that takes longer than this is counted as an error (a timeout). */
const REQUEST_TIMEOUT_S = 30;

function bodies(spec: ClosedLoopSpec): () => string {
  const band = bandOf(spec.tag);
  let n = 0;
  const next = () => {
    n += 1;
    return {
      from: BENCH_SENDER,
      to: recipientOf(band, n % spec.recipients),
      type: 'sms',
      body: `Your order ${spec.tag}-${n} has shipped`,
    };
  };
  switch (spec.scenario) {
    case 'bare':
    case 'send':
      return () => JSON.stringify(next());
    case 'batch':
      return () => JSON.stringify({ messages: Array.from({ length: spec.batchSize }, next) });
  }
}

async function main() {
  const spec = JSON.parse(process.argv[2] ?? '') as ClosedLoopSpec;
  const body = bodies(spec);
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    maxOverallRequests: spec.maxRequests,
    timeout: REQUEST_TIMEOUT_S,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  const completed = result.requests.total;
  const output: ClosedLoopResult = {
    requests: completed,
    seconds: result.duration,
    requests_per_s: Math.round(completed / Math.max(result.duration, 0.001)),
    latency: {
      n: result.latency.totalCount ?? completed,
      p50_ms: result.latency.p50,
      p90_ms: result.latency.p90,
      p99_ms: result.latency.p99,
      max_ms: result.latency.max,
    },
    status_codes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
    ),
    errors: result.errors,
    non_2xx: result.non2xx,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
