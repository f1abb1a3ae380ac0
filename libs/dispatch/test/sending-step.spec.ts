import { StatusEvent, Subjects, partitionOf, DispatchCommand } from '@switchboard/contracts';
import { createDb, type Db } from '@switchboard/db';
import { connectNats, publishEvent, type Nats } from '@switchboard/messaging';
import { consentCheck, senderCheck } from '@switchboard/tenancy';
import {
  eventually,
  freePort,
  startPrivateNats,
  testEnv,
  type PrivateNats,
} from '@switchboard/testing';
import { useLedgerDatabase } from './ledger-database';
import { recordingProvider, startSmsDispatcher } from './dispatcher-fixture';

const PARTITIONS = 4;

/**
 * A dispatcher's status events for one attempt, heard on a real JetStream: a provider answering
 * at once costs one event (`sent`, carrying its `sending` step); one slower than
 * `DISPATCH_SENDING_REPORT_MS` has `sending` reported on its own while the call is in progress.
 */
describe('the sending step of an attempt (JetStream)', () => {
  const { command } = useLedgerDatabase();
  let server: PrivateNats;
  let publisher: Nats;
  let checksDb: Db;
  const heard: StatusEvent[] = [];

  beforeAll(async () => {
    server = await startPrivateNats(await freePort(), { authorization: false });
    publisher = await connectNats({ url: server.url, name: 'sending-step-spec' });
    checksDb = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    const sub = publisher.nc.subscribe(Subjects.statusAll);
    void (async () => {
      for await (const m of sub) heard.push(StatusEvent.parse(m.json()));
    })();
  }, 30_000);
  afterAll(async () => {
    await publisher?.close();
    await checksDb?.close();
    await server?.destroy();
  });

  const startDispatcher = async (providerDelayMs: number, reportAfterMs: number) =>
    (
      await startSmsDispatcher({
        spec: 'sending-step-spec',
        natsUrl: server.url,
        partitions: PARTITIONS,
        providers: [recordingProvider('primary', providerDelayMs)],
        checks: {
          checkSender: senderCheck(checksDb.db, false),
          checkConsent: consentCheck(checksDb.db),
        },
        env: { DISPATCH_SENDING_REPORT_MS: String(reportAfterMs) },
      })
    ).service;

  /**
   * Dispatches a message and answers the status events heard about it once it is sent. The
   * report delay is far from the provider's on either side, so a busy machine does not blur them.
   */
  async function statusesOf(providerDelayMs: number, reportAfterMs: number) {
    const service = await startDispatcher(providerDelayMs, reportAfterMs);
    try {
      const cmd = await command();
      await publishEvent(
        publisher.js,
        DispatchCommand,
        Subjects.dispatch('sms', partitionOf(cmd.conversation_id, PARTITIONS)),
        cmd,
      );
      const mine = () => heard.filter((e) => e.message_id === cmd.message_id);
      await eventually(
        async () => mine(),
        (events) => events.some((e) => e.status === 'sent'),
        { what: 'the sent event', timeoutMs: 20_000, intervalMs: 20 },
      );
      return { cmd, events: mine() };
    } finally {
      await service.stop();
    }
  }

  it('folds the sending step into the outcome when the provider answers at once', async () => {
    const { cmd, events } = await statusesOf(0, 10_000);
    expect(events.map((e) => e.status)).toEqual(['sent']);
    expect(events[0]!.sending_step).toEqual({
      event_id: `${cmd.message_id}:sending`,
      occurred_at: expect.any(String),
    });
    expect(Date.parse(events[0]!.sending_step!.occurred_at)).toBeLessThanOrEqual(
      Date.parse(events[0]!.occurred_at),
    );
  }, 60_000);

  it('reports sending on its own while a slow provider call is in progress', async () => {
    const { cmd, events } = await statusesOf(3_000, 200);
    expect(events.map((e) => e.status)).toEqual(['sending', 'sent']);
    expect(events[0]!.event_id).toBe(`${cmd.message_id}:sending`);
    // Heard and acknowledged before the outcome: the outcome does not carry it again.
    expect(events[1]!.sending_step ?? null).toBeNull();
  }, 60_000);
});
