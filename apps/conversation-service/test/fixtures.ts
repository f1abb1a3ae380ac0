import { createDb, migrateToLatest, sql, type Db } from '@switchboard/db';
import type { MessageResource, SendMessageCommand } from '@switchboard/contracts';
import { testEnv } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { sendBatch, type SendBatchDeps } from '../src/handlers/send-batch.handler';

/** A migrated test database and a tenant of its own, so suites never see each other's rows. */
export async function openTestDb(): Promise<{ database: Db; tenantId: string }> {
  const database = createDb({ url: testEnv().databaseUrl, poolMax: 4 });
  await migrateToLatest(database.db);
  return { database, tenantId: await newTestTenant(database) };
}

/** One more tenant of the suite's own. */
export async function newTestTenant(database: Db): Promise<string> {
  const tenantId = `test-${randomUUID()}`;
  await sql`insert into tenants (id, name) values (${tenantId}, 'test tenant')`.execute(
    database.db,
  );
  return tenantId;
}

export function smsCommand(
  tenantId: string,
  overrides: Partial<SendMessageCommand> = {},
): SendMessageCommand {
  return {
    tenant_id: tenantId,
    type: 'sms',
    from: '+15551234567',
    to: '+15559876543',
    subject: null,
    body: 'Hello',
    attachments: [],
    metadata: null,
    category: 'marketing',
    timestamp: null,
    encoding: 'GSM-7',
    segments: 1,
    ...overrides,
  };
}

/**
 * Sends one message the way the service does: a batch of one through `sendBatch`, which the
 * service's group commit runs for concurrent single sends. Throws the refusal if there is one.
 */
export async function sendOne(
  deps: SendBatchDeps,
  cmd: SendMessageCommand,
): Promise<MessageResource> {
  const [outcome] = await sendBatch(deps, [{ cmd }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.message;
}
