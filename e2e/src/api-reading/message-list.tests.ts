import type { MessagePage, MessageResource, Problem } from '@switchboard/contracts';
import { eventually } from '@switchboard/testing';
import { uniquePhone, uniquePng, uploadMedia } from '../api-client';
import type { ReadingStack } from './reading-stack';

/** Statuses a message keeps once it has one. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(['delivered', 'undelivered', 'failed', 'read']);

/** `GET /api/v1/messages`: paging, filters and refusals, over one conversation's messages. */
export function describeMessageList(suite: ReadingStack): void {
  describe('GET /api/v1/messages', () => {
    const us = '+15550001000';
    let them: string;
    let sent: MessageResource[];

    beforeAll(async () => {
      const { send, untilSent } = suite;
      them = uniquePhone();
      const created: MessageResource[] = [];
      const photo = await uploadMedia(suite.gateway, uniquePng(), 'image/png');
      expect(photo.body).toMatchObject({ scan: { status: 'clean' } });
      for (let i = 0; i < 7; i++) {
        created.push(
          await send(
            i % 3 === 2
              ? {
                  from: us,
                  to: them,
                  body: `photo ${i}`,
                  attachments: [photo.body.id],
                }
              : { from: us, to: them, body: `text ${i}` },
          ),
        );
      }
      sent = await untilSent(created.map((m) => m.id));
    });

    const conversationOf = () => sent[0]!.conversation_id;

    it('pages newest first through `limit` and `cursor`, without duplicates or gaps', async () => {
      const { allPages } = suite;
      const pages = await allPages<MessageResource>(
        `/api/v1/messages?conversation_id=${conversationOf()}&limit=3`,
      );
      expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
      expect(pages.flatMap((p) => p.data.map((m) => m.id))).toEqual(
        sent.map((m) => m.id).reverse(),
      );
    });

    it('keeps paging where it was while new messages arrive', async () => {
      const { get, send, untilSent } = suite;
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
      const { get, send } = suite;
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
      const { get } = suite;
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

      // Every message at its last status first (the provider's callbacks still move `sent` to
      // `delivered`): a message changing between the two reads would not be the filter's fault.
      const current = await eventually(
        () =>
          Promise.all(
            sent.map(async (m) => (await get<MessageResource>(`/api/v1/messages/${m.id}`)).body),
          ),
        (messages) => messages.every((m) => FINAL_STATUSES.has(m.status)),
        { what: 'every message at its last status' },
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
      const { get } = suite;
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
      const { get } = suite;
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['status=lost', 'status'],
        ['since=yesterday', 'since'],
        ['conversation_id=42', 'conversation_id'],
        ['cursor=not-a-cursor', 'cursor'],
        ['error_code=no%20such%20code', 'error_code'],
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
}
