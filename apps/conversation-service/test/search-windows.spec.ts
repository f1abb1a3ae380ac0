import { searchConversations } from '@switchboard/conversation-queries';
import { sql, type Db } from '@switchboard/db';
import { sendBatch } from '../src/handlers/send-batch.handler';
import { newTestTenant, openTestDb, smsCommand } from './fixtures';

const MESSAGES = 1_200;
const CONVERSATIONS = 60;
const PAGE = 20;

/**
 * Search answers the same whichever way it finds the conversations — the newest 500 messages
 * (a common word), the newest 5,000 (a word a glance finds a few times), or every match through
 * the full-text index (a rare word) — as grouping all matches by their newest would.
 */
describe('search: the newest matching conversations, by any path (PostgreSQL)', () => {
  let database: Db;
  let tenant: string;

  /**
   * The words of message `i` (0 oldest), each found by another path: `common` in the newest 500;
   * `sometimes` (every 31st: 16 conversations there, 38 in all) in the newest 5,000; `scarce`
   * (a few in the newest 500, too few conversations anywhere) and `rare` (none in the newest 500)
   * by grouping every match.
   */
  const bodyOf = (i: number) =>
    [
      'common',
      i % 31 === 0 ? 'sometimes' : 'filler',
      i < 30 && i % 7 === 0 ? 'rare' : 'plain',
      i === MESSAGES - 3 || i % 97 === 0 ? 'scarce' : 'other',
    ].join(' ');

  beforeAll(async () => {
    ({ database } = await openTestDb());
    tenant = await newTestTenant(database);
    // One message per transaction, so each has a time of its own (a batch shares one).
    for (let i = 0; i < MESSAGES; i += 1) {
      const [outcome] = await sendBatch({ db: database.db, partitions: 16 }, [
        {
          cmd: smsCommand(tenant, {
            to: `+1555200${String(i % CONVERSATIONS).padStart(4, '0')}`,
            body: bodyOf(i),
          }),
        },
      ]);
      expect(outcome?.ok).toBe(true);
    }
  }, 120_000);
  afterAll(() => database.close());

  /** Every match, newest first, by conversation: what any path must answer. */
  const grouped = async (word: string) => {
    const { rows } = await sql<{ conversation_id: string }>`
      select conversation_id from messages
       where tenant_id = ${tenant} and search @@ websearch_to_tsquery('simple', ${word})
       order by created_at desc, id desc`.execute(database.db);
    return [...new Set(rows.map((r) => r.conversation_id))].slice(0, PAGE);
  };

  it.each(['common', 'sometimes', 'scarce', 'rare'])(
    'finds "%s" as grouping every match does',
    async (word) => {
      const expected = await grouped(word);
      expect(expected.length).toBeGreaterThan(0);
      const found = await searchConversations(database.db, {
        tenant_id: tenant,
        query: word,
        limit: PAGE,
      });
      expect(found.data.map((r) => r.conversation.id)).toEqual(expected);
      for (const result of found.data) {
        expect(result.messages.length).toBeGreaterThan(0);
        for (const message of result.messages) expect(message.body).toContain(word);
      }
    },
  );
});
