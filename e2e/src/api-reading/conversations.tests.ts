import type {
  ConversationPage,
  ConversationResource,
  MessageResource,
  Problem,
} from '@switchboard/contracts';
import { uniquePhone } from '../api-client';
import type { ReadingStack } from './reading-stack';

/** `+15551234567` → `+1 (555) 123-4567`, the way a person types it. */
const formatted = (e164: string) => `+1 (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

/** Listing conversations by participant and activity, one conversation and its messages. */
export function describeConversations(suite: ReadingStack): void {
  describe('conversations', () => {
    let person: string;
    let friend: string;
    let colleague: string;
    let withFriend: MessageResource[];
    let withColleague: MessageResource[];

    beforeAll(async () => {
      const { send } = suite;
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
      const { get, allPages } = suite;
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
      const { get } = suite;
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

    it('filters by channel on the server, page by page, alone or with a participant', async () => {
      const { get, send, allPages } = suite;
      const inbox = `reader-${Date.now()}@example.com`;
      const email = await send({
        type: 'email',
        from: 'team@switchboard.test',
        to: inbox,
        subject: 'Your order',
        body: 'It shipped',
      });
      const phone = withFriend[0]!.conversation_id;

      const emails = (
        await allPages<ConversationResource>('/api/v1/conversations?channel=email&limit=2')
      ).flatMap((p) => p.data);
      expect(emails.map((c) => c.id)).toContain(email.conversation_id);
      expect(emails.map((c) => c.id)).not.toContain(phone);
      expect(new Set(emails.map((c) => c.channel))).toEqual(new Set(['email']));

      const phones = await get<ConversationPage>('/api/v1/conversations?channel=phone&limit=100');
      expect(phones.body.data.map((c) => c.id)).toContain(phone);
      expect(new Set(phones.body.data.map((c) => c.channel))).toEqual(new Set(['phone']));

      const mine = await get<ConversationPage>(
        `/api/v1/conversations?channel=phone&participant=${encodeURIComponent(friend)}`,
      );
      expect(mine.body.data.map((c) => c.id)).toEqual([phone]);
      const none = await get<ConversationPage>(
        `/api/v1/conversations?channel=email&participant=${encodeURIComponent(friend)}`,
      );
      expect(none.body.data).toEqual([]);

      const bad = await get<Problem>('/api/v1/conversations?channel=sms');
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.field)).toEqual(['channel']);
    });

    it('GET /api/v1/conversations/{id} tells participants, channel, count and the last message', async () => {
      const { get } = suite;
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
      const { allPages } = suite;
      const id = withFriend[0]!.conversation_id;
      const pages = await allPages<MessageResource>(`/api/v1/conversations/${id}/messages?limit=2`);
      expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
      const messages = pages.flatMap((p) => p.data);
      expect(messages.map((m) => m.id)).toEqual(withFriend.map((m) => m.id));
      expect(messages.map((m) => m.from)).toEqual([person, friend, friend, friend, friend]);
    });

    it('refuses a participant that is neither a phone number nor an email address', async () => {
      const { get } = suite;
      const res = await get<Problem>('/api/v1/conversations?participant=nobody');
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(['participant']);
    });
  });
}
