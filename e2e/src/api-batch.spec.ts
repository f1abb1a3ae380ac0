import type { Problem, SendBatchResponse } from '@switchboard/contracts';
import { eventually, startStack, type Stack, sandboxMessages } from '@switchboard/testing';
import { api, uniquePhone } from './api-client';

describe('POST /api/v1/messages/batch', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    stack = await startStack({
      only: ['provider-sandbox', 'conversation-service', 'sms-dispatcher', 'gateway'],
    });
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const sms = (to: string, body: string) => ({ from: '+15551234567', to, body });

  it('stores every message and answers 201 with each one, in order; all reach the provider', async () => {
    const [a, b] = [uniquePhone(), uniquePhone()];
    const res = await api<SendBatchResponse>(gateway, 'POST', '/api/v1/messages/batch', {
      messages: [sms(a, 'first'), sms(b, 'second'), sms(a, 'third')],
    });

    expect(res.status).toBe(201);
    expect(res.body.results.map((r) => [r.index, r.status])).toEqual([
      [0, 201],
      [1, 201],
      [2, 201],
    ]);
    const stored = res.body.results.flatMap((r) => ('message' in r ? [r.message] : []));
    expect(stored.map((m) => [m.to, m.body, m.status])).toEqual([
      [a, 'first', 'queued'],
      [b, 'second', 'queued'],
      [a, 'third', 'queued'],
    ]);
    expect(stored[0]!.conversation_id).toBe(stored[2]!.conversation_id);

    // One conversation's messages reach the provider in the order they were sent.
    const received = await eventually(
      () => sandboxMessages(sandbox, { to: a }),
      (records) => records.length === 2,
      { what: 'both messages to one recipient delivered', timeoutMs: 20_000 },
    );
    expect(received.map((r) => r.body)).toEqual(['first', 'third']);
  });

  it('answers 207 when a message is refused, with its problem, and stores the others', async () => {
    const to = uniquePhone();
    const res = await api<SendBatchResponse>(gateway, 'POST', '/api/v1/messages/batch', {
      messages: [sms(to, 'fine'), { from: '+15551234567', to: 'jane@example.com', body: 'no' }],
    });

    expect(res.status).toBe(207);
    expect(res.body.results[0]).toMatchObject({ index: 0, status: 201, message: { to } });
    expect(res.body.results[1]).toMatchObject({
      index: 1,
      status: 400,
      problem: {
        status: 400,
        type: 'urn:switchboard:problem:validation_failed',
        instance: '/api/v1/messages/batch',
      },
    });
  });

  it('refuses a body that is not a list of 1 to 1000 messages as a whole', async () => {
    const empty = await api<Problem>(gateway, 'POST', '/api/v1/messages/batch', { messages: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.map((e) => e.field)).toEqual(['messages']);

    const tooMany = await api<Problem>(gateway, 'POST', '/api/v1/messages/batch', {
      messages: Array.from({ length: 1001 }, () => sms(uniquePhone(), 'x')),
    });
    expect(tooMany.status).toBe(400);
  });
});
