import { randomUUID } from 'node:crypto';
import { ClientEvent, Streams, type StatusEvent } from '@switchboard/contracts';
import { getMessage } from '@switchboard/conversation-queries';
import type { Db } from '@switchboard/db';
import { connectNats, ensureStreams, type Nats } from '@switchboard/messaging';
import { createLogger } from '@switchboard/observability';
import { testEnv } from '@switchboard/testing';
import { applyStatuses } from '../src/handlers/apply-status.handler';
import { recordInbound } from '../src/handlers/record-inbound.handler';
import { createOutboxRelay } from '../src/outbox-relay';
import { newTestTenant, openTestDb, sendOne, smsCommand } from './fixtures';

const number = (() => {
  const base = Math.floor(Math.random() * 900) * 10_000;
  return (n: number) => `+1556${String(base + n).padStart(7, '0')}`;
})();

const statusEvent = (overrides: Partial<StatusEvent>): StatusEvent => ({
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
});

describe('client events (PostgreSQL outbox, JetStream)', () => {
  let database: Db;
  let tenantId: string;
  const deps = () => ({ db: database.db, partitions: 16 });

  /** The client events of a tenant waiting in the outbox, in commit order, parsed. */
  const pending = async (tenant = tenantId): Promise<ClientEvent[]> => {
    const rows = await database.db
      .selectFrom('outbox')
      .select(['subject', 'msg_id', 'payload'])
      .where('subject', 'like', `clientevents.${tenant}.%`)
      .orderBy('id')
      .execute();
    return rows.map((row) => {
      const event = ClientEvent.parse(row.payload);
      expect(row.msg_id).toBe(event.id);
      expect(row.subject).toBe(`clientevents.${tenant}.${event.type}`);
      return event;
    });
  };

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
  });
  afterAll(() => database.close());

  it('a send that opens a conversation announces it once; the next send in it does not', async () => {
    const tenant = await newTestTenant(database);
    const cmd = smsCommand(tenant, { from: number(1), to: number(2) });
    const first = await sendOne(deps(), cmd);
    await sendOne(deps(), cmd);
    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['conversation.created']);
    const [created] = events;
    expect(created).toMatchObject({
      tenant_id: tenant,
      data: { conversation: { id: first.conversation_id, participants: [number(1), number(2)] } },
    });
  });

  it('each applied status change is a message.status event carrying the message; failures also message.failed', async () => {
    const tenant = await newTestTenant(database);
    const message = await sendOne(deps(), smsCommand(tenant, { from: number(3), to: number(4) }));
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    await applyStatuses(database.db, [
      statusEvent({ message_id: message.id, status: 'sending', provider: null }),
    ]);
    await applyStatuses(database.db, [
      statusEvent({ message_id: message.id, status: 'sent', provider_message_id: sid }),
      statusEvent({
        provider_message_id: sid,
        status: 'undelivered',
        error_code: '30003',
        error_message: 'Unreachable destination handset',
      }),
    ]);
    // A late `sent` changes nothing, so it tells the client nothing.
    await applyStatuses(database.db, [
      statusEvent({ message_id: message.id, status: 'sent', provider_message_id: sid }),
    ]);
    const events = (await pending(tenant)).filter((e) => e.type !== 'conversation.created');
    expect(events.map((e) => e.type)).toEqual([
      'message.status',
      'message.status',
      'message.status',
      'message.failed',
    ]);
    const data = events.map((e) =>
      e.type === 'message.status' || e.type === 'message.failed' ? e.data : null,
    );
    expect(data.map((d) => d?.status)).toEqual(['sending', 'sent', 'undelivered', 'undelivered']);
    expect(data[2]).toMatchObject({
      provider: 'twilio',
      provider_code: '30003',
      provider_message: 'Unreachable destination handset',
      message: { id: message.id, status: 'undelivered', provider_message_id: sid },
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    // The last change's events carry the message exactly as stored by it.
    const stored = await getMessage(database.db, { tenant_id: tenant, id: message.id });
    expect(data[3]?.message).toEqual(stored);
  });

  it('an inbound message is message.received (after conversation.created when it opens one), once', async () => {
    const tenant = await newTestTenant(database);
    const inbound = {
      event_id: `inbound-${randomUUID()}`,
      provider: 'twilio',
      provider_message_id: `SM${randomUUID().replace(/-/g, '')}`,
      type: 'sms' as const,
      from: number(5),
      to: number(6),
      subject: null,
      body: 'Hi there',
      attachments: [],
      received_at: new Date().toISOString(),
    };
    expect(await recordInbound(database.db, tenant, inbound)).toBe('stored');
    expect(await recordInbound(database.db, tenant, inbound)).toBe('duplicate');
    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['conversation.created', 'message.received']);
    expect(events[1]).toMatchObject({
      tenant_id: tenant,
      data: { message: { direction: 'inbound', status: 'received', body: 'Hi there' } },
    });
  });

  describe('relayed to JetStream', () => {
    let nats: Nats;
    beforeAll(async () => {
      nats = await connectNats({ url: testEnv().natsUrl, name: 'client-events-spec' });
      await ensureStreams(nats.jsm);
    });
    afterAll(() => nats.close());

    it('the relay publishes each event on the tenant subject of the client events stream, once', async () => {
      const tenant = await newTestTenant(database);
      await sendOne(deps(), smsCommand(tenant, { from: number(7), to: number(8) }));
      const [event] = await pending(tenant);
      const relay = createOutboxRelay({
        db: database.db,
        js: nats.js,
        log: createLogger({ service: 'client-events-spec', level: 'silent' }),
        batchSize: 500,
        pollMs: 60_000,
      });
      await relay.flush();
      expect(await pending(tenant)).toEqual([]);
      const stored = await nats.jsm.streams.getMessage(Streams.clientEvents.name, {
        last_by_subj: `clientevents.${tenant}.conversation.created`,
      });
      expect(ClientEvent.parse(stored!.json())).toEqual(event);
      // The same event again (a re-publish after a crash) is dropped by the server.
      const again = await nats.js.publish(stored!.subject, stored!.data, { msgID: event!.id });
      expect(again.duplicate).toBe(true);
    });

    it('a relay whose NATS connection is down leaves the outbox to another replica', async () => {
      const tenant = await newTestTenant(database);
      await sendOne(deps(), smsCommand(tenant, { from: number(9), to: number(10) }));
      const relay = (connected: boolean) =>
        createOutboxRelay({
          db: database.db,
          js: nats.js,
          log: createLogger({ service: 'client-events-spec', level: 'silent' }),
          batchSize: 500,
          pollMs: 60_000,
          connected: () => connected,
        });
      await relay(false).flush();
      expect(await pending(tenant)).toHaveLength(1);
      await relay(true).flush();
      expect(await pending(tenant)).toEqual([]);
    });
  });
});
