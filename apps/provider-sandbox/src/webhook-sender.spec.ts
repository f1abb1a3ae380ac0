import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@switchboard/observability';
import { createWebhookSender, type WebhookOutcome, type WebhookSender } from './webhook-sender';

/** A webhook that answers 200 after `holdMs`, counting the requests it holds at once. */
async function slowReceiver(holdMs: number) {
  const state = { received: 0, inFlight: 0, maxInFlight: 0 };
  const server: Server = createServer((req, res) => {
    req.resume();
    state.received += 1;
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    setTimeout(() => {
      state.inFlight -= 1;
      res.end('ok');
    }, holdMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const log = createLogger({ service: 'test', level: 'silent' });
let sender: WebhookSender;
afterEach(() => sender.stop());

const request = (url: string) => () => ({
  url,
  headers: { 'content-type': 'text/plain' },
  body: 'x',
});

describe('webhook deliveries', () => {
  it('keeps at most `concurrency` in flight, the rest waiting with their time bound not started', async () => {
    const receiver = await slowReceiver(120);
    sender = createWebhookSender({
      log,
      attempts: 1,
      retryDelayMs: 10,
      timeoutMs: 200,
      concurrency: 2,
    });
    const outcomes: WebhookOutcome[] = [];
    for (let i = 0; i < 6; i += 1) {
      sender.deliver(request(receiver.url), { then: (outcome) => outcomes.push(outcome) });
    }
    // Three rounds of 120 ms: the last waited far longer than its 200 ms bound before it went.
    while (outcomes.length < 6) await sleep(20);
    expect(receiver.state.maxInFlight).toBe(2);
    expect(outcomes.map((o) => [o.ok, o.httpStatus])).toEqual(Array(6).fill([true, 200]));
    await receiver.stop();
  });

  it('does not hold a post behind the deliveries waiting their turn', async () => {
    const receiver = await slowReceiver(150);
    sender = createWebhookSender({
      log,
      attempts: 1,
      retryDelayMs: 10,
      timeoutMs: 1000,
      concurrency: 1,
    });
    for (let i = 0; i < 3; i += 1) sender.deliver(request(receiver.url));
    await sleep(20);
    const started = performance.now();
    const outcome = await sender.post(request(receiver.url)());
    expect(outcome.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(300);
    await receiver.stop();
  });

  it('bounds each attempt, retrying one that got no answer in time', async () => {
    const receiver = await slowReceiver(100);
    sender = createWebhookSender({
      log,
      attempts: 2,
      retryDelayMs: 10,
      timeoutMs: 40,
      concurrency: 4,
    });
    const attempts: WebhookOutcome[] = [];
    const last = await new Promise<WebhookOutcome>((resolve) =>
      sender.deliver(request(receiver.url), { onAttempt: (o) => attempts.push(o), then: resolve }),
    );
    expect(attempts.map((a) => [a.attempt, a.error])).toEqual([
      [1, 'TimeoutError'],
      [2, 'TimeoutError'],
    ]);
    expect(last).toBe(attempts[1]);
    await receiver.stop();
  });

  it('drops what waits and ends what is in flight on stop, telling nobody', async () => {
    const receiver = await slowReceiver(200);
    sender = createWebhookSender({
      log,
      attempts: 3,
      retryDelayMs: 10,
      timeoutMs: 1000,
      concurrency: 1,
    });
    const told: WebhookOutcome[] = [];
    for (let i = 0; i < 3; i += 1) {
      sender.deliver(request(receiver.url), {
        onAttempt: (o) => told.push(o),
        then: (o) => told.push(o),
      });
    }
    await sleep(30);
    await sender.stop();
    await sleep(250);
    expect(told).toEqual([]);
    expect(receiver.state.received).toBe(1);
    await receiver.stop();
  });
});
