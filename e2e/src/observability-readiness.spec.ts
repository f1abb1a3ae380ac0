import type { MessageResource } from '@switchboard/contracts';
import {
  eventually,
  startStack,
  type Stack,
  createTestDatabase,
  type TestDatabase,
  hasBeenSent,
} from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

/** Long enough to look at the dispatcher while its provider call is still running. */
const PROVIDER_LATENCY_MS = 5_000;

describe('readiness while a service drains on SIGTERM', () => {
  let stack: Stack;
  // A database of its own: a stack on a shared one relays other stacks' messages, and they its.
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    stack = await startStack({
      only: ['provider-sandbox', 'conversation-service', 'sms-dispatcher', 'gateway'],
      env: {
        DATABASE_URL: database.url,
        SANDBOX_CALLBACKS: 'false',
        // `sending` reported as the provider call starts, not a second into it.
        DISPATCH_SENDING_REPORT_MS: '1',
      },
    });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('answers /ready 503 (draining) but /health 200 until its in-flight send is done, then exits 0', async () => {
    const dispatcher = stack.apps['sms-dispatcher'];
    const gateway = stack.url('gateway');
    const fault = await api(stack.url('provider-sandbox'), 'POST', '/sandbox/faults', {
      provider: 'twilio',
      mode: 'latency',
      latency_ms: PROVIDER_LATENCY_MS,
    });
    expect(fault.status).toBeLessThan(300);

    expect((await fetch(`${dispatcher.url}/ready`)).status).toBe(200);
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: '+15551234567',
      to: uniquePhone(),
      type: 'sms',
      body: 'in flight during shutdown',
    });
    expect(accepted.status).toBe(201);
    // `sending` is reported as soon as the provider call starts.
    await eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      (m) => m.status === 'sending',
      { what: 'the send in flight' },
    );

    const startedStopping = Date.now();
    const exited = dispatcher.stop('SIGTERM');

    const seen = await eventually(
      async () => {
        const [ready, health] = await Promise.all([
          fetch(`${dispatcher.url}/ready`),
          fetch(`${dispatcher.url}/health`),
        ]);
        return {
          ready: ready.status,
          readyBody: (await ready.json()) as { status: string },
          health: health.status,
        };
      },
      (r) => r.ready === 503,
      { what: '/ready answering 503', timeoutMs: PROVIDER_LATENCY_MS, intervalMs: 50 },
    );
    expect(seen).toEqual({
      ready: 503,
      readyBody: expect.objectContaining({ status: 'draining' }),
      health: 200,
    });

    expect(await exited).toBe(0);
    // It waited for the provider instead of abandoning the send.
    expect(Date.now() - startedStopping).toBeGreaterThan(PROVIDER_LATENCY_MS / 2);
    const settled = await eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      hasBeenSent,
      { what: 'the in-flight send finished' },
    );
    expect(settled.provider).toBe('twilio');
  });
});
