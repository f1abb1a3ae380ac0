import type {
  ConversationResource,
  MessageEventList,
  MessageResource,
  Problem,
} from '@switchboard/contracts';
import {
  eventually,
  startStack,
  type Stack,
  hasBeenSent,
  sandboxMessages,
} from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { api, uniquePhone } from './api-client';

describe('one message, end to end, through every service', () => {
  let stack: Stack;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    stack = await startStack();
    gateway = stack.url('gateway');
    sandbox = stack.url('provider-sandbox');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const sandboxMessagesTo = (to: string) => sandboxMessages(sandbox, { to });

  it('sends an SMS through the real Twilio SDK and tracks it to sent', async () => {
    const to = uniquePhone();
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: '+15551234567',
      to,
      type: 'sms',
      body: 'Hello',
    });

    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      status: 'queued',
      direction: 'outbound',
      type: 'sms',
      from: '+15551234567',
      to,
      body: 'Hello',
      encoding: 'GSM-7',
      segments: 1,
    });
    expect(accepted.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(accepted.body.created_at)).not.toBeNaN();

    // Stored durably before the answer: readable at once.
    const immediately = await api<MessageResource>(
      gateway,
      'GET',
      `/api/v1/messages/${accepted.body.id}`,
    );
    expect(immediately.status).toBe(200);

    const sent = await eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      hasBeenSent,
      { what: 'message status sent' },
    );
    expect(sent.provider).toBe('twilio');
    expect(sent.provider_message_id).toMatch(/^SM[0-9a-f]{32}$/);

    const received = await sandboxMessagesTo(to);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      provider: 'twilio',
      channel: 'sms',
      from: '+15551234567',
      to,
      body: 'Hello',
      provider_message_id: sent.provider_message_id,
    });

    const events = await api<MessageEventList>(
      gateway,
      'GET',
      `/api/v1/messages/${sent.id}/events`,
    );
    // Applied steps; the provider's own later callbacks may add more.
    expect(
      events.body.data
        .filter((e) => e.applied)
        .map((e) => e.status)
        .slice(0, 3),
    ).toEqual(['queued', 'sending', 'sent']);

    const conversation = await api<ConversationResource>(
      gateway,
      'GET',
      `/api/v1/conversations/${sent.conversation_id}`,
    );
    expect(conversation.status).toBe(200);
    expect(conversation.body.participants).toEqual(['+15551234567', to].sort());
    expect(conversation.body.channel).toBe('phone');
  });

  it('threads a second message between the same people, however the number is written', async () => {
    const to = uniquePhone();
    const first = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: '+15551234567',
      to,
      body: 'one',
    });
    const formatted = `+1 (${to.slice(2, 5)}) ${to.slice(5, 8)}-${to.slice(8)}`;
    const second = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: '+1 555 123 4567',
      to: formatted,
      body: 'two',
    });
    expect(second.status).toBe(201);
    expect(second.body.to).toBe(to);
    expect(second.body.conversation_id).toBe(first.body.conversation_id);
    await eventually(
      () => sandboxMessagesTo(to),
      (r) => r.length === 2,
      { what: 'both messages at the provider' },
    );
    expect((await sandboxMessagesTo(to)).map((r) => r.body)).toEqual(['one', 'two']);
  });

  it('sends an email through the real SendGrid SDK with a plain-text alternative', async () => {
    const to = `user-${Date.now()}@Example.com`;
    const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'team@switchboard.test',
      to,
      subject: 'Welcome',
      body: '<p>Hello <b>there</b></p>',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      type: 'email',
      to: to.toLowerCase(),
      encoding: null,
      segments: null,
    });

    const sent = await eventually(
      async () =>
        (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`)).body,
      hasBeenSent,
      { what: 'email status sent' },
    );
    expect(sent.provider).toBe('sendgrid');
    const [record] = await sandboxMessagesTo(to.toLowerCase());
    expect(record).toMatchObject({
      provider: 'sendgrid',
      channel: 'email',
      subject: 'Welcome',
      html: '<p>Hello <b>there</b></p>',
      body: 'Hello there',
      provider_message_id: sent.provider_message_id,
    });
  });

  it('refuses bad input with problem+json naming the field, and stores nothing', async () => {
    const to = uniquePhone();
    const res = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', {
      from: 'not-a-number',
      to,
      body: 'x',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);

    const malformed = await api<Problem>(gateway, 'POST', '/api/v1/messages/send', '{"from":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.title).toBe('Validation failed');

    expect((await api(gateway, 'GET', '/api/v1/messages/not-a-uuid')).status).toBe(400);
    const missing = await api<Problem>(gateway, 'GET', `/api/v1/messages/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe(404);
    expect(await sandboxMessagesTo(to)).toEqual([]);
  });

  it('serves health, readiness and metrics on every service', async () => {
    for (const app of Object.values(stack.apps)) {
      expect((await api(app.url, 'GET', '/health')).status).toBe(200);
      const ready = await api<{ status: string }>(app.url, 'GET', '/ready');
      expect([app.name, ready.status, ready.body.status]).toEqual([app.name, 200, 'ready']);
      const metrics = await fetch(`${app.url}/metrics`);
      expect(await metrics.text()).toContain('http_requests_total');
    }
  });

  it('stops every service cleanly on SIGTERM', async () => {
    const codes = await Promise.all(
      Object.values(stack.apps).map(async (app) => [app.name, await app.stop()]),
    );
    expect(codes).toEqual(Object.values(stack.apps).map((app) => [app.name, 0]));
  });
});
