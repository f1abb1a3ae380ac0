import { randomBytes, randomUUID } from 'node:crypto';
import type {
  ConversationPage,
  ConversationResource,
  MessageEventList,
  MessagePage,
  MessageResource,
  Problem,
  SearchResult,
} from '@switchboard/contracts';
import { eventually, startStack, type Stack } from '@switchboard/testing';
import { api, uniquePhone, type ApiResponse } from './api-client';

/** Outcomes at or past `sent`: a status callback may already have moved the message on. */
const SENT_OR_LATER = ['sent', 'delivered', 'read'];

/** `+15551234567` → `+1 (555) 123-4567`, the way a person types it. */
const formatted = (e164: string) => `+1 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

describe('reading messages and conversations back', () => {
  let stack: Stack;
  let gateway: string;

  beforeAll(async () => {
    stack = await startStack();
    gateway = stack.url('gateway');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const get = <T>(path: string) => api<T>(gateway, 'GET', path);

  async function send(body: Record<string, unknown>): Promise<MessageResource> {
    const res = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', body);
    expect(res.status).toBe(201);
    return res.body;
  }

  async function untilSent(ids: readonly string[]): Promise<MessageResource[]> {
    return Promise.all(
      ids.map((id) =>
        eventually(
          async () => (await get<MessageResource>(`/api/v1/messages/${id}`)).body,
          (m) => SENT_OR_LATER.includes(m.status),
          { what: `message ${id} sent` },
        ),
      ),
    );
  }

  interface Page<T> {
    data: T[];
    next_cursor: string | null;
  }

  /** Follows `next_cursor` to the end, returning every page. */
  async function allPages<T>(path: string): Promise<Page<T>[]> {
    const pages: Page<T>[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const res: ApiResponse<Page<T>> = await get<Page<T>>(
        cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
      );
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.next_cursor;
      if (pages.length > 50) throw new Error(`${path} never ends`);
    } while (cursor);
    return pages;
  }

  describe('GET /api/v1/messages', () => {
    const us = '+15550001000';
    let them: string;
    let sent: MessageResource[];

    beforeAll(async () => {
      them = uniquePhone();
      const created: MessageResource[] = [];
      for (let i = 0; i < 7; i++) {
        created.push(
          await send(
            i % 3 === 2
              ? {
                  from: us,
                  to: them,
                  body: `photo ${i}`,
                  attachments: ['https://example.com/p.jpg'],
                }
              : { from: us, to: them, body: `text ${i}` },
          ),
        );
      }
      sent = await untilSent(created.map((m) => m.id));
    });

    const conversationOf = () => sent[0]!.conversation_id;

    it('pages newest first through `limit` and `cursor`, without duplicates or gaps', async () => {
      const pages = await allPages<MessageResource>(
        `/api/v1/messages?conversation_id=${conversationOf()}&limit=3`,
      );
      expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
      expect(pages.flatMap((p) => p.data.map((m) => m.id))).toEqual(
        sent.map((m) => m.id).reverse(),
      );
    });

    it('keeps paging where it was while new messages arrive', async () => {
      const path = `/api/v1/messages?conversation_id=${conversationOf()}&limit=4`;
      const first = await get<MessagePage>(path);
      const newer = await send({ from: us, to: them, body: 'arrived between pages' });
      const second = await get<MessagePage>(
        `${path}&cursor=${encodeURIComponent(first.body.next_cursor!)}`,
      );

      const seen = [...first.body.data, ...second.body.data].map((m) => m.id);
      expect(seen).toEqual(sent.map((m) => m.id).reverse());
      expect(seen).not.toContain(newer.id);
      expect(second.body.next_cursor).toBeNull();
      sent.push((await untilSent([newer.id]))[0]!);
    });

    it('lists the messages of every conversation, newest first, without a filter', async () => {
      const latest = await send({ from: us, to: uniquePhone(), body: 'the newest of all' });
      // Other suites may write to the same database meanwhile: look for ours among the newest.
      const page = await get<MessagePage>('/api/v1/messages?limit=100');
      expect(page.status).toBe(200);
      const ids = page.body.data.map((m) => m.id);
      expect(ids).toContain(latest.id);
      expect(ids.indexOf(latest.id)).toBeLessThan(ids.indexOf(sent[sent.length - 1]!.id));
      const times = page.body.data.map((m) => m.created_at);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('filters by type, status and direction', async () => {
      const base = `/api/v1/messages?conversation_id=${conversationOf()}&limit=100`;
      const idsOf = async (query: string) =>
        (await get<MessagePage>(`${base}&${query}`)).body.data.map((m) => m.id).sort();
      const expected = (keep: (m: MessageResource) => boolean) =>
        sent
          .filter(keep)
          .map((m) => m.id)
          .sort();

      expect(await idsOf('type=mms')).toEqual(expected((m) => m.type === 'mms'));
      expect(await idsOf('type=sms')).toEqual(expected((m) => m.type === 'sms'));
      expect(expected((m) => m.type === 'mms')).toHaveLength(2);
      expect(await idsOf('type=email')).toEqual([]);

      const current = await Promise.all(
        sent.map(async (m) => (await get<MessageResource>(`/api/v1/messages/${m.id}`)).body),
      );
      const status = current[0]!.status;
      expect(await idsOf(`status=${status}`)).toEqual(
        current
          .filter((m) => m.status === status)
          .map((m) => m.id)
          .sort(),
      );
      expect(await idsOf('status=queued')).toEqual([]);

      expect(await idsOf('direction=outbound')).toEqual(expected(() => true));
      expect(await idsOf('direction=inbound')).toEqual([]);
    });

    it('filters by creation time: `since` inclusive, `until` exclusive', async () => {
      const base = `/api/v1/messages?conversation_id=${conversationOf()}&limit=100`;
      const pivot = sent[3]!.created_at;
      const since = await get<MessagePage>(`${base}&since=${encodeURIComponent(pivot)}`);
      const until = await get<MessagePage>(`${base}&until=${encodeURIComponent(pivot)}`);

      expect(since.body.data.map((m) => m.id)).toEqual(
        sent
          .slice(3)
          .map((m) => m.id)
          .reverse(),
      );
      expect(until.body.data.map((m) => m.id)).toEqual(
        sent
          .slice(0, 3)
          .map((m) => m.id)
          .reverse(),
      );
    });

    it('refuses bad query parameters with 400 naming them', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['status=lost', 'status'],
        ['since=yesterday', 'since'],
        ['conversation_id=42', 'conversation_id'],
        ['cursor=not-a-cursor', 'cursor'],
      ] as const) {
        const res = await get<Problem>(`/api/v1/messages?${query}`);
        expect([query, res.status, res.headers.get('content-type')]).toEqual([
          query,
          400,
          expect.stringContaining('application/problem+json'),
        ]);
        expect(res.body.errors?.map((e) => e.field)).toEqual([field]);
      }
    });
  });

  it("GET /api/v1/messages/{id}/events tells the message's lifecycle", async () => {
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

  describe('conversations', () => {
    let person: string;
    let friend: string;
    let colleague: string;
    let withFriend: MessageResource[];
    let withColleague: MessageResource[];

    beforeAll(async () => {
      [person, friend, colleague] = [uniquePhone(), uniquePhone(), uniquePhone()];
      withFriend = [await send({ from: person, to: friend, body: 'Hi friend' })];
      withColleague = [
        await send({ from: colleague, to: person, body: 'Meeting at 10' }),
        await send({ from: person, to: colleague, body: 'See you there' }),
      ];
      for (let i = 0; i < 4; i++) {
        withFriend.push(await send({ from: friend, to: person, body: `Reply number ${i}` }));
      }
    });

    it('lists the conversations of a participant by last activity, however the number is written', async () => {
      const res = await get<ConversationPage>(
        `/api/v1/conversations?participant=${encodeURIComponent(formatted(person))}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.data.map((c) => c.id)).toEqual([
        withFriend[0]!.conversation_id,
        withColleague[0]!.conversation_id,
      ]);
      expect(res.body.next_cursor).toBeNull();

      const paged = await allPages<ConversationResource>(
        `/api/v1/conversations?participant=${encodeURIComponent(person)}&limit=1`,
      );
      expect(paged.map((p) => p.data.map((c) => c.id))).toEqual([
        [withFriend[0]!.conversation_id],
        [withColleague[0]!.conversation_id],
      ]);
    });

    it('lists every conversation by last activity without a filter', async () => {
      const res = await get<ConversationPage>('/api/v1/conversations?limit=100');
      expect(res.status).toBe(200);
      const ids = res.body.data.map((c) => c.id);
      expect(ids).toContain(withFriend[0]!.conversation_id);
      expect(ids.indexOf(withFriend[0]!.conversation_id)).toBeLessThan(
        ids.indexOf(withColleague[0]!.conversation_id),
      );
      const times = res.body.data.map((c) => c.last_message_at ?? '');
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('GET /api/v1/conversations/{id} tells participants, channel, count and the last message', async () => {
      const last = withFriend[withFriend.length - 1]!;
      const res = await get<ConversationResource>(`/api/v1/conversations/${last.conversation_id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: last.conversation_id,
        channel: 'phone',
        participants: [person, friend].sort(),
        message_count: 5,
        last_message_preview: 'Reply number 3',
        last_message_at: last.created_at,
      });
    });

    it('GET /api/v1/conversations/{id}/messages pages oldest first, both directions', async () => {
      const id = withFriend[0]!.conversation_id;
      const pages = await allPages<MessageResource>(`/api/v1/conversations/${id}/messages?limit=2`);
      expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
      const messages = pages.flatMap((p) => p.data);
      expect(messages.map((m) => m.id)).toEqual(withFriend.map((m) => m.id));
      expect(messages.map((m) => m.from)).toEqual([person, friend, friend, friend, friend]);
    });

    it('refuses a participant that is neither a phone number nor an email address', async () => {
      const res = await get<Problem>('/api/v1/conversations?participant=nobody');
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(['participant']);
    });
  });

  describe('POST /api/v1/conversations/search', () => {
    it('finds the conversation of a word, with the messages that contain it', async () => {
      const word = `quokka${randomBytes(4).toString('hex')}`;
      const to = uniquePhone();
      await send({ from: '+15550001002', to, body: 'Nothing to see here' });
      const match = await send({ from: '+15550001002', to, body: `The ${word} arrived today` });
      await send({ from: '+15550001002', to, body: 'Still nothing' });

      const res = await api<SearchResult>(gateway, 'POST', '/api/v1/conversations/search', {
        query: word,
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1);
      expect(res.body.data[0]!.conversation.id).toBe(match.conversation_id);
      expect(res.body.data[0]!.messages.map((m) => m.id)).toEqual([match.id]);
    });

    it('gives every matching conversation its matches, however busy the others are', async () => {
      const word = `wombat${randomBytes(4).toString('hex')}`;
      const quiet = await send({ from: '+15550001003', to: uniquePhone(), body: `One ${word}` });
      const busyTo = uniquePhone();
      const busy: MessageResource[] = [];
      for (let i = 0; i < 12; i++) {
        busy.push(await send({ from: '+15550001003', to: busyTo, body: `${word} number ${i}` }));
      }

      const res = await api<SearchResult>(gateway, 'POST', '/api/v1/conversations/search', {
        query: word,
      });
      expect(res.status).toBe(200);
      expect(res.body.data.map((hit) => hit.conversation.id)).toEqual([
        busy[0]!.conversation_id,
        quiet.conversation_id,
      ]);
      const [busyHit, quietHit] = res.body.data;
      expect(busyHit!.messages.length).toBeGreaterThan(0);
      expect(busyHit!.messages.map((m) => m.id)).toEqual(
        busy
          .slice(-busyHit!.messages.length)
          .map((m) => m.id)
          .reverse(),
      );
      expect(quietHit!.messages.map((m) => m.id)).toEqual([quiet.id]);
    });

    it('answers an empty list for a word that is nowhere', async () => {
      const res = await api<SearchResult>(gateway, 'POST', '/api/v1/conversations/search', {
        query: `absent${randomBytes(6).toString('hex')}`,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: [] });
    });

    it('refuses an empty query', async () => {
      const res = await api<Problem>(gateway, 'POST', '/api/v1/conversations/search', {
        query: '  ',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(['query']);
    });
  });

  describe('ids', () => {
    const unknown = randomUUID();

    it.each([
      `/api/v1/messages/${unknown}`,
      `/api/v1/messages/${unknown}/events`,
      `/api/v1/conversations/${unknown}`,
      `/api/v1/conversations/${unknown}/messages`,
    ])('answers 404 problem+json for an unknown id: GET %s', async (path) => {
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
      const res = await get<Problem>(path);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    });
  });
});
