import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from '@switchboard/testing';
import { createLogger } from '@switchboard/observability';
import { createWebhookSender, type WebhookOutcome, type WebhookSender } from './webhook-sender';

/**
 * A webhook that answers 200 after `holdMs`, counting the requests it holds at once and noting
 * the bodies in the order they arrived. Stopped after each test, whatever the test's outcome.
 */
async function slowReceiver(holdMs: number) {
  const state = { received: 0, inFlight: 0, maxInFlight: 0, bodies: [] as string[] };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => state.bodies.push(body));
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
  const receiver = {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  receivers.push(receiver);
  return receiver;
}

const log = createLogger({ service: 'test', level: 'silent' });
const receivers: { stop(): Promise<void> }[] = [];
let sender: WebhookSender;
afterEach(async () => {
  await sender.stop();
  await Promise.all(receivers.splice(0).map((r) => r.stop()));
});

const request =
  (url: string, body = 'x') =>
  () => ({
    url,
    headers: { 'content-type': 'text/plain' },
    body,
  });

describe('webhook deliveries', () => {
  it('keeps at most `concurrency` in flight, the rest waiting with their time bound not started', async () => {
    // Each answer takes 800 ms against a 1,400 ms bound: 600 ms of room for a busy machine.
    const receiver = await slowReceiver(800);
    sender = createWebhookSender({
      log,
      attempts: 1,
      retryDelayMs: 10,
      timeoutMs: 1400,
      concurrency: 2,
    });
    const outcomes: WebhookOutcome[] = [];
    for (let i = 0; i < 6; i += 1) {
      sender.deliver(request(receiver.url), { then: (outcome) => outcomes.push(outcome) });
    }
    // Three rounds of 800 ms: the last two waited at least 1,600 ms, past their 1,400 ms bound,
    // before they went; had their bound started on `deliver`, they would have timed out.
    await until(() => outcomes.length === 6);
    expect(receiver.state.maxInFlight).toBe(2);
    expect(outcomes.map((o) => [o.ok, o.httpStatus])).toEqual(Array(6).fill([true, 200]));
  });

  it('does not hold a post behind the deliveries waiting their turn', async () => {
    const receiver = await slowReceiver(500);
    sender = createWebhookSender({
      log,
      attempts: 1,
      retryDelayMs: 10,
      timeoutMs: 5000,
      concurrency: 1,
    });
    for (let i = 0; i < 3; i += 1) sender.deliver(request(receiver.url, `delivery ${i}`));
    await until(() => receiver.state.received === 1);
    const outcome = await sender.post(request(receiver.url, 'post')());
    expect(outcome.ok).toBe(true);
    // The post went beside the delivery in flight, not after the two waiting their turn.
    expect(receiver.state.bodies.slice(0, 2)).toEqual(['delivery 0', 'post']);
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
    await until(() => receiver.state.received === 1);
    await sender.stop();
    await sleep(250);
    expect(told).toEqual([]);
    expect(receiver.state.received).toBe(1);
  });
});
