import { randomUUID } from 'node:crypto';
import { AppError, type StatusEvent } from '@switchboard/contracts';
import type { Db } from '@switchboard/db';
import { consentCheck } from '@switchboard/tenancy';
import {
  recordRecipientSignal,
  type RecipientSignalDeps,
} from '../src/handlers/recipient-signal.handler';
import type { SendBatchDeps } from '../src/handlers/send-batch.handler';
import { newTestTenant, openTestDb, sendOne, smsCommand } from './fixtures';

describe('email suppression from provider events (PostgreSQL)', () => {
  let database: Db;
  let tenantId: string;
  let send: SendBatchDeps;
  let signals: RecipientSignalDeps;
  const suppressed: string[] = [];

  beforeAll(async () => {
    ({ database, tenantId } = await openTestDb());
    send = { db: database.db, partitions: 16 };
    signals = {
      db: database.db,
      softBounceLimit: 3,
      softBounceWindowMs: 60_000,
      onSuppressed: (reason) => suppressed.push(reason),
    };
  });
  afterAll(() => database.close());

  const email = (tenant: string, to: string) =>
    sendOne(
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
  const event = (messageId: string, overrides: Partial<StatusEvent>): StatusEvent => ({
    event_id: `sendgrid:${randomUUID()}`,
    message_id: messageId,
    provider: 'sendgrid',
    provider_message_id: null,
    status: 'undelivered',
    error_code: '550',
    error_message: '5.1.1 The email account does not exist',
    occurred_at: new Date().toISOString(),
    source: 'webhook',
    generation: 0,
    ...overrides,
  });
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (err: unknown) => (err instanceof AppError ? err.code : err),
    );
  const newAddress = () => `${randomUUID()}@example.org`;

  it.each([
    ['hard_bounce', 'hard_bounce'],
    ['dropped', 'dropped'],
    ['spam_report', 'spam_report'],
    ['unsubscribe', 'unsubscribe'],
    ['group_unsubscribe', 'group_unsubscribe'],
  ] as const)('a %s suppresses the address for its tenant only', async (signal, reason) => {
    const to = newAddress();
    const first = await email(tenantId, to);
    const queued = await email(tenantId, to);
    const bounce = event(first.id, { recipient_signal: signal });
    expect(await recordRecipientSignal(signals, bounce, first.id)).toBe(reason);
    // The same event again changes nothing and is not counted again.
    const counted = suppressed.length;
    await recordRecipientSignal(signals, bounce, first.id);
    expect(suppressed).toHaveLength(counted);

    expect(await refusalOf(email(tenantId, to))).toBe('recipient_suppressed');
    expect(
      await consentCheck(database.db)({
        message_id: queued.id,
        tenant_id: tenantId,
        type: 'email',
        from: 'news@shop.example.com',
        to,
      }),
    ).toEqual({ code: 'recipient_suppressed', reason });
    const other = await newTestTenant(database);
    expect((await email(other, to)).status).toBe('queued');

    const row = await database.db
      .selectFrom('suppressions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('address', '=', to)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'email', sender: '', reason, source: bounce.event_id });
  });

  it('counts soft bounces and suppresses the address at the limit', async () => {
    const to = newAddress();
    const sent = await email(tenantId, to);
    const soft = () => event(sent.id, { recipient_signal: 'soft_bounce', error_code: '421' });
    expect(await recordRecipientSignal(signals, soft(), sent.id)).toBeUndefined();
    const repeated = soft();
    expect(await recordRecipientSignal(signals, repeated, sent.id)).toBeUndefined();
    // A redelivered event is one bounce, not two.
    expect(await recordRecipientSignal(signals, repeated, sent.id)).toBeUndefined();
    expect((await email(tenantId, to)).status).toBe('queued');
    expect(await recordRecipientSignal(signals, soft(), sent.id)).toBe('soft_bounces');
    expect(await refusalOf(email(tenantId, to))).toBe('recipient_suppressed');
  });

  it('suppresses on a permanent SMTP rejection of the mailbox, not on other SMTP failures', async () => {
    const [rejected, authFailed] = [newAddress(), newAddress()];
    const a = await email(tenantId, rejected);
    const b = await email(tenantId, authFailed);
    const smtp = (id: string, code: string) =>
      event(id, { source: 'dispatcher', provider: 'smtp', status: 'failed', error_code: code });
    expect(await recordRecipientSignal(signals, smtp(a.id, '550'), a.id)).toBe('smtp_rejection');
    expect(await recordRecipientSignal(signals, smtp(b.id, '535'), b.id)).toBeUndefined();
    expect(await refusalOf(email(tenantId, rejected))).toBe('recipient_suppressed');
    expect((await email(tenantId, authFailed)).status).toBe('queued');
  });
});
