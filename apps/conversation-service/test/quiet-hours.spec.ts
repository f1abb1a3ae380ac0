import type { StatusEvent } from '@switchboard/contracts';
import { listMessageEvents } from '@switchboard/conversation-queries';
import type { Db } from '@switchboard/db';
import { createLogger } from '@switchboard/observability';
import { applyStatuses } from '../src/handlers/apply-status.handler';
import { createStuckMessageSweeper } from '../src/stuck-message-sweeper';
import { openTestDb, sendOne, smsCommand } from './fixtures';

/** A dispatcher's report that it held a message for quiet hours until `until`. */
const held = (messageId: string, until: Date): StatusEvent => ({
  event_id: `${messageId}:held:${until.getTime()}`,
  message_id: messageId,
  provider: null,
  provider_message_id: null,
  status: 'queued',
  error_code: null,
  error_message: `held for the tenant's quiet hours until ${until.toISOString()}`,
  occurred_at: new Date().toISOString(),
  source: 'dispatcher',
  generation: 0,
  provider_status: 'held',
  hold_until: until.toISOString(),
});

describe('messages held for quiet hours (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(async () => {
    await database.close();
  });

  const sweeper = () =>
    createStuckMessageSweeper({
      db: database.db,
      log: createLogger({ service: 'quiet-hours-spec', level: 'silent' }),
      partitions: 16,
      // Everything queued counts as stuck at once: only a hold keeps a message from a re-drive.
      stuckAfterMs: 1,
      intervalMs: 60_000,
      batchSize: 1000,
    });
  const outboxOf = async (id: string) =>
    (
      await database.db
        .selectFrom('outbox')
        .select('msg_id')
        .where('msg_id', 'like', `${id}%`)
        .orderBy('id')
        .execute()
    ).map((r) => r.msg_id);
  const holdOf = async (id: string) =>
    (
      await database.db
        .selectFrom('messages')
        .select('hold_until')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).hold_until;

  it('keeps the hold with the message, leaves it and the messages behind it to wait, and dispatches it again once the hold ends', async () => {
    const deps = { db: database.db, partitions: 16 };
    const cmd = smsCommand(tenantId, { to: '+15557770001' });
    const first = await sendOne(deps, cmd);
    const second = await sendOne(deps, { ...cmd, body: 'second' });
    const until = new Date(Date.now() + 60 * 60_000);

    await applyStatuses(database.db, [held(first.id, until)]);
    expect(await holdOf(first.id)).toEqual(until);
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: first.id });
    expect(events.data.at(-1)).toMatchObject({
      status: 'queued',
      provider_status: 'held',
      applied: false,
    });

    await new Promise((r) => setTimeout(r, 5));
    const sweep = sweeper();
    await sweep.sweepOnce();
    expect(await outboxOf(first.id)).toEqual([first.id]);
    expect(await outboxOf(second.id)).toEqual([second.id]);
    expect(await sweep.releaseOnce()).toBe(0);

    // The hold ends: the message is dispatched again (once), and no longer held.
    await database.db
      .updateTable('messages')
      .set({ hold_until: new Date(Date.now() - 1000) })
      .where('id', '=', first.id)
      .execute();
    const ended = await holdOf(first.id);
    expect(await sweep.releaseOnce()).toBeGreaterThanOrEqual(1);
    expect(await outboxOf(first.id)).toEqual([
      first.id,
      `${first.id}:g0:release:${ended!.getTime()}`,
    ]);
    expect(await holdOf(first.id)).toBeNull();
    expect(await sweep.releaseOnce()).toBe(0);

    // The same hold heard again (a redelivery) does not hold it a second time.
    await applyStatuses(database.db, [held(first.id, until)]);
    expect(await holdOf(first.id)).toBeNull();
  });
});
