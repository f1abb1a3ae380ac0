import type { MessageResource, Problem } from '@switchboard/contracts';
import { createDb, migrateToLatest } from '@switchboard/db';
import {
  eventually,
  exactlyOnceInOrder,
  loadOutcome,
  sandboxMessages,
  startMessageLoad,
  startPrivatePostgres,
  type PrivatePostgres,
  type Stack,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { api, uniquePhone } from './api-client';

/** Long enough to tell an answer from a hang; a healthy answer comes in milliseconds. */
const NO_HANG_MS = 15_000;
/** How long the database stays down: longer than the provider latency below. */
const OUTAGE_MS = 4_000;

/**
 * Fault test 4: PostgreSQL goes down. What a user would notice: the API refuses with `503`
 * problem+json at once — not a hang, not a 500 — and works again by itself once the database is
 * back; messages accepted before the outage are all delivered, once each, in order. The suite
 * runs its own PostgreSQL server, so stopping it disturbs nobody else.
 */
describe('PostgreSQL down', () => {
  let postgres: PrivatePostgres;
  let faults: FaultStack | undefined;
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    // conversation-service migrates on start too; the dispatchers and webhook-ingest may need
    // their tables before it is done.
    const database = createDb({ url: postgres.url, poolMax: 1 });
    await migrateToLatest(database.db).finally(() => database.close());
    faults = await startFaultStack({ databaseUrl: postgres.url });
    ({ stack, gateway, sandbox } = faults);
  }, 120_000);
  afterAll(async () => {
    await api(sandbox, 'DELETE', '/sandbox/faults').catch(() => undefined);
    await faults?.stop();
    await postgres?.destroy();
  });

  /** One call with a deadline: a hang fails the test instead of passing as a slow answer. */
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gateway}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(NO_HANG_MS),
    });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  const expectUnavailable = (answer: { status: number; type: string | null; text: string }) => {
    expect({ status: answer.status, type: answer.type }).toEqual({
      status: 503,
      type: expect.stringContaining('application/problem+json'),
    });
    const problem = JSON.parse(answer.text) as Problem;
    expect(problem).toMatchObject({ status: 503, title: 'Service unavailable' });
    // Nothing of the cause leaks: no stack trace, no driver message.
    expect(answer.text).not.toMatch(/ECONNREFUSED|at .+\.(ts|js):\d+|postgres/i);
  };

  it('answers 503 problem+json while the database is down, recovers by itself, and delivers what it accepted before', async () => {
    // A slow provider keeps messages in flight when the database goes: their outcome has to be
    // recorded after it comes back, without sending them again.
    await api(sandbox, 'POST', '/sandbox/faults', {
      provider: 'twilio',
      mode: 'latency',
      latency_ms: 1_500,
    });
    const before = await startMessageLoad({
      gateway,
      conversations: 10,
      perConversation: 4,
      concurrency: 10,
      tag: 'before-outage',
    }).done;
    expect(before.filter((m) => m.status !== 201)).toEqual([]);
    await eventually(
      async () => (await sandboxMessages(sandbox)).length,
      (n) => n >= 5,
      { what: 'the first messages at the provider', timeoutMs: 60_000 },
    );

    await postgres.stop();

    // A client that keeps sending during the outage (longer than the provider's latency, so
    // calls in flight end while the database is away) is refused every time, and told so.
    const outageEnds = Date.now() + OUTAGE_MS;
    const refused: string[] = [];
    while (Date.now() < outageEnds) {
      const to = uniquePhone();
      expectUnavailable(
        await call('POST', '/api/v1/messages/send', {
          from: '+15551234567',
          to,
          body: 'while the database is down',
        }),
      );
      refused.push(to);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(refused.length).toBeGreaterThan(0);
    expectUnavailable(await call('GET', `/api/v1/messages/${before[0]!.message!.id}`));
    expectUnavailable(await call('GET', '/api/v1/conversations'));
    // The operator's view: conversation-service reports the database down.
    const ready = await api<{ checks: Record<string, { status: string }> }>(
      stack.url('conversation-service'),
      'GET',
      '/ready',
    );
    expect(ready.status).toBe(503);
    expect(ready.body.checks['postgres']?.status).toBe('down');

    await postgres.start();
    await api(sandbox, 'POST', '/sandbox/faults', { provider: 'twilio', mode: 'none' });
    await eventually(
      async () => (await api(stack.url('conversation-service'), 'GET', '/ready')).status,
      (status) => status === 200,
      { what: 'conversation-service ready again', timeoutMs: 60_000, intervalMs: 500 },
    );

    const after = await eventually(
      () =>
        api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
          from: '+15551234567',
          to: uniquePhone(),
          body: 'after the database came back',
        }),
      (res) => res.status === 201,
      { what: 'sends accepted again', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(after.body.status).toBe('queued');

    const { actual, expected } = exactlyOnceInOrder(await loadOutcome(gateway, sandbox, before));
    expect(actual).toEqual(expected);
    // A refusal during the outage meant it: none of those messages went out later.
    const recipients = new Set((await sandboxMessages(sandbox)).map((r) => r.to));
    expect(refused.filter((to) => recipients.has(to))).toEqual([]);
  }, 300_000);
});
