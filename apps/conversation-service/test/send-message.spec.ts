import { Subjects, partitionOf } from '@switchboard/contracts';
import {
  getConversation,
  getMessage,
  listConversationMessages,
  listMessageEvents,
} from '@switchboard/conversation-queries';
import type { Db } from '@switchboard/db';
import { openTestDb, sendOne, smsCommand } from './fixtures';

const PARTITIONS = 16;

describe('sending one message (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(() => database.close());

  it('stores the message, its queued event and its dispatch command in one go', async () => {
    const message = await sendOne(
      { db: database.db, partitions: PARTITIONS },
      smsCommand(tenantId, { to: '+15550000001' }),
    );

    expect(message).toMatchObject({
      status: 'queued',
      direction: 'outbound',
      type: 'sms',
      from: '+15551234567',
      to: '+15550000001',
    });
    expect(await getMessage(database.db, { tenant_id: tenantId, id: message.id })).toEqual(message);

    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => e.status)).toEqual(['queued']);

    const outbox = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('msg_id', '=', message.id)
      .execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.subject).toBe(
      Subjects.dispatch('sms', partitionOf(message.conversation_id, PARTITIONS)),
    );
    expect(outbox[0]!.payload).toMatchObject({
      message_id: message.id,
      conversation_id: message.conversation_id,
      to: '+15550000001',
    });
    await database.db.deleteFrom('outbox').where('msg_id', '=', message.id).execute();
  });

  it('threads both directions between the same two participants into one conversation', async () => {
    const deps = { db: database.db, partitions: PARTITIONS };
    const first = await sendOne(
      deps,
      smsCommand(tenantId, { from: '+15551110000', to: '+15552220000', body: 'one' }),
    );
    const reply = await sendOne(
      deps,
      smsCommand(tenantId, { from: '+15552220000', to: '+15551110000', body: 'two' }),
    );
    const mms = await sendOne(
      deps,
      smsCommand(tenantId, {
        type: 'mms',
        from: '+15551110000',
        to: '+15552220000',
        body: 'three',
        attachments: ['https://example.com/a.png'],
      }),
    );
    const other = await sendOne(
      deps,
      smsCommand(tenantId, { from: '+15551110000', to: '+15553330000' }),
    );

    expect(reply.conversation_id).toBe(first.conversation_id);
    expect(mms.conversation_id).toBe(first.conversation_id);
    expect(other.conversation_id).not.toBe(first.conversation_id);

    const conversation = await getConversation(database.db, {
      tenant_id: tenantId,
      id: first.conversation_id,
    });
    expect(conversation.participants).toEqual(['+15551110000', '+15552220000']);
    expect(conversation.message_count).toBe(3);
    expect(conversation.last_message_preview).toBe('three');

    const page = await listConversationMessages(database.db, {
      tenant_id: tenantId,
      id: first.conversation_id,
      limit: 2,
    });
    expect(page.data.map((m) => m.body)).toEqual(['one', 'two']);
    const rest = await listConversationMessages(database.db, {
      tenant_id: tenantId,
      id: first.conversation_id,
      limit: 2,
      cursor: page.next_cursor!,
    });
    expect(rest.data.map((m) => m.body)).toEqual(['three']);
    expect(rest.next_cursor).toBeNull();
  });

  it('creates exactly one conversation when many sends race for it', async () => {
    const deps = { db: database.db, partitions: PARTITIONS };
    const sent = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendOne(
          deps,
          smsCommand(tenantId, { from: '+15554440000', to: '+15555550000', body: `m${i}` }),
        ),
      ),
    );
    expect(new Set(sent.map((m) => m.conversation_id)).size).toBe(1);
    const conversation = await getConversation(database.db, {
      tenant_id: tenantId,
      id: sent[0]!.conversation_id,
    });
    expect(conversation.message_count).toBe(20);
  });

  it('answers not found for another tenant', async () => {
    const message = await sendOne(
      { db: database.db, partitions: PARTITIONS },
      smsCommand(tenantId),
    );
    await expect(
      getMessage(database.db, { tenant_id: 'someone-else', id: message.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
