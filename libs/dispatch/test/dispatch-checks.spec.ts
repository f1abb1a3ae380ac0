import type { ConsentCheck, DispatchCommand, SenderCheck } from '@switchboard/contracts';
import {
  Subjects,
  partitionOf,
  DispatchCommand as DispatchCommandSchema,
} from '@switchboard/contracts';
import { createDb, sql, type Db } from '@switchboard/db';
import { connectNats, publishEvent, type Nats } from '@switchboard/messaging';
import { claimAddress, consentCheck, senderCheck, suppress } from '@switchboard/tenancy';
import {
  eventually,
  freePort,
  startPrivateNats,
  testEnv,
  type PrivateNats,
} from '@switchboard/testing';
import { TENANT, useLedgerDatabase } from './ledger-database';
import { recordingProvider, startSmsDispatcher } from './dispatcher-fixture';

/** Short enough that a check blocked by a lock fails at once, long enough for a free one. */
const CHECK_STATEMENT_TIMEOUT_MS = 500;
const PARTITIONS = 4;

/** The checks as given, remembering what each call threw. */
function observed(checks: { checkSender: SenderCheck; checkConsent: ConsentCheck }) {
  const errors: unknown[] = [];
  const watch =
    <A extends unknown[], R>(check: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await check(...args);
      } catch (err) {
        errors.push(err);
        throw err;
      }
    };
  return {
    errors,
    checks: { checkSender: watch(checks.checkSender), checkConsent: watch(checks.checkConsent) },
  };
}

/**
 * The sender and consent checks against real PostgreSQL, run by a real dispatcher over a
 * JetStream of its own: a database that cannot answer is the dispatcher's own trouble — no
 * provider is blamed for it (no circuit opens, no failover) and the message goes out once the
 * database answers again — while a definite no fails the message without any provider call.
 */
describe('sender and consent checks at dispatch (PostgreSQL, JetStream)', () => {
  const { database, command } = useLedgerDatabase();
  let server: PrivateNats;
  let publisher: Nats;
  let checksDb: Db;
  let lockDb: Db;

  beforeAll(async () => {
    server = await startPrivateNats(await freePort(), { authorization: false });
    publisher = await connectNats({ url: server.url, name: 'dispatch-checks-spec' });
    checksDb = createDb({
      url: testEnv().databaseUrl,
      poolMax: 2,
      statementTimeoutMs: CHECK_STATEMENT_TIMEOUT_MS,
    });
    lockDb = createDb({ url: testEnv().databaseUrl, poolMax: 1 });
  }, 30_000);
  afterAll(async () => {
    await publisher?.close();
    await checksDb?.close();
    await lockDb?.close();
    await server?.destroy();
  });

  /** A dispatcher of the SMS channel over two recording providers, started. */
  async function startDispatcher(checks: { checkSender: SenderCheck; checkConsent: ConsentCheck }) {
    const primary = recordingProvider('primary');
    const secondary = recordingProvider('secondary');
    const { service, metrics } = await startSmsDispatcher({
      spec: 'dispatch-checks-spec',
      natsUrl: server.url,
      partitions: PARTITIONS,
      providers: [primary, secondary],
      checks,
      env: { DISPATCH_RETRY_BASE_MS: '100', DISPATCH_RETRY_MAX_MS: '400' },
    });
    const metric = async (name: string) =>
      (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
    return { service, primary, secondary, metric };
  }

  const dispatch = async (cmd: DispatchCommand) =>
    publishEvent(
      publisher.js,
      DispatchCommandSchema,
      Subjects.dispatch('sms', partitionOf(cmd.conversation_id, PARTITIONS)),
      cmd,
    );

  const settled = (messageId: string) =>
    eventually(
      () =>
        database.db
          .selectFrom('dispatch_ledger')
          .select(['state', 'provider', 'last_error'])
          .where('message_id', '=', messageId)
          .executeTakeFirst(),
      (row) => row?.state === 'sent' || row?.state === 'failed',
      { what: 'the message settled', timeoutMs: 30_000, intervalMs: 50 },
    );

  it('retries a message whose checks could not reach the database, without blaming or leaving the provider, and sends it once', async () => {
    const watched = observed({
      checkSender: senderCheck(checksDb.db, false),
      checkConsent: consentCheck(checksDb.db),
    });
    const { service, primary, secondary, metric } = await startDispatcher(watched.checks);
    // The sender check reads tenant_addresses: while this lock is held it cannot answer, and the
    // database cancels it (statement timeout) — a real failure of our own database.
    let unlock = () => {};
    const unlocked = new Promise<void>((resolve) => (unlock = resolve));
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const lock = lockDb.db.transaction().execute(async (trx) => {
      await sql`lock table tenant_addresses in access exclusive mode`.execute(trx);
      locked();
      await unlocked;
    });
    try {
      await isLocked;
      const cmd = await command();
      await dispatch(cmd);
      await eventually(
        async () => watched.errors.length,
        (n) => n >= 1,
        { what: 'a check that failed', timeoutMs: 20_000, intervalMs: 20 },
      );
      unlock();
      await lock;

      const row = await settled(cmd.message_id);
      expect(row).toMatchObject({ state: 'sent', provider: 'primary' });
      expect(String(watched.errors[0])).toMatch(/statement timeout/);
      // Sent once, by the first provider; the second never heard of it.
      expect(primary.sent.map((c) => c.message_id)).toEqual([cmd.message_id]);
      expect(secondary.sent).toEqual([]);
      // No provider was blamed: every circuit closed, no failover, no provider error.
      expect(service.chain.circuits()).toEqual({ primary: 'closed', secondary: 'closed' });
      expect(service.chain.order()).toEqual(['primary', 'secondary']);
      expect(await metric('provider_failovers_total')).toEqual([]);
      expect(await metric('provider_errors_total')).toEqual([]);
      const unavailable = await metric('dispatch_checks_unavailable_total');
      expect(unavailable[0]?.value).toBeGreaterThanOrEqual(1);
    } finally {
      unlock();
      await lock.catch(() => undefined);
      await service.stop();
    }
  }, 60_000);

  it('fails a message whose recipient opted out, or whose sender is not the tenant’s, without any provider call', async () => {
    const { service, primary, secondary } = await startDispatcher({
      checkSender: senderCheck(checksDb.db, true),
      checkConsent: consentCheck(checksDb.db),
    });
    try {
      const unclaimed = await command();
      await dispatch(unclaimed);
      expect(await settled(unclaimed.message_id)).toMatchObject({
        state: 'failed',
        provider: null,
        last_error: expect.stringMatching(/^sender_not_claimed from /),
      });

      const number = `+1555${String(Date.now()).slice(-7)}`;
      await claimAddress(database.db, { tenantId: TENANT, address: number });
      const optedOut = await command({ from: number });
      await suppress(database.db, {
        tenantId: TENANT,
        channel: 'phone',
        address: optedOut.to,
        sender: number,
        reason: 'opt_out',
        actor: 'recipient',
      });
      await dispatch(optedOut);
      expect(await settled(optedOut.message_id)).toMatchObject({
        state: 'failed',
        provider: null,
        last_error: expect.stringMatching(/^recipient_opted_out /),
      });

      expect([...primary.sent, ...secondary.sent]).toEqual([]);
      expect(service.chain.circuits()).toEqual({ primary: 'closed', secondary: 'closed' });
    } finally {
      await service.stop();
    }
  }, 60_000);
});
