import type { StatusEvent } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { randomUUID } from 'node:crypto';
import { applyStatus } from '../src/handlers/apply-status.handler';
import { sendMessage } from '../src/handlers/send-message.handler';
import { getMessage, listMessageEvents } from '../src/queries/message.queries';
import { openTestDb, smsCommand } from './fixtures';

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

describe('applyStatus (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  const send = () => sendMessage({ db: database.db, partitions: 16 }, smsCommand(tenantId));

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(() => database.close());

  it('moves forward and records every step', async () => {
    const message = await send();
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    expect(
      await applyStatus(
        database.db,
        statusEvent({ message_id: message.id, status: 'sending', provider: null }),
      ),
    ).toBe('applied');
    expect(
      await applyStatus(
        database.db,
        statusEvent({ message_id: message.id, status: 'sent', provider_message_id: sid }),
      ),
    ).toBe('applied');
    // Later callbacks know only the provider's id.
    expect(
      await applyStatus(
        database.db,
        statusEvent({ provider_message_id: sid, status: 'delivered' }),
      ),
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

  it('records a late status without moving the message back', async () => {
    const message = await send();
    await applyStatus(
      database.db,
      statusEvent({
        message_id: message.id,
        status: 'delivered',
        provider_message_id: `SM${randomUUID()}`,
      }),
    );
    expect(
      await applyStatus(database.db, statusEvent({ message_id: message.id, status: 'sent' })),
    ).toBe('recorded');

    expect((await getMessage(database.db, { tenant_id: tenantId, id: message.id })).status).toBe(
      'delivered',
    );
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.map((e) => [e.status, e.applied])).toEqual([
      ['queued', true],
      ['delivered', true],
      ['sent', false],
    ]);
  });

  it('applies the same event once', async () => {
    const message = await send();
    const event = statusEvent({
      message_id: message.id,
      status: 'failed',
      error_code: '30003',
      error_message: 'Unreachable',
    });
    expect(await applyStatus(database.db, event)).toBe('applied');
    expect(await applyStatus(database.db, event)).toBe('duplicate');
    const events = await listMessageEvents(database.db, { tenant_id: tenantId, id: message.id });
    expect(events.data.filter((e) => e.status === 'failed')).toHaveLength(1);
    expect(await getMessage(database.db, { tenant_id: tenantId, id: message.id })).toMatchObject({
      status: 'failed',
      error_code: '30003',
      error_message: 'Unreachable',
    });
  });

  it('parks a status for a provider id it does not know yet', async () => {
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    expect(
      await applyStatus(
        database.db,
        statusEvent({ provider_message_id: sid, status: 'delivered' }),
      ),
    ).toBe('parked');
    const parked = await database.db
      .selectFrom('pending_status_events')
      .selectAll()
      .where('provider_message_id', '=', sid)
      .execute();
    expect(parked).toHaveLength(1);
  });
});
