/**
 * Webhook acknowledgement latency: boots the stack, then posts signed Twilio status callbacks
 * (as Twilio would, to the public base URL) with a fixed number in flight, and reports how long
 * the provider waits for its 2xx — the audit-log write, the signature check and the durable
 * JetStream publish included.
 *
 *   node --import tsx tools/bench/webhook-latency.ts [--requests=N] [--concurrency=N]
 */
import { signTwilioRequest } from '@switchboard/providers';
import { startStack } from '@switchboard/testing';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

const REQUESTS = arg('requests', 5_000);
const CONCURRENCY = arg('concurrency', 16);
const TWILIO_TOKEN = 'sandbox-twilio-token';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const stack = await startStack({
    env: { LOG_LEVEL: 'warn', STATUS_CALLBACKS: 'false', SANDBOX_CALLBACKS: 'false' },
  });
  try {
    const url = `${stack.url('gateway')}/api/v1/webhooks/twilio`;
    const statuses = ['sent', 'delivered'];
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const params = {
          MessageSid: `SM${String(i).padStart(32, '0')}`,
          MessageStatus: statuses[i % 2]!,
          AccountSid: 'AC1',
        };
        const started = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': signTwilioRequest(TWILIO_TOKEN, url, params),
          },
          body: new URLSearchParams(params).toString(),
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - started);
        if (res.status !== 200) errors += 1;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const result = {
      requests: REQUESTS,
      concurrency: CONCURRENCY,
      errors,
      per_second: Math.round(REQUESTS / seconds),
      p50_ms: +percentile(latencies, 50).toFixed(1),
      p99_ms: +percentile(latencies, 99).toFixed(1),
      max_ms: +latencies[latencies.length - 1]!.toFixed(1),
    };
    console.log(JSON.stringify(result));
  } finally {
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
