import { randomUUID } from 'node:crypto';
import type { MessageEventList, MessageResource, Problem } from '@switchboard/contracts';
import { eventually } from '@switchboard/testing';
import { uniquePhone } from './api-client';
import { describeConversations } from './api-reading/conversations.tests';
import { describeMessageList } from './api-reading/message-list.tests';
import { useReadingStack } from './api-reading/reading-stack';
import { describeSearch } from './api-reading/search.tests';

describe('reading messages and conversations back', () => {
  const suite = useReadingStack();

  describeMessageList(suite);

  it("GET /api/v1/messages/{id}/events tells the message's lifecycle", async () => {
    const { get, send, untilSent } = suite;
    const message = await send({ from: '+15550001001', to: uniquePhone(), body: 'Lifecycle' });
    const [sent] = await untilSent([message.id]);
    const events = await get<MessageEventList>(`/api/v1/messages/${message.id}/events`);

    expect(events.status).toBe(200);
    const [queued, sending, sentEvent] = events.body.data;
    expect([queued, sending, sentEvent].map((e) => [e?.status, e?.applied])).toEqual([
      ['queued', true],
      ['sending', true],
      ['sent', true],
    ]);
    expect(events.body.data.every((e) => e.message_id === message.id)).toBe(true);
    const times = events.body.data.map((e) => Date.parse(e.occurred_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(sentEvent).toMatchObject({
      provider: sent!.provider,
      provider_message_id: sent!.provider_message_id,
    });

    // Provider callbacks may follow (and late ones are kept with `applied: false`); whatever
    // arrives, the message's status is the one its last applied event set.
    await eventually(
      async () => {
        const [current, log] = await Promise.all([
          get<MessageResource>(`/api/v1/messages/${message.id}`),
          get<MessageEventList>(`/api/v1/messages/${message.id}/events`),
        ]);
        return { status: current.body.status, events: log.body.data };
      },
      ({ status, events: log }) => log.filter((e) => e.applied).at(-1)?.status === status,
      { what: 'status matching the last applied event' },
    );
  });

  describeConversations(suite);
  describeSearch(suite);

  describe('ids', () => {
    const unknown = randomUUID();

    it.each([
      `/api/v1/messages/${unknown}`,
      `/api/v1/messages/${unknown}/events`,
      `/api/v1/conversations/${unknown}`,
      `/api/v1/conversations/${unknown}/messages`,
    ])('answers 404 problem+json for an unknown id: GET %s', async (path) => {
      const { get } = suite;
      const res = await get<Problem>(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, title: 'Not found', instance: path });
    });

    it.each([
      '/api/v1/messages/not-a-uuid',
      '/api/v1/messages/not-a-uuid/events',
      '/api/v1/conversations/12345',
      '/api/v1/conversations/12345/messages',
    ])('answers 400 problem+json for a malformed id: GET %s', async (path) => {
      const { get } = suite;
      const res = await get<Problem>(path);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
  });
});
