import { connect, type Socket } from 'node:net';
import { eventually, readEventStream, startStack, type Stack } from '@switchboard/testing';
import { uniquePhone } from './api-client';

// The gateway's in-flight bound (`HTTP_MAX_IN_FLIGHT`) on the real app: requests that are still
// being received hold their places, the next request is refused at once, event streams and
// probes are never refused, and the places come back when those requests end.

const MAX = 2;
/** Long enough for the first test's checks, short enough to wait out in the second. */
const REQUEST_TIMEOUT_MS = 8_000;

/** A send whose body never finishes arriving: the gateway holds it in flight until it closes. */
async function stalledSend(gateway: string): Promise<Socket> {
  const { hostname, port } = new URL(gateway);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    'POST /api/v1/messages/send HTTP/1.1\r\n' +
      `Host: ${hostname}:${port}\r\n` +
      'Content-Type: application/json\r\n' +
      'Content-Length: 1000\r\n\r\n' +
      '{"to":',
  );
  return socket;
}

/** `http_requests_in_flight`, as the gateway reports it. */
async function inFlight(gateway: string): Promise<number> {
  const metrics = await (await fetch(`${gateway}/metrics`)).text();
  const line = /^http_requests_in_flight\{service="gateway"\} (\d+)$/m.exec(metrics);
  if (!line) throw new Error('http_requests_in_flight is not reported');
  return Number(line[1]);
}

const send = (gateway: string, to: string) =>
  fetch(`${gateway}/api/v1/messages/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+15551234567', to, body: 'capacity' }),
  });

describe(`the gateway at capacity (HTTP_MAX_IN_FLIGHT=${MAX})`, () => {
  let stack: Stack;
  let gateway: string;

  beforeAll(async () => {
    stack = await startStack({
      only: ['gateway', 'conversation-service'],
      env: {
        HTTP_MAX_IN_FLIGHT: String(MAX),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      },
    });
    gateway = stack.url('gateway');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses the request past the bound with 503 and Retry-After, and takes sends again once places free up', async () => {
    const stream = await readEventStream(`${gateway}/api/v1/events/stream`, {});
    expect(stream.status).toBe(200);
    const stalled = [await stalledSend(gateway), await stalledSend(gateway)];
    try {
      // Once the gateway has read both heads, the two stalled sends hold both places (the
      // stream does not count), and the next request is refused.
      await eventually(
        () => inFlight(gateway),
        (n) => n === MAX,
        { what: 'both sends in flight' },
      );
      const refused = await send(gateway, uniquePhone());
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await refused.json()).toMatchObject({
        type: 'urn:switchboard:problem:unavailable',
        instance: '/api/v1/messages/send',
      });

      // Probes are answered, and another event stream opens.
      expect((await fetch(`${gateway}/health`)).status).toBe(200);
      expect((await fetch(`${gateway}/ready`)).status).toBe(200);
      const second = await readEventStream(`${gateway}/api/v1/events/stream`, {});
      second.close();
      expect(second.status).toBe(200);

      const metrics = await (await fetch(`${gateway}/metrics`)).text();
      expect(metrics).toMatch(/^http_requests_over_capacity_total\{service="gateway"\} 1$/m);
      expect(await inFlight(gateway)).toBe(MAX);
    } finally {
      for (const socket of stalled) socket.destroy();
      stream.close();
    }

    // The stalled sends are gone: a send is taken and stored.
    await eventually(
      () => inFlight(gateway),
      (n) => n === 0,
      { what: 'places free' },
    );
    const accepted = await send(gateway, uniquePhone());
    expect(accepted.status).toBe(201);
    const message = (await accepted.json()) as { id: string; body: string };
    const read = await fetch(`${gateway}/api/v1/messages/${message.id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { body: string }).body).toBe('capacity');
  });

  it('answers a send whose body stops arriving 408 after HTTP_REQUEST_TIMEOUT_MS, and frees its place', async () => {
    const stalled = await stalledSend(gateway);
    let received = '';
    stalled.on('data', (chunk: Buffer) => (received += chunk.toString()));
    stalled.on('error', () => undefined);
    try {
      await eventually(
        () => inFlight(gateway),
        (n) => n === 1,
        { what: 'the send in flight' },
      );
      await new Promise((resolve) => stalled.once('close', resolve));
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
      expect(await inFlight(gateway)).toBe(0);
    } finally {
      stalled.destroy();
    }
  }, 30_000);
});
