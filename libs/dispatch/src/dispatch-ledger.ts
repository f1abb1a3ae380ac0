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
    /**
     * Takes the lease on a command's message, or says why not: one round trip
     * (`dispatch_admit()`, migration 0006). With `attempt`, the message is also marked as being
     * handed to a provider now (what `attempting()` does), for a send that will not wait first.
     */
    async admit(command: DispatchCommand, options: { attempt?: boolean } = {}): Promise<Admission> {
      const { rows } = await sql<{
        verdict: 'proceed' | 'settled' | 'wait';
        reason: string | null;
        l_state: string;
        l_generation: number;
        l_provider: string | null;
        l_provider_message_id: string | null;
        l_attempts: number;
        l_last_error: string | null;
        l_attempt_started_at: Date | null;
      }>`select * from dispatch_admit(${command.message_id}, ${command.conversation_id},
           ${command.generation}, ${command.sequence}, ${owner}, ${leaseMs}, ${options.attempt ?? false})`.execute(
        db,
      );
      const row = rows[0]!;
      const entry = toEntry({
        state: row.l_state,
        generation: row.l_generation,
        provider: row.l_provider,
        provider_message_id: row.l_provider_message_id,
        attempts: row.l_attempts,
        last_error: row.l_last_error,
        attempt_started_at: row.l_attempt_started_at,
      });
      if (row.verdict === 'settled') return { kind: 'settled', entry };
      if (row.verdict === 'wait') return { kind: 'wait', reason: row.reason ?? 'not yet' };
      const fresh =
        entry.generation < command.generation ||
        (entry.state === 'pending' && entry.attempts === 0);
      return { kind: 'proceed', entry: fresh ? undefined : entry };
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
      // One statement: the ledger row and, for a first dispatch, the conversation's gate.
      const provider = outcome.state === 'sent' ? outcome.result.provider : outcome.provider;
      const providerMessageId = outcome.state === 'sent' ? outcome.result.providerMessageId : null;
      const error = outcome.state === 'failed' ? outcome.error.slice(0, 1000) : null;
      await sql`
        with settled as (
          update dispatch_ledger
             set state = ${outcome.state}, provider = ${provider},
                 provider_message_id = ${providerMessageId}, last_error = ${error},
                 lease_owner = null, lease_until = null, updated_at = now()
           where message_id = ${command.message_id}
        )
        insert into dispatch_sequences (conversation_id, next_seq)
        select ${command.conversation_id}::uuid, ${command.sequence + 1}::integer
         where ${command.generation}::integer = 0
        on conflict (conversation_id) do update
          set next_seq = greatest(dispatch_sequences.next_seq, excluded.next_seq), updated_at = now()`.execute(
        db,
      );
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
