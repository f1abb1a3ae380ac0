import { randomUUID } from 'node:crypto';
import { getConversation, getMessage, listMessageEvents } from '@switchboard/conversation-queries';
import { sql, type Db } from '@switchboard/db';
import { claimAddress } from '@switchboard/tenancy';
import { sendBatch, type SendOutcome } from '../src/handlers/send-batch.handler';
import { newTestTenant, openTestDb, smsCommand } from './fixtures';

const PARTITIONS = 16;

describe('sendBatch (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  /** Numbers of this run only, so reruns against one database never meet. */
  const number = (() => {
    const base = Math.floor(Math.random() * 900) * 10_000;
    return (n: number) => `+1555${String(base + n).padStart(7, '0')}`;
  })();

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(() => database.close());

  const deps = () => ({ db: database.db, partitions: PARTITIONS });

  it('stores every message with its queued event and dispatch command, answering in order', async () => {
    const commands = [1, 2, 3].map((n) =>
      smsCommand(tenantId, {
        from: number(0),
        to: number(n),
        body: `bulk ${n}`,
        metadata: { n, tags: ['bulk'] },
        timestamp: '2026-11-27T10:00:00.123+02:00',
        ...(n === 2
          ? { type: 'mms' as const, attachments: ['https://media.example.com/cat.png'] }
          : {}),
      }),
    );
    const outcomes = await sendBatch(
      deps(),
      commands.map((cmd) => ({ cmd })),
    );

    expect(outcomes.map((o) => o.ok && o.message.body)).toEqual(['bulk 1', 'bulk 2', 'bulk 3']);
    const ids = outcomes.map((o) => (o.ok ? o.message.id : ''));
    for (const [i, id] of ids.entries()) {
      const events = await listMessageEvents(database.db, { tenant_id: tenantId, id });
      expect(events.data.map((e) => e.status)).toEqual(['queued']);
      // The answer is the message exactly as stored (it is built, not read back).
      const outcome = outcomes[i]!;
      expect(outcome.ok && outcome.message).toEqual(
        await getMessage(database.db, { tenant_id: tenantId, id }),
      );
    }
    const outbox = await database.db
      .selectFrom('outbox')
      .select(['msg_id', 'payload'])
      .where('msg_id', 'in', ids)
      .execute();
    expect(outbox.map((row) => row.msg_id).sort()).toEqual([...ids].sort());
    await database.db.deleteFrom('outbox').where('msg_id', 'in', ids).execute();
  });

  it("numbers one conversation's messages in input order, after those it already had", async () => {
    const to = number(10);
    const [earlier] = await sendBatch(deps(), [
      { cmd: smsCommand(tenantId, { from: number(0), to, body: 'first' }) },
    ]);
    const outcomes = await sendBatch(
      deps(),
      ['second', 'elsewhere', 'third'].map((body) => ({
        cmd: smsCommand(tenantId, {
          from: number(0),
          to: body === 'elsewhere' ? number(11) : to,
          body,
        }),
      })),
    );
    const rows = await database.db
      .selectFrom('messages')
      .select(['body', 'dispatch_seq', 'conversation_id'])
      .where('to_addr', '=', to)
      .where('tenant_id', '=', tenantId)
      .orderBy('dispatch_seq')
      .execute();
    expect(rows.map((r) => [r.body, r.dispatch_seq])).toEqual([
      ['first', 1],
      ['second', 2],
      ['third', 3],
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const conversation = await getConversation(database.db, {
      tenant_id: tenantId,
      id: earlier!.ok ? earlier!.message.conversation_id : '',
    });
    expect(conversation.message_count).toBe(3);
    expect(conversation.last_message_preview).toBe('third');
  });

  it('refuses a message from a sender another tenant owns, and stores the others', async () => {
    const owner = `test-${randomUUID()}`;
    await sql`insert into tenants (id, name) values (${owner}, 'owner')`.execute(database.db);
    const claimed = number(20);
    await claimAddress(database.db, { tenantId: owner, address: claimed });

    const outcomes = await sendBatch(deps(), [
      { cmd: smsCommand(tenantId, { from: number(0), to: number(21), body: 'ok' }) },
      { cmd: smsCommand(tenantId, { from: claimed, to: number(22), body: 'not ours' }) },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, message: { body: 'ok' } });
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: { code: 'validation_failed', fields: [{ field: 'from' }] },
    });
    const stored = await database.db
      .selectFrom('messages')
      .select('id')
      .where('from_addr', '=', claimed)
      .execute();
    expect(stored).toEqual([]);
  });

  it('answers a command whose idempotency key was used with the message stored under it', async () => {
    const key = `/api/v1/messages/send ${randomUUID()}`;
    const cmd = smsCommand(tenantId, { from: number(0), to: number(40), idempotency_key: key });
    const [first] = await sendBatch(deps(), [{ cmd }]);
    // The retry of a send whose answer was lost, next to a new message.
    const [again, other] = await sendBatch(deps(), [
      { cmd },
      { cmd: smsCommand(tenantId, { from: number(0), to: number(41) }) },
    ]);
    expect(first!.ok && again!.ok).toBe(true);
    expect(again).toEqual({ ...first, earlier: true });
    expect(other!.ok).toBe(true);
    const stored = await database.db
      .selectFrom('messages')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', key)
      .execute();
    expect(stored).toHaveLength(1);
    const outbox = await database.db
      .selectFrom('outbox')
      .select('msg_id')
      .where('msg_id', '=', stored[0]!.id)
      .execute();
    expect(outbox).toHaveLength(1);

    // The same key for a different message is refused, and nothing is stored for it.
    const [reused] = await sendBatch(deps(), [{ cmd: { ...cmd, body: 'something else' } }]);
    expect(reused).toMatchObject({ ok: false, error: { code: 'unprocessable' } });
    const underKey = await database.db
      .selectFrom('messages')
      .select('body')
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', key)
      .execute();
    expect(underKey.map((m) => m.body)).toEqual(['Hello']);
    // Keys are the tenant's own: another tenant's same key is another message.
    const otherTenant = await newTestTenant(database);
    const [theirs] = await sendBatch(deps(), [{ cmd: { ...cmd, tenant_id: otherTenant } }]);
    const idOf = (outcome: SendOutcome | undefined) => (outcome?.ok ? outcome.message.id : null);
    expect(idOf(theirs)).not.toBeNull();
    expect(idOf(theirs)).not.toBe(idOf(first));
    await database.db.deleteFrom('outbox').where('msg_id', '=', stored[0]!.id).execute();
  });

  it('refuses a key reused with other attachments or metadata, and accepts the same ones in any key order', async () => {
    const key = `/api/v1/messages/send ${randomUUID()}`;
    const cmd = smsCommand(tenantId, {
      from: number(0),
      to: number(43),
      type: 'mms',
      attachments: ['https://media.example.com/a.png'],
      metadata: { order: 42, tags: ['x'], nested: { a: 1, b: 2 } },
      idempotency_key: key,
    });
    const [first] = await sendBatch(deps(), [{ cmd }]);
    expect(first!.ok).toBe(true);

    const [again] = await sendBatch(deps(), [
      { cmd: { ...cmd, metadata: { nested: { b: 2, a: 1 }, tags: ['x'], order: 42 } } },
    ]);
    expect(again).toEqual({ ...first, earlier: true });

    const changed = [
      { ...cmd, attachments: ['https://media.example.com/b.png'] },
      { ...cmd, attachments: [...cmd.attachments, 'https://media.example.com/b.png'] },
      { ...cmd, metadata: { order: 43, tags: ['x'], nested: { a: 1, b: 2 } } },
      { ...cmd, metadata: null },
    ];
    const outcomes = await sendBatch(
      deps(),
      changed.map((c) => ({ cmd: c })),
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(
      changed.map(() => 'unprocessable'),
    );
    const underKey = await database.db
      .selectFrom('messages')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', key)
      .execute();
    expect(underKey).toHaveLength(1);
    await database.db.deleteFrom('outbox').where('msg_id', '=', underKey[0]!.id).execute();
  });

  it('stores one message when two sends with one key race', async () => {
    const key = `/api/v1/messages/send ${randomUUID()}`;
    const cmd = smsCommand(tenantId, { from: number(0), to: number(42), idempotency_key: key });
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => sendBatch(deps(), [{ cmd }])),
    );
    const ids = outcomes.flat().map((o) => (o.ok ? o.message.id : 'refused'));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBe('refused');
  });

  it('lets concurrent batches over the same conversations, in any order, all commit', async () => {
    const recipients = [30, 31, 32, 33].map(number);
    const batches = Array.from({ length: 8 }, (_, b) =>
      (b % 2 ? [...recipients].reverse() : recipients).map((to) => ({
        cmd: smsCommand(tenantId, { from: number(0), to, body: `batch ${b}` }),
      })),
    );
    const outcomes = (await Promise.all(batches.map((items) => sendBatch(deps(), items)))).flat();
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const conversations = await database.db
      .selectFrom('conversations')
      .select(['message_count', 'outbound_seq'])
      .where('tenant_id', '=', tenantId)
      .where('participant_b', 'in', recipients)
      .execute();
    expect(conversations.map((c) => [c.message_count, c.outbound_seq])).toEqual(
      recipients.map(() => [8, 8]),
    );
    // Every message of a conversation has its own place in the dispatch order.
    const seqs = await database.db
      .selectFrom('messages')
      .select(['to_addr', 'dispatch_seq'])
      .where('tenant_id', '=', tenantId)
      .where('to_addr', 'in', recipients)
      .execute();
    for (const to of recipients) {
      const own = seqs.filter((m) => m.to_addr === to).map((m) => m.dispatch_seq);
      expect(own.sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });
});
