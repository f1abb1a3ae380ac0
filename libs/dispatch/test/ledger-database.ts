// What the dispatch ledger specs share: commands, and a migrated database with their tenant.
import { randomUUID } from 'node:crypto';
import type { DispatchCommand } from '@switchboard/contracts';
import { createDb, migrateToLatest, type Database, type Db, type Kysely } from '@switchboard/db';
import { testEnv } from '@switchboard/testing';
import { createDispatchLedger } from '../src/dispatch-ledger';

export const LEASE_MS = 30_000;
export const TENANT = 'ledger-spec';

export function unsaved(overrides: Partial<DispatchCommand> = {}): DispatchCommand {
  return {
    message_id: randomUUID(),
    tenant_id: TENANT,
    conversation_id: randomUUID(),
    type: 'sms',
    from: '+15551234567',
    to: '+15559876543',
    subject: null,
    body: 'Hello',
    attachments: [],
    accepted_at: new Date().toISOString(),
    sequence: 1,
    generation: 0,
    category: 'marketing',
    ...overrides,
  };
}

export const sent = {
  provider: 'twilio',
  providerMessageId: () => `SM${randomUUID().replace(/-/g, '')}`,
};

/**
 * The test database of a ledger spec, connected and migrated (with the spec's tenant) before its
 * tests and closed after them, and the helpers the tests read and write it with.
 */
export function useLedgerDatabase() {
  let connected: Db | undefined;
  const database = {
    get db(): Kysely<Database> {
      if (!connected) throw new Error('the ledger database is not connected yet (beforeAll)');
      return connected.db;
    },
  };
  const ledgerOf = (owner: string) => createDispatchLedger(database.db, owner, LEASE_MS);
  const row = (messageId: string) =>
    database.db
      .selectFrom('dispatch_ledger')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();

  /** A dispatch command for a message conversation-service really stored. */
  const command = async (overrides: Partial<DispatchCommand> = {}): Promise<DispatchCommand> => {
    const cmd = unsaved(overrides);
    await database.db
      .insertInto('conversations')
      .values({
        id: cmd.conversation_id,
        tenant_id: TENANT,
        channel: 'phone',
        participant_a: cmd.from,
        participant_b: `conversation-${cmd.conversation_id}`,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await database.db
      .insertInto('messages')
      .values({
        id: cmd.message_id,
        tenant_id: TENANT,
        conversation_id: cmd.conversation_id,
        direction: 'outbound',
        type: 'sms',
        from_addr: cmd.from,
        to_addr: cmd.to,
        subject: null,
        body: cmd.body,
        attachments: '[]',
        metadata: '{}',
        status: 'queued',
        provider: null,
        provider_message_id: null,
        encoding: null,
        segments: null,
        error_code: null,
        error_message: null,
        client_timestamp: null,
        dispatch_seq: cmd.sequence,
        idempotency_key: null,
      })
      .execute();
    return cmd;
  };

  beforeAll(async () => {
    connected = createDb({ url: testEnv().databaseUrl, poolMax: 2 });
    await migrateToLatest(database.db);
    await database.db
      .insertInto('tenants')
      .values({ id: TENANT, name: 'Ledger spec' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  });
  afterAll(() => connected?.close());
  return { database, ledgerOf, row, command };
}
