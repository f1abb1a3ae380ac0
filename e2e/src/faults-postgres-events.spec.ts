import { Streams, type MessagePage, type MessageResource } from '@switchboard/contracts';
import { createDb, migrateToLatest } from '@switchboard/db';
import { connectNats } from '@switchboard/messaging';
import { signTwilioRequest } from '@switchboard/providers';
import {
  createTestDatabase,
  eventually,
  startPrivatePostgres,
  type PrivatePostgres,
  type TestDatabase,
} from '@switchboard/testing';
import { startFaultStack, type FaultStack } from './support/fault-stack';
import { api, uniquePhone } from './api-client';

const TWILIO_TOKEN = 'sandbox-twilio-token';
const OUR_NUMBER = '+15551234567';
const CUSTOMERS = 6;
/**
 * The redelivery delay is capped this low so that the budget an event used to have (10
 * deliveries) runs out in about two seconds instead of minutes: the outage below outlasts it
 * several times over.
 */
const RETRY_ENV = { EVENT_RETRY_BASE_MS: '100', EVENT_RETRY_MAX_MS: '200' };
const OUTAGE_MS = 8_000;
/** conversation-service's durable consumers of status and inbound events. */
const EVENT_CONSUMERS = ['conversation-service-status', 'conversation-service-inbound'];

/**
 * Fault test: PostgreSQL goes down while customers' replies and delivery receipts keep coming
 * in. webhook-ingest (on a database of its own, as it owns its own schema) acknowledges them to
 * the provider once they are in JetStream; conversation-service cannot store them until the
 * database is back. What a user would notice: nothing is lost — after recovery every reply is in
 * its conversation and every receipt is applied, however long the outage lasted.
 */
describe('PostgreSQL down while events arrive', () => {
  let postgres: PrivatePostgres;
  let ingestDatabase: TestDatabase | undefined;
  let faults: FaultStack | undefined;
  let gateway: string;
  let sandbox: string;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    const database = createDb({ url: postgres.url, poolMax: 1 });
    await migrateToLatest(database.db).finally(() => database.close());
    faults = await startFaultStack({ databaseUrl: postgres.url, env: RETRY_ENV });
    ({ gateway, sandbox } = faults);
    ingestDatabase = await createTestDatabase();
    await faults.stack.restart('webhook-ingest', { DATABASE_URL: ingestDatabase.url });
  }, 180_000);
  afterAll(async () => {
    await faults?.stop();
    await ingestDatabase?.drop();
    await postgres?.destroy();
  });

  const twilioUrl = () => `${gateway}/api/v1/webhooks/twilio`;
  const postTwilio = async (params: Record<string, string>) =>
    (
      await fetch(twilioUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signTwilioRequest(TWILIO_TOKEN, twilioUrl(), params),
        },
        body: new URLSearchParams(params).toString(),
      })
    ).status;

  it('applies every receipt and stores every reply that arrived during the outage', async () => {
    const sent: MessageResource[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const accepted = await api<MessageResource>(gateway, 'POST', '/api/v1/messages/send', {
        from: OUR_NUMBER,
        to: uniquePhone(),
        body: `before the outage ${i}`,
      });
      expect(accepted.status).toBe(201);
      sent.push(
        await eventually(
          async () =>
            (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${accepted.body.id}`))
              .body,
          (m) => m.status === 'sent' && m.provider_message_id !== null,
          { what: `message ${i} sent`, timeoutMs: 60_000 },
        ),
      );
    }

    // How often conversation-service is handed events: read from the stack's own NATS server.
    const nats = await connectNats({
      url: faults!.stack.nats.url,
      name: 'outage-observer',
      ...faults!.stack.nats.credentials.admin,
    });
    const deliveries = async () => {
      let total = 0;
      for (const durable of EVENT_CONSUMERS) {
        total += (await nats.jsm.consumers.info(Streams.events.name, durable)).delivered
          .consumer_seq;
      }
      return total;
    };

    await postgres.stop();
    const deliveredBefore = await deliveries();

    // Receipts and replies arrive and are acknowledged to the provider: they are in JetStream.
    for (const [i, message] of sent.entries()) {
      expect(
        await postTwilio({
          MessageSid: message.provider_message_id!,
          MessageStatus: 'delivered',
          AccountSid: 'AC1',
          From: OUR_NUMBER,
          To: message.to,
        }),
      ).toBe(200);
      const inbound = await api<{ delivered: boolean; status: number }>(
        sandbox,
        'POST',
        '/sandbox/inbound',
        { channel: 'sms', from: message.to, to: OUR_NUMBER, body: `reply during the outage ${i}` },
      );
      expect(inbound.body).toMatchObject({ delivered: true, status: 200 });
    }
    // Far longer than the budget conversation-service used to give an event.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    // While the database is away conversation-service stops pulling: an event is handed to it
    // about once (the delivery that found the outage), not every 200 ms for the whole outage.
    const deliveredDuring = (await deliveries()) - deliveredBefore;
    await nats.close();
    expect(deliveredDuring).toBeLessThanOrEqual(3 * 2 * CUSTOMERS);
    await postgres.start();

    for (const [i, message] of sent.entries()) {
      await eventually(
        async () =>
          (await api<MessageResource>(gateway, 'GET', `/api/v1/messages/${message.id}`)).body,
        (m) => m?.status === 'delivered',
        { what: `the receipt of message ${i} applied`, timeoutMs: 60_000, intervalMs: 500 },
      );
      const thread = await eventually(
        async () =>
          (
            await api<MessagePage>(
              gateway,
              'GET',
              `/api/v1/conversations/${message.conversation_id}/messages`,
            )
          ).body,
        (page) => page?.data?.some((m) => m.direction === 'inbound') ?? false,
        { what: `the reply of customer ${i} in its conversation`, timeoutMs: 60_000 },
      );
      expect(
        thread.data.filter((m) => m.direction === 'inbound').map((m) => [m.from, m.body]),
      ).toEqual([[message.to, `reply during the outage ${i}`]]);
    }
  }, 300_000);
});
