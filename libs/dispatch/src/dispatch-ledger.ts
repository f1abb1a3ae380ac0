import { createGroupCommit, sql, type Database, type Kysely } from '@switchboard/db';
import type { DispatchCommand, SendResult } from '@switchboard/contracts';

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
  /**
   * The lease is ours. `entry` is what an earlier delivery of this generation left (undefined
   * for a fresh start); `deliveries` counts the earlier deliveries of this generation that held
   * the lease without settling (waits for the turn or for another's lease are not counted).
   */
  | { kind: 'proceed'; entry: LedgerEntry | undefined; deliveries: number }
  /** Already settled (this generation or a later one): report the outcome again, send nothing. */
  | { kind: 'settled'; entry: LedgerEntry }
  /** An earlier message of the conversation is not settled yet: try again shortly. */
  | { kind: 'wait'; reason: string }
  /** A later generation (a retry) owns the message: this command is obsolete. */
  | { kind: 'superseded'; reason: string }
  /** No such outbound message was ever stored: nothing is recorded, nothing may be sent. */
  | { kind: 'unknown' };

/** What `dispatch_admit()` answers: the verdict and the entry as it was before. */
interface AdmitRow {
  verdict: 'proceed' | 'settled' | 'wait' | 'superseded' | 'unknown';
  reason: string | null;
  l_state: string;
  l_generation: number;
  l_provider: string | null;
  l_provider_message_id: string | null;
  l_attempts: number;
  l_last_error: string | null;
  l_attempt_started_at: Date | null;
  l_deliveries: number;
}

/** A settlement waiting for its group. */
interface Settlement {
  messageId: string;
  conversationId: string;
  generation: number;
  state: 'sent' | 'failed';
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  /** For a first dispatch: its sequence number, the gate it moves on by one once settled. */
  sequence: number | null;
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
 *
 * Every write after admission is fenced: it applies only while this owner holds the lease and
 * the message is not settled (`lease_owner = owner and state not in ('sent', 'failed')`), and
 * says whether it applied. A delivery that lost its lease can change nothing, and a settled
 * outcome is final for its generation.
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
  const settlements = createGroupCommit<Settlement, boolean>({
    maxItems: groupMax,
    maxGroups: 2,
    run: async (items) => {
      const order = [...items].sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
      const column = <K extends keyof Settlement>(key: K) => order.map((o) => o[key]);
      // Only the lease holder settles, only an unsettled message of the same generation. The
      // gate moves from a first dispatch's own sequence number to the next, never further: a
      // message settled out of its turn cannot let a later one pass an earlier one.
      const { rows } = await sql<{ message_id: string }>`
        with v as (
          select * from unnest(${column('messageId')}::uuid[], ${column('conversationId')}::uuid[],
                               ${column('generation')}::integer[], ${column('state')}::text[],
                               ${column('provider')}::text[], ${column('providerMessageId')}::text[],
                               ${column('error')}::text[], ${column('sequence')}::integer[])
                 as v(message_id, conversation_id, generation, state, provider,
                      provider_message_id, last_error, sequence)
        ),
        settled as (
          update dispatch_ledger as l
             set state = v.state, provider = v.provider, provider_message_id = v.provider_message_id,
                 last_error = v.last_error, lease_owner = null, lease_until = null, updated_at = now()
            from v
           where l.message_id = v.message_id and l.generation = v.generation
             and l.lease_owner = ${owner} and l.state not in ('sent', 'failed')
          returning l.message_id, v.conversation_id, v.sequence
        ),
        gates as (
          insert into dispatch_sequences (conversation_id, next_seq)
          select distinct on (conversation_id) conversation_id, sequence + 1
            from settled where sequence is not null
           order by conversation_id, sequence
          on conflict (conversation_id) do update
            set next_seq = excluded.next_seq, updated_at = now()
            where dispatch_sequences.next_seq = excluded.next_seq - 1
        )
        select message_id from settled`.execute(db);
      const applied = new Set(rows.map((r) => r.message_id));
      return items.map((item) => applied.has(item.messageId));
    },
  });

  /** An update of a message this owner holds the lease on and that is not settled yet. */
  const leased = (messageId: string) =>
    db
      .updateTable('dispatch_ledger')
      .where('message_id', '=', messageId)
      .where('lease_owner', '=', owner)
      .where('state', 'not in', ['sent', 'failed']);
  const applied = (result: { numUpdatedRows: bigint }) => result.numUpdatedRows > 0n;

  return {
    /**
     * Takes the lease on a command's message, or says why not (`dispatch_admit()`, migration
     * 0006, for the whole group this admission joins). With `attempt`, the message is also
     * marked as being handed to a provider now (what `attempting()` does), for a send that will
     * not wait first.
     */
    async admit(command: DispatchCommand, options: { attempt?: boolean } = {}): Promise<Admission> {
      const row = await admissions.submit({ command, attempt: options.attempt ?? false });
      if (row.verdict === 'unknown') return { kind: 'unknown' };
      if (row.verdict === 'superseded') return { kind: 'superseded', reason: row.reason ?? '' };
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
      const renewed = entry.generation < command.generation;
      const fresh = renewed || (entry.state === 'pending' && entry.attempts === 0);
      return {
        kind: 'proceed',
        entry: fresh ? undefined : entry,
        deliveries: renewed ? 0 : row.l_deliveries,
      };
    },

    /** Extends the lease while a long attempt or backoff runs; false once it is lost. */
    async renew(messageId: string): Promise<boolean> {
      return applied(
        await leased(messageId)
          .set({ lease_until: new Date(Date.now() + leaseMs) })
          .executeTakeFirst(),
      );
    },

    /**
     * Written before a provider call: if we crash now, the next delivery knows to ask first.
     * False when the lease was lost: the call must not be made.
     */
    async attempting(messageId: string): Promise<boolean> {
      return applied(
        await leased(messageId)
          .set({
            state: 'attempting',
            attempts: sql`attempts + 1`,
            attempt_started_at: new Date(),
            lease_until: new Date(Date.now() + leaseMs),
            updated_at: new Date(),
          })
          .executeTakeFirst(),
      );
    },

    /** The attempt failed in a way worth retrying: nothing reached a provider. */
    async pending(messageId: string, error: string): Promise<boolean> {
      return applied(
        await leased(messageId)
          .set({ state: 'pending', last_error: error.slice(0, 1000), updated_at: new Date() })
          .executeTakeFirst(),
      );
    },

    /**
     * Settles the message and, for a first dispatch, lets the conversation's next message go.
     * False when it did not apply: the lease was lost, or the message was settled already.
     */
    async settle(
      command: DispatchCommand,
      outcome:
        | { state: 'sent'; result: SendResult }
        | { state: 'failed'; error: string; provider: string | null },
    ): Promise<boolean> {
      return settlements.submit({
        messageId: command.message_id,
        conversationId: command.conversation_id,
        generation: command.generation,
        state: outcome.state,
        provider: outcome.state === 'sent' ? outcome.result.provider : outcome.provider,
        providerMessageId: outcome.state === 'sent' ? outcome.result.providerMessageId : null,
        error: outcome.state === 'failed' ? outcome.error.slice(0, 1000) : null,
        sequence: command.generation === 0 ? command.sequence : null,
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

    /** The message's entry as it stands, for reporting an outcome another delivery recorded. */
    async entry(messageId: string): Promise<LedgerEntry | undefined> {
      const row = await db
        .selectFrom('dispatch_ledger')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row ? toEntry(row) : undefined;
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
