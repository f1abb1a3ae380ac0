import { randomBytes } from 'node:crypto';
import type { MessageResource, Problem, SearchResult } from '@switchboard/contracts';
import { api, uniqueEmail, uniquePhone } from '../api-client';
import type { ReadingStack } from './reading-stack';

/** Full-text search over a tenant's conversations. */
export function describeSearch(suite: ReadingStack): void {
  describe('POST /api/v1/conversations/search', () => {
    it('finds the conversation of a word, with the messages that contain it', async () => {
      const { gateway, send } = suite;
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
      const { gateway, send } = suite;
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

    it('answers matches too large for one reply with the newest of each conversation first', async () => {
      const { gateway, send } = suite;
      const word = `numbat${randomBytes(4).toString('hex')}`;
      // Each email weighs 200 KB as JSON: the answer carries two of the four.
      const large = async (to: string) =>
        send({
          from: 'digest@switchboard.test',
          to,
          subject: `About ${word}`,
          body: `${word} ${'lorem '.repeat(33_333)}`,
        });
      const first = uniqueEmail('First');
      const second = uniqueEmail('Second');
      await large(first);
      await large(second);
      const newer = [await large(first), await large(second)];

      const res = await api<SearchResult>(gateway, 'POST', '/api/v1/conversations/search', {
        query: word,
      });
      expect(res.status).toBe(200);
      expect(res.body.data.map((hit) => hit.conversation.id)).toEqual([
        newer[1]!.conversation_id,
        newer[0]!.conversation_id,
      ]);
      // Each conversation's newest match before any conversation's second.
      expect(res.body.data.map((hit) => hit.messages.map((m) => m.id))).toEqual([
        [newer[1]!.id],
        [newer[0]!.id],
      ]);
    });

    it('answers an empty list for a word that is nowhere', async () => {
      const { gateway } = suite;
      const res = await api<SearchResult>(gateway, 'POST', '/api/v1/conversations/search', {
        query: `absent${randomBytes(6).toString('hex')}`,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: [] });
    });

    it('refuses an empty query', async () => {
      const { gateway } = suite;
      const res = await api<Problem>(gateway, 'POST', '/api/v1/conversations/search', {
        query: '  ',
      });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.field)).toEqual(['query']);
    });
  });
}
