import { randomUUID } from 'node:crypto';
import {
  AppError,
  ClientEvent,
  Streams,
  type InboundMessageEvent,
  type StatusEvent,
} from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { connectNats, ensureStreams, type Nats } from '@switchboard/messaging';
import { createLogger } from '@switchboard/observability';
import { setConsentSettings, suppress } from '@switchboard/tenancy';
import { testEnv } from '@switchboard/testing';
import { answerConsentKeyword } from '../src/handlers/consent-keyword.handler';
import { receiveInbound } from '../src/handlers/receive-inbound.handler';
import { recordRecipientSignal } from '../src/handlers/recipient-signal.handler';
import type { SendBatchDeps } from '../src/handlers/send-batch.handler';
import { addSuppression, removeSuppression } from '../src/handlers/suppressions.handler';
import { createOutboxRelay } from '../src/outbox-relay';
import { newTestTenant, openTestDb, sendOne, smsCommand } from './fixtures';

let numbers = 0;
/** A phone number no other test of this run uses. */
const newNumber = () =>
  `+1557${String(Date.now() % 1000).padStart(3, '0')}${String(numbers++).padStart(4, '0')}`;

describe('consent client events (PostgreSQL outbox, JetStream)', () => {
  let database: Db;
  let send: SendBatchDeps;

  beforeAll(async () => {
    ({ database } = await openTestDb());
    send = { db: database.db, partitions: 16 };
  });
  afterAll(() => database.close());

  /** The consent client events of a tenant waiting in the outbox, in commit order, parsed. */
  const pending = async (tenant: string): Promise<ClientEvent[]> => {
    const rows = await database.db
      .selectFrom('outbox')
      .select(['subject', 'msg_id', 'payload'])
      .where('subject', 'like', `clientevents.${tenant}.%`)
      .orderBy('id')
      .execute();
    return rows
      .map((row) => {
        const event = ClientEvent.parse(row.payload);
        expect(row.msg_id).toBe(event.id);
        expect(row.subject).toBe(`clientevents.${tenant}.${event.type}`);
        return event;
      })
      .filter(
        (event) => event.type.startsWith('recipient.') || event.type.startsWith('suppression.'),
      );
  };

  const inbound = (from: string, to: string, body: string): InboundMessageEvent => ({
    event_id: `test:${randomUUID()}`,
    provider: 'twilio',
    provider_message_id: `SM${randomUUID().replaceAll('-', '')}`,
    type: 'sms',
    from,
    to,
    subject: null,
    body,
    attachments: [],
    received_at: new Date().toISOString(),
  });

  /** The recipient texts `body` to the tenant's number; answers the stored inbound message id. */
  async function text(tenant: string, event: InboundMessageEvent): Promise<string> {
    await receiveInbound({ db: database.db, unclaimedOwner: tenant }, event);
    await answerConsentKeyword({ send }, tenant, event);
    const row = await database.db
      .selectFrom('message_events')
      .select('message_id')
      .where('event_id', '=', event.event_id)
      .executeTakeFirstOrThrow();
    return row.message_id;
  }

  it('STOP is one recipient.opted_out with the number, the sender and the inbound message; a repeated STOP is none', async () => {
    const tenant = await newTestTenant(database);
    const [ours, theirs] = [newNumber(), newNumber()];
    const stop = inbound(theirs, ours, 'STOP');
    const stopId = await text(tenant, stop);
    await text(tenant, stop); // the same message delivered again
    await text(tenant, inbound(theirs, ours, 'stop')); // and a second STOP

    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['recipient.opted_out']);
    expect(events[0]).toMatchObject({
      tenant_id: tenant,
      data: {
        phone_number: theirs,
        sender: ours,
        inbound_message_id: stopId,
        suppression: { channel: 'phone', address: theirs, sender: ours, reason: 'opt_out' },
      },
    });
  });

  it('START is one recipient.opted_in naming its own message; a START with no opt-out is none', async () => {
    const tenant = await newTestTenant(database);
    const [ours, theirs] = [newNumber(), newNumber()];
    await text(tenant, inbound(theirs, ours, 'START')); // nothing to lift
    expect(await pending(tenant)).toEqual([]);

    const stopId = await text(tenant, inbound(theirs, ours, 'STOP'));
    const startId = await text(tenant, inbound(theirs, ours, 'START'));
    await text(tenant, inbound(theirs, ours, 'UNSTOP')); // lifted already

    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['recipient.opted_out', 'recipient.opted_in']);
    expect(events[1]).toMatchObject({
      data: {
        phone_number: theirs,
        sender: ours,
        inbound_message_id: startId,
        suppression: { reason: 'opt_out', source: stopId },
      },
    });
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });

  it("a tenant-wide opt-out names no sender; another tenant's STOP is another tenant's event", async () => {
    const wide = await newTestTenant(database);
    const other = await newTestTenant(database);
    await setConsentSettings(database.db, wide, { optOutScope: 'tenant' });
    const [ours, theirs] = [newNumber(), newNumber()];
    await text(wide, inbound(theirs, ours, 'QUIT'));

    const [event] = await pending(wide);
    expect(event).toMatchObject({
      type: 'recipient.opted_out',
      tenant_id: wide,
      data: { phone_number: theirs, sender: null, suppression: { sender: null } },
    });
    expect(await pending(other)).toEqual([]);
  });

  it('a hard bounce is one suppression.created (reason, provider event); the next bounce is none', async () => {
    const tenant = await newTestTenant(database);
    const to = `bounce-${randomUUID()}@example.com`;
    const message = await sendOne(
      send,
      smsCommand(tenant, {
        type: 'email',
        from: 'news@shop.example.com',
        to,
        subject: 'Hello',
        encoding: null,
        segments: null,
      }),
    );
    const bounce = (): StatusEvent => ({
      event_id: `sendgrid:${randomUUID()}`,
      message_id: message.id,
      provider: 'sendgrid',
      provider_message_id: null,
      status: 'undelivered',
      error_code: '550',
      error_message: '5.1.1 The email account does not exist',
      occurred_at: new Date().toISOString(),
      source: 'webhook',
      generation: 0,
      recipient_signal: 'hard_bounce',
    });
    const signals = { db: database.db, softBounceLimit: 3, softBounceWindowMs: 60_000 };
    const first = bounce();
    await recordRecipientSignal(signals, first, message.id);
    await recordRecipientSignal(signals, bounce(), message.id);

    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['suppression.created']);
    expect(events[0]).toMatchObject({
      data: {
        suppression: {
          channel: 'email',
          address: to,
          sender: null,
          reason: 'hard_bounce',
          source: first.event_id,
          created_by: 'sendgrid',
        },
      },
    });
  });

  it('a manual entry is suppression.created; its removal one suppression.deleted saying who and why, once', async () => {
    const tenant = await newTestTenant(database);
    const address = `manual-${randomUUID()}@example.com`;
    const entry = { tenant_id: tenant, channel: 'email' as const, address, actor: 'key_1' };
    await addSuppression(database.db, { ...entry, note: 'asked by phone' });
    await addSuppression(database.db, { ...entry, note: 'asked again' });
    await removeSuppression(database.db, {
      tenant_id: tenant,
      address,
      actor: 'key_2',
      reason: 'consent given',
    });
    await expect(
      removeSuppression(database.db, { tenant_id: tenant, address, actor: 'key_2', reason: 'x' }),
    ).rejects.toBeInstanceOf(AppError);

    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['suppression.created', 'suppression.deleted']);
    expect(events[0]).toMatchObject({
      data: { suppression: { reason: 'manual', note: 'asked by phone', created_by: 'key_1' } },
    });
    expect(events[1]).toMatchObject({
      data: {
        suppression: { address, reason: 'manual', created_by: 'key_1' },
        deleted_by: 'key_2',
        note: 'consent given',
      },
    });
  });

  it("the tenant removing a recipient's opt-out is suppression.deleted, not the recipient's opt-in", async () => {
    const tenant = await newTestTenant(database);
    const [ours, theirs] = [newNumber(), newNumber()];
    await text(tenant, inbound(theirs, ours, 'STOP'));
    await removeSuppression(database.db, {
      tenant_id: tenant,
      address: theirs,
      actor: 'key_3',
      reason: 'written consent',
    });
    const events = await pending(tenant);
    expect(events.map((e) => e.type)).toEqual(['recipient.opted_out', 'suppression.deleted']);
    expect(events[1]).toMatchObject({
      data: { suppression: { reason: 'opt_out' }, deleted_by: 'key_3', note: 'written consent' },
    });
  });

  it('an entry whose transaction rolls back leaves no event behind', async () => {
    const tenant = await newTestTenant(database);
    const address = `rollback-${randomUUID()}@example.com`;
    await expect(
      database.db.transaction().execute(async (trx) => {
        await suppress(trx, {
          tenantId: tenant,
          channel: 'email',
          address,
          reason: 'manual',
          actor: 'key_4',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pending(tenant)).toEqual([]);
    const rows = await database.db
      .selectFrom('suppressions')
      .select('id')
      .where('tenant_id', '=', tenant)
      .execute();
    expect(rows).toEqual([]);
  });

  describe('relayed to JetStream', () => {
    let nats: Nats;
    beforeAll(async () => {
      nats = await connectNats({ url: testEnv().natsUrl, name: 'consent-client-events-spec' });
      await ensureStreams(nats.jsm);
    });
    afterAll(() => nats.close());

    it('the relay publishes recipient.opted_out on the tenant subject of the client events stream', async () => {
      const tenant = await newTestTenant(database);
      const [ours, theirs] = [newNumber(), newNumber()];
      await text(tenant, inbound(theirs, ours, 'STOP'));
      const [event] = await pending(tenant);
      const relay = createOutboxRelay({
        db: database.db,
        js: nats.js,
        log: createLogger({ service: 'consent-client-events-spec', level: 'silent' }),
        batchSize: 500,
        pollMs: 60_000,
      });
      await relay.flush();
      expect(await pending(tenant)).toEqual([]);
      const stored = await nats.jsm.streams.getMessage(Streams.clientEvents.name, {
        last_by_subj: `clientevents.${tenant}.recipient.opted_out`,
      });
      expect(ClientEvent.parse(stored!.json())).toEqual(event);
    });
  });
});
