import type { MessageResource } from '@switchboard/contracts';
import {
  createTestDatabase,
  eventually,
  startStack,
  type Stack,
  type TestDatabase,
  sandboxMessages,
} from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

/** Fault test 1 and 5 (permanent errors): provider failover, circuit breaking, no retry on a permanent error. */
describe('provider failover and circuit breaking', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;
  let database: TestDatabase;

  beforeAll(async () => {
    // A database of its own: nothing other suites left queued is relayed through these providers.
    database = await createTestDatabase();
    stack = await startStack({
      env: {
        DATABASE_URL: database.url,
        CIRCUIT_RESET_MS: '4000',
        PROVIDER_DEMOTE_MS: '2000',
        STATUS_CALLBACKS: 'false',
        SANDBOX_CALLBACKS: 'false',
        DISPATCH_RETRY_BASE_MS: '100',
        // Rounds enough to ride out a slow start of the secondary on a busy machine.
        DISPATCH_MAX_ATTEMPTS: '20',
      },
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });
  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults');
    await stack?.stop();
    await database?.drop();
  });

  const fault = (body: Record<string, unknown>) => api(sandbox, 'POST', '/sandbox/faults', body);
  const received = (to: string) => sandboxMessages(sandbox, { to });
  const send = async (to: string, body = 'hello') =>
    (
      await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        from: '+15551234567',
        to,
        body,
      })
    ).body;
  const settled = (id: string) =>
    eventually(
      async () => (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${id}`)).body,
      (m) => m.status === 'sent' || m.status === 'failed',
      { what: 'message settled', timeoutMs: 30_000 },
    );
  const providersOf = async () =>
    (
      await api<{ order: string[]; circuits: Record<string, string> }>(
        stack.url('sms-dispatcher'),
        'GET',
        '/providers',
      )
    ).body;

  /** The primary leads again: no fault, its circuit not open, not demoted. */
  const primaryFirst = async () => {
    await fault({ provider: 'twilio', mode: 'none' });
    await eventually(
      providersOf,
      (p) => p.order[0] === 'twilio' && p.circuits['twilio'] !== 'open',
      {
        what: 'the primary back in front',
        timeoutMs: 30_000,
        intervalMs: 250,
      },
    );
  };

  it('delivers everything through the secondary while the primary answers 500, opens its circuit, and returns when it recovers', async () => {
    await fault({ provider: 'twilio', mode: 'error', status: 500 });
    const recipients = Array.from({ length: 12 }, () => uniquePhone());
    const messages = [];
    for (const to of recipients) messages.push(await send(to));
    const results = await Promise.all(messages.map((m) => settled(m.id)));

    // The error code is in the tuple so that a failure says why.
    expect(results.map((m) => [m.status, m.provider, m.error_code])).toEqual(
      results.map(() => ['sent', 'telnyx', null]),
    );
    for (const to of recipients) {
      expect((await received(to)).map((r) => r.provider)).toEqual(['telnyx']);
    }
    // Tripped: open, or already resting towards a trial call.
    expect(['open', 'half_open']).toContain((await providersOf()).circuits.twilio);

    await fault({ provider: 'twilio', mode: 'none' });
    // Once the circuit has rested, a trial call goes to the primary and traffic returns to it.
    const back = await eventually(
      async () => settled((await send(uniquePhone())).id),
      (m) => m.provider === 'twilio',
      { what: 'traffic back on the primary', timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(back.status).toBe('sent');
    expect((await providersOf()).circuits.twilio).toBe('closed');
  });

  it('fails a message on a permanent error with the provider code, without retry or failover', async () => {
    await primaryFirst();
    await fault({ provider: 'twilio', mode: 'error', status: 400 });
    const to = uniquePhone();
    const message = await settled((await send(to)).id);
    await fault({ provider: 'twilio', mode: 'none' });

    expect(message).toMatchObject({ status: 'failed', provider: 'twilio', error_code: '21211' });
    expect(await received(to)).toEqual([]);
    const events = (
      await api<{ data: { status: string }[] }>(
        gateway,
        'GET',
        `/api/v1/messages/${message.id}/events`,
      )
    ).body.data;
    expect(events.map((e) => e.status)).toEqual(['queued', 'sending', 'failed']);
  });

  it('re-queues a failed message on request and delivers it', async () => {
    await primaryFirst();
    await fault({ provider: 'twilio', mode: 'error', status: 400 });
    const to = uniquePhone();
    const failed = await settled((await send(to, 'second chance')).id);
    expect(failed.status).toBe('failed');
    await fault({ provider: 'twilio', mode: 'none' });

    const retried = await api<MessageResource>(
      gateway,
      'POST',
      `/api/v1/messages/${failed.id}/retry`,
    );
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ status: 'queued', error_code: null });
    const sent = await settled(failed.id);
    expect(sent).toMatchObject({ status: 'sent', provider: 'twilio' });
    expect((await received(to)).map((r) => r.body)).toEqual(['second chance']);

    const again = await api(gateway, 'POST', `/api/v1/messages/${failed.id}/retry`);
    expect(again.status).toBe(409);
  });
});
