import { sql, type Database, type Kysely } from '@switchboard/db';
import type { DispatchCommand } from '@switchboard/contracts';
import type { DispatchResult } from './provider-chain';

export type LedgerState = 'pending' | 'attempting' | 'sent' | 'failed';

export interface LedgerEntry {
  state: LedgerState;
  generation: number;
  provider: string | null;
  providerMessageId: string | null;
  attempts: number;
  lastError: string | null;
  attemptStartedAt: Date | null;
}

/** What may happen with a delivery of a dispatch command. */
export type Admission =
  | { kind: 'proceed'; entry: LedgerEntry | undefined }
  /** Already settled (this generation or a later one): report the outcome again, send nothing. */
  | { kind: 'settled'; entry: LedgerEntry }
  /** An earlier message of the conversation is not settled yet: try again shortly. */
  | { kind: 'wait'; reason: string };

const toEntry = (row: {
  state: string;
  generation: number;
  provider: string | null;
  provider_message_id: string | null;
  attempts: number;
  last_error: string | null;
  attempt_started_at: Date | null;
}): LedgerEntry => ({
  state: row.state as LedgerState,
  generation: row.generation,
  provider: row.provider,
  providerMessageId: row.provider_message_id,
  attempts: row.attempts,
  lastError: row.last_error,
  attemptStartedAt: row.attempt_started_at,
});

/**
 * The dispatchers' shared record in PostgreSQL. It makes a message go to a provider once
 * (redeliveries, re-drives and duplicate publishes find it settled), keeps one conversation's
 * messages in acceptance order across replicas (a message waits until its predecessor is
 * settled), and gives one delivery at a time a lease on a message.
 */
export function createDispatchLedger(db: Kysely<Database>, owner: string, leaseMs: number) {
  return {
    /** Takes the lease on a command's message, or says why not. */
    async admit(command: DispatchCommand): Promise<Admission> {
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('dispatch_ledger')
          .values({
            message_id: command.message_id,
            conversation_id: command.conversation_id,
            generation: command.generation,
            state: 'pending',
          })
          .onConflict((oc) => oc.column('message_id').doNothing())
          .execute();
        const row = await trx
          .selectFrom('dispatch_ledger')
          .selectAll()
          .where('message_id', '=', command.message_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const entry = toEntry(row);
        if (
          (entry.state === 'sent' || entry.state === 'failed') &&
          entry.generation >= command.generation
        ) {
          return { kind: 'settled', entry };
        }
        if (
          row.lease_owner &&
          row.lease_owner !== owner &&
          row.lease_until &&
          row.lease_until > new Date()
        ) {
          return { kind: 'wait', reason: 'another delivery holds the message' };
        }
        if (command.generation === 0) {
          const gate = await trx
            .selectFrom('dispatch_sequences')
            .select('next_seq')
            .where('conversation_id', '=', command.conversation_id)
            .executeTakeFirst();
          const next = gate?.next_seq ?? 1;
          if (command.sequence > next)
            return { kind: 'wait', reason: `waiting for message ${next} of the conversation` };
        }
        const generationChanged = entry.generation < command.generation;
        await trx
          .updateTable('dispatch_ledger')
          .set({
            lease_owner: owner,
            lease_until: new Date(Date.now() + leaseMs),
            ...(generationChanged
              ? { generation: command.generation, state: 'pending', attempts: 0, last_error: null }
              : {}),
            updated_at: new Date(),
          })
          .where('message_id', '=', command.message_id)
          .execute();
        return {
          kind: 'proceed',
          entry: generationChanged
            ? undefined
            : entry.state === 'pending' && entry.attempts === 0
              ? undefined
              : entry,
        };
      });
    },

    /** Extends the lease while a long attempt or backoff runs. */
    async renew(messageId: string): Promise<void> {
      await db
        .updateTable('dispatch_ledger')
        .set({ lease_until: new Date(Date.now() + leaseMs) })
        .where('message_id', '=', messageId)
        .where('lease_owner', '=', owner)
        .execute();
    },

    /** Written before a provider call: if we crash now, the next delivery knows to ask first. */
    async attempting(messageId: string): Promise<void> {
      await db
        .updateTable('dispatch_ledger')
        .set({
          state: 'attempting',
          attempts: sql`attempts + 1`,
          attempt_started_at: new Date(),
          updated_at: new Date(),
        })
        .where('message_id', '=', messageId)
        .execute();
    },

    /** The attempt failed in a way worth retrying: nothing reached a provider. */
    async pending(messageId: string, error: string): Promise<void> {
      await db
        .updateTable('dispatch_ledger')
        .set({ state: 'pending', last_error: error.slice(0, 1000), updated_at: new Date() })
        .where('message_id', '=', messageId)
        .execute();
    },

    /** Settles the message and, for a first dispatch, lets the conversation's next message go. */
    async settle(
      command: DispatchCommand,
      outcome:
        | { state: 'sent'; result: DispatchResult }
        | { state: 'failed'; error: string; provider: string | null },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('dispatch_ledger')
          .set({
            state: outcome.state,
            provider: outcome.state === 'sent' ? outcome.result.provider : outcome.provider,
            provider_message_id: outcome.state === 'sent' ? outcome.result.providerMessageId : null,
            last_error: outcome.state === 'failed' ? outcome.error.slice(0, 1000) : null,
            lease_owner: null,
            lease_until: null,
            updated_at: new Date(),
          })
          .where('message_id', '=', command.message_id)
          .execute();
        if (command.generation === 0) {
          await trx
            .insertInto('dispatch_sequences')
            .values({ conversation_id: command.conversation_id, next_seq: command.sequence + 1 })
            .onConflict((oc) =>
              oc.column('conversation_id').doUpdateSet({
                next_seq: sql`greatest(dispatch_sequences.next_seq, excluded.next_seq)`,
                updated_at: new Date(),
              }),
            )
            .execute();
        }
      });
    },

    /** Gives the lease back (shutdown, or a wait): another delivery may take the message at once. */
    async release(messageId: string): Promise<void> {
      await db
        .updateTable('dispatch_ledger')
        .set({ lease_owner: null, lease_until: null })
        .where('message_id', '=', messageId)
        .where('lease_owner', '=', owner)
        .execute();
    },

    /** Provider ids already claimed by other messages: a lookup after a crash must not take them. */
    async claimedProviderIds(provider: string, ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('dispatch_ledger')
        .select('provider_message_id')
        .where('provider', '=', provider)
        .where('provider_message_id', 'in', [...ids])
        .execute();
      return new Set(rows.map((r) => r.provider_message_id!).filter(Boolean));
    },
  };
}
export type DispatchLedger = ReturnType<typeof createDispatchLedger>;
