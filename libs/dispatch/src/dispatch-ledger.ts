import { createGroupCommit, sql, type Database, type Kysely } from '@switchboard/db';
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

/** What `dispatch_admit()` answers: the verdict and the entry as it was before. */
interface AdmitRow {
  verdict: 'proceed' | 'settled' | 'wait';
  reason: string | null;
  l_state: string;
  l_generation: number;
  l_provider: string | null;
  l_provider_message_id: string | null;
  l_attempts: number;
  l_last_error: string | null;
  l_attempt_started_at: Date | null;
}

/** A settlement waiting for its group. */
interface Settlement {
  messageId: string;
  conversationId: string;
  state: 'sent' | 'failed';
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  /** For a first dispatch: the conversation's next sequence number once this one is settled. */
  gate: number | null;
}

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
export function createDispatchLedger(
  db: Kysely<Database>,
  owner: string,
  leaseMs: number,
  /** Admissions (and settlements) made together at most: 1 makes each on its own. */
  groupMax = 64,
) {
  // Concurrent deliveries are admitted together and settled together: one statement for each
  // burst, in message-id order so concurrent groups lock ledger rows in one order.
  const admissions = createGroupCommit<{ command: DispatchCommand; attempt: boolean }, AdmitRow>({
    maxItems: groupMax,
    maxGroups: 2,
    run: async (items) => {
      const order = items
        .map((item, index) => ({ ...item, index }))
        .sort((a, b) => (a.command.message_id < b.command.message_id ? -1 : 1));
      const column = <T>(pick: (c: DispatchCommand, attempt: boolean) => T) =>
        order.map((o) => pick(o.command, o.attempt));
      const { rows } = await sql<AdmitRow & { n: string }>`
        select c.n, a.*
          from unnest(${column((c) => c.message_id)}::uuid[], ${column((c) => c.conversation_id)}::uuid[],
                      ${column((c) => c.generation)}::integer[], ${column((c) => c.sequence)}::integer[],
                      ${column((_c, attempt) => attempt)}::boolean[])
               with ordinality as c(message_id, conversation_id, generation, sequence, attempt, n)
          cross join lateral dispatch_admit(c.message_id, c.conversation_id, c.generation,
                                            c.sequence, ${owner}, ${leaseMs}, c.attempt) as a
         order by c.n`.execute(db);
      const answers: AdmitRow[] = new Array(items.length);
      for (const row of rows) answers[order[Number(row.n) - 1]!.index] = row;
      return answers;
    },
  });
  const settlements = createGroupCommit<Settlement, void>({
    maxItems: groupMax,
    maxGroups: 2,
    run: async (items) => {
      const order = [...items].sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
      const column = <K extends keyof Settlement>(key: K) => order.map((o) => o[key]);
      // A conversation's gate moves to just after the latest of its first dispatches settled.
      const gates = new Map<string, number>();
      for (const item of order) {
        if (item.gate === null) continue;
        gates.set(item.conversationId, Math.max(gates.get(item.conversationId) ?? 0, item.gate));
      }
      const gateRows = [...gates].sort(([a], [b]) => (a < b ? -1 : 1));
      await sql`
        with settled as (
          update dispatch_ledger as l
             set state = v.state, provider = v.provider, provider_message_id = v.provider_message_id,
                 last_error = v.last_error, lease_owner = null, lease_until = null, updated_at = now()
            from unnest(${column('messageId')}::uuid[], ${column('state')}::text[],
                        ${column('provider')}::text[], ${column('providerMessageId')}::text[],
                        ${column('error')}::text[])
                 as v(message_id, state, provider, provider_message_id, last_error)
           where l.message_id = v.message_id
        )
        insert into dispatch_sequences (conversation_id, next_seq)
        select * from unnest(${gateRows.map(([id]) => id)}::uuid[], ${gateRows.map(([, seq]) => seq)}::integer[])
        on conflict (conversation_id) do update
          set next_seq = greatest(dispatch_sequences.next_seq, excluded.next_seq), updated_at = now()`.execute(
        db,
      );
      return items.map(() => undefined);
    },
  });

  return {
    /**
     * Takes the lease on a command's message, or says why not (`dispatch_admit()`, migration
     * 0006, for the whole group this admission joins). With `attempt`, the message is also
     * marked as being handed to a provider now (what `attempting()` does), for a send that will
     * not wait first.
     */
    async admit(command: DispatchCommand, options: { attempt?: boolean } = {}): Promise<Admission> {
      const row = await admissions.submit({ command, attempt: options.attempt ?? false });
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
      await settlements.submit({
        messageId: command.message_id,
        conversationId: command.conversation_id,
        state: outcome.state,
        provider: outcome.state === 'sent' ? outcome.result.provider : outcome.provider,
        providerMessageId: outcome.state === 'sent' ? outcome.result.providerMessageId : null,
        error: outcome.state === 'failed' ? outcome.error.slice(0, 1000) : null,
        gate: command.generation === 0 ? command.sequence + 1 : null,
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
