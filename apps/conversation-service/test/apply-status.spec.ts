import type { StatusEvent } from '@switchboard/contracts';
import { getMessage, listMessageEvents } from '@switchboard/conversation-queries';
import type { Db } from '@switchboard/db';
import { randomUUID } from 'node:crypto';
import { applyStatuses, sweepParkedStatuses } from '../src/handlers/apply-status.handler';
import { openTestDb, sendOne, smsCommand } from './fixtures';

function statusEvent(overrides: Partial<StatusEvent>): StatusEvent {
  return {
    event_id: randomUUID(),
    message_id: null,
    provider: 'twilio',
    provider_message_id: null,
    status: 'sent',
    error_code: null,
    error_message: null,
    occurred_at: new Date().toISOString(),
    source: 'webhook',
    generation: null,
    ...overrides,
  };
}

/** One event applied alone: a status group of one, as the consumer applies an event that arrives by itself. */
const applyOne = async (db: Db['db'], event: StatusEvent) =>
  (await applyStatuses(db, [event]))[0]!.outcome;

describe('applying status events (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  const send = () => sendOne({ db: database.db, partitions: 16 }, smsCommand(tenantId));
  const sidOf = () => `SM${randomUUID().replace(/-/g, '')}`;
  /** The provider's `delivered` callback, naming only its own id. */
  const deliveredCallback = (sid: string) =>
    applyOne(database.db, statusEvent({ provider_message_id: sid, status: 'delivered' }));
  /** Event ids parked for a provider id. */
  const parkedFor = async (sid: string) =>
    (
      await database.db
        .selectFrom('pending_status_events')
        .select('event_id')
        .where('provider_message_id', '=', sid)
        .execute()
    ).map((row) => row.event_id);

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(() => database.close());

  it('moves forward and records every step', async () => {
    const message = await send();
    const sid = sidOf();
    expect(
      await applyOne(
        database.db,
        statusEvent({ message_id: message.id, status: 'sending', provider: null }),
      ),
    ).toBe('applied');
    expect(
      await applyOne(
        database.db,
        statusEvent({ message_id: message.id, status: 'sent', provider_message_id: sid }),
      ),
    ).toBe('applied');
    // Later callbacks know only the provider's id.
    expect(
      await applyOne(database.db, statusEvent({ provider_message_id: sid, status: 'delivered' })),
    ).toBe('applied');

    const stored = await getMessage(database.db, { tenant_id: tenantId, id: message.id });
    expect(stored).toMatchObject({
      status: 'delivered',
      provider: 'twilio',
      provider_message_id: sid,
    });
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => e.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
  });

  it('records the sending step an outcome carries first, once, however often it is heard', async () => {
    const message = await send();
    const sid = sidOf();
    const step = {
      event_id: `${message.id}:sending`,
      occurred_at: new Date(Date.now() - 50).toISOString(),
    };
    const sent = statusEvent({
      message_id: message.id,
      status: 'sent',
      provider_message_id: sid,
      source: 'dispatcher',
      generation: 0,
      sending_step: step,
    });
    expect(await applyOne(database.db, sent)).toBe('applied');
    // The same step reported on its own (an attempt that also outlasted the report delay) and
    // the outcome redelivered: both recorded already.
    const alone = statusEvent({
      event_id: step.event_id,
      message_id: message.id,
      status: 'sending',
      provider: null,
      source: 'dispatcher',
      generation: 0,
    });
    expect(await applyOne(database.db, alone)).toBe('duplicate');
    expect(await applyOne(database.db, sent)).toBe('duplicate');

    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => [e.status, e.applied])).toEqual([
      ['queued', true],
      ['sending', true],
      ['sent', true],
    ]);
    expect(events.data[1]!.occurred_at).toBe(step.occurred_at);
    const stored = await getMessage(database.db, { tenant_id: tenantId, id: message.id });
    expect(stored).toMatchObject({ status: 'sent', provider_message_id: sid });
  });

  it('applies a folded step and its outcome in one group like two events', async () => {
    const message = await send();
    const sending = statusEvent({
      message_id: message.id,
      status: 'sending',
      provider: null,
      source: 'dispatcher',
    });
    const failed = statusEvent({
      message_id: message.id,
      status: 'failed',
      error_code: 'provider_error',
      source: 'dispatcher',
      sending_step: { event_id: sending.event_id, occurred_at: sending.occurred_at },
    });
    const outcomes = await applyStatuses(database.db, [sending, failed]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => e.status)).toEqual(['queued', 'sending', 'failed']);
  });

  it('records a late status without moving the message back', async () => {
    const message = await send();
    await applyOne(
      database.db,
      statusEvent({
        message_id: message.id,
        status: 'delivered',
        provider_message_id: `SM${randomUUID()}`,
      }),
    );
    expect(
      await applyOne(database.db, statusEvent({ message_id: message.id, status: 'sent' })),
    ).toBe('recorded');

    expect((await getMessage(database.db, { tenant_id: tenantId, id: message.id })).status).toBe(
      'delivered',
    );
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => [e.status, e.applied])).toEqual([
      ['queued', true],
      ['sending', true],
      ['delivered', true],
      ['sent', false],
    ]);
  });

  it("records sending first when the provider's callback overtakes the dispatcher's outcome", async () => {
    const message = await send();
    const sid = sidOf();
    const callback = statusEvent({
      message_id: message.id,
      status: 'sent',
      provider_message_id: sid,
    });
    expect(await applyOne(database.db, callback)).toBe('applied');
    // The dispatcher's outcome, with the step it folded in, arrives after the callback.
    const outcome = statusEvent({
      message_id: message.id,
      status: 'sent',
      provider_message_id: sid,
      source: 'dispatcher',
      generation: 0,
      sending_step: {
        event_id: `${message.id}:sending`,
        occurred_at: new Date(Date.now() - 50).toISOString(),
      },
    });
    expect(await applyOne(database.db, outcome)).toBe('recorded');

    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => [e.status, e.applied])).toEqual([
      ['queued', true],
      ['sending', true],
      ['sent', true],
      ['sent', false],
    ]);
    // The step was recorded once, under the dispatcher's own id for it.
    expect(events.data[1]!.occurred_at).toBe(callback.occurred_at);
  });

  it("implies no sending step from a dispatcher's own failure (nothing reached a provider)", async () => {
    const message = await send();
    const refused = statusEvent({
      message_id: message.id,
      status: 'failed',
      provider: null,
      error_code: 'recipient_opted_out',
      source: 'dispatcher',
      generation: 0,
    });
    expect(await applyOne(database.db, refused)).toBe('applied');
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => e.status)).toEqual(['queued', 'failed']);
  });

  it('applies the same event once', async () => {
    const message = await send();
    const event = statusEvent({
      message_id: message.id,
      status: 'failed',
      error_code: '30003',
      error_message: 'Unreachable',
    });
    expect(await applyOne(database.db, event)).toBe('applied');
    expect(await applyOne(database.db, event)).toBe('duplicate');
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.filter((e) => e.status === 'failed')).toHaveLength(1);
    expect(await getMessage(database.db, { tenant_id: tenantId, id: message.id })).toMatchObject({
      status: 'failed',
      error_code: '30003',
      error_message: 'Unreachable',
    });
  });

  it('parks a status for a provider id it does not know yet', async () => {
    const sid = sidOf();
    expect(await deliveredCallback(sid)).toBe('parked');
    expect(await parkedFor(sid)).toHaveLength(1);
  });

  it('applies, on the next sweep, a callback parked in the instant its message learnt the provider id', async () => {
    const message = await send();
    const sid = sidOf();
    expect(await deliveredCallback(sid)).toBe('parked');
    // The race: the provider id is committed without the parked callback being seen.
    await database.db
      .updateTable('messages')
      .set({ status: 'sent', provider: 'twilio', provider_message_id: sid })
      .where('id', '=', message.id)
      .execute();

    // (The database is shared: the sweep may also apply what other suites left parked.)
    const transitions: string[] = [];
    const swept = await sweepParkedStatuses(database.db, (t) => {
      if (t.message_id === message.id) transitions.push(t.status);
    });
    expect(swept).toBeGreaterThanOrEqual(1);
    expect(transitions).toEqual(['delivered']);
    expect((await getMessage(database.db, { tenant_id: tenantId, id: message.id })).status).toBe(
      'delivered',
    );
    expect(await parkedFor(sid)).toEqual([]);
  });

  describe('a group of events in one transaction', () => {
    const lifecycle = async (id: string) =>
      (await listMessageEvents(database.db, { tenant_id: tenantId, id })).data.map((e) => [
        e.status,
        e.applied,
      ]);

    it('applies a whole story of a message at once, callbacks included', async () => {
      const message = await send();
      const sid = sidOf();
      const results = await applyStatuses(database.db, [
        statusEvent({ message_id: message.id, status: 'sending', provider: null }),
        statusEvent({ message_id: message.id, status: 'sent', provider_message_id: sid }),
        // The provider's callbacks name only its id, learnt two events earlier in this group.
        statusEvent({ provider_message_id: sid, status: 'sent' }),
        statusEvent({ provider_message_id: sid, status: 'delivered' }),
      ]);
      expect(results).toEqual([
        { outcome: 'applied', message_id: message.id },
        { outcome: 'applied', message_id: message.id },
        { outcome: 'recorded', message_id: message.id },
        { outcome: 'applied', message_id: message.id },
      ]);
      expect(await getMessage(database.db, { tenant_id: tenantId, id: message.id })).toMatchObject({
        status: 'delivered',
        provider: 'twilio',
        provider_message_id: sid,
      });
      expect(await lifecycle(message.id)).toEqual([
        ['queued', true],
        ['sending', true],
        ['sent', true],
        ['sent', false],
        ['delivered', true],
      ]);
    });

    it('parks a callback that comes before the provider id, and applies it when the id arrives', async () => {
      const message = await send();
      const sid = sidOf();
      const results = await applyStatuses(database.db, [
        statusEvent({ provider_message_id: sid, status: 'delivered' }),
        statusEvent({
          message_id: message.id,
          status: 'sent',
          provider_message_id: sid,
          source: 'dispatcher',
          generation: 0,
        }),
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['parked', 'applied']);
      expect((await getMessage(database.db, { tenant_id: tenantId, id: message.id })).status).toBe(
        'delivered',
      );
      expect(await lifecycle(message.id)).toEqual([
        ['queued', true],
        ['sent', true],
        ['delivered', true],
      ]);
      expect(await parkedFor(sid)).toEqual([]);
    });

    it('applies an event given twice once, and keeps errors with the status they came with', async () => {
      const message = await send();
      const failed = statusEvent({
        message_id: message.id,
        status: 'failed',
        error_code: '30003',
        error_message: 'Unreachable',
      });
      const results = await applyStatuses(database.db, [failed, failed]);
      expect(results.map((r) => r.outcome)).toEqual(['applied', 'duplicate']);
      expect(await getMessage(database.db, { tenant_id: tenantId, id: message.id })).toMatchObject({
        status: 'failed',
        error_code: '30003',
        error_message: 'Unreachable',
      });
      // The provider's failure: it had the message, so its sending step is recorded first.
      expect(await lifecycle(message.id)).toEqual([
        ['queued', true],
        ['sending', true],
        ['failed', true],
      ]);
    });

    it('ends every message where applying the events one by one ends it', async () => {
      // Twin messages: the same story, in the same order, as one group and one event at a time.
      for (let round = 0; round < 5; round += 1) {
        const stories = await Promise.all(
          [0, 1, 2].map(async () => ({ grouped: await send(), alone: await send(), sid: sidOf() })),
        );
        const steps: ((m: { id: string }, sid: string) => Partial<StatusEvent>)[] = [
          (m) => ({ message_id: m.id, status: 'sending', provider: null }),
          (m, sid) => ({ message_id: m.id, status: 'sent', provider_message_id: sid }),
          (_m, sid) => ({ provider_message_id: sid, status: 'sent' }),
          (_m, sid) => ({ provider_message_id: sid, status: 'delivered' }),
          (m) => ({ message_id: m.id, status: 'sending', provider: null, generation: 0 }),
          (_m, sid) => ({ provider_message_id: sid, status: 'undelivered', error_code: '30005' }),
        ];
        // Every story's steps, interleaved in a different order each round.
        const order = stories
          .flatMap((story) => steps.map((step) => ({ story, step, key: Math.random() })))
          .sort((a, b) => a.key - b.key);
        const groupedEvents = order.map(({ story, step }) =>
          statusEvent(step(story.grouped, `${story.sid}-g`)),
        );
        const grouped = await applyStatuses(database.db, groupedEvents);
        const alone: string[] = [];
        for (const { story, step } of order) {
          alone.push(await applyOne(database.db, statusEvent(step(story.alone, `${story.sid}-a`))));
        }
        expect(grouped.map((r) => r.outcome)).toEqual(alone);
        for (const story of stories) {
          const [g, a] = await Promise.all(
            [story.grouped, story.alone].map((m) =>
              getMessage(database.db, { tenant_id: tenantId, id: m.id }),
            ),
          );
          expect({
            ...g,
            provider_message_id: null,
            id: null,
            conversation_id: null,
            created_at: null,
            updated_at: null,
          }).toEqual({
            ...a,
            provider_message_id: null,
            id: null,
            conversation_id: null,
            created_at: null,
            updated_at: null,
          });
          expect(await lifecycle(story.grouped.id)).toEqual(await lifecycle(story.alone.id));
        }
      }
    });
  });
});
