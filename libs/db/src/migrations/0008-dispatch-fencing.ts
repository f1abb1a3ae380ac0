import { sql, type Kysely } from 'kysely';
import { up as createAdmit0006 } from './0006-dispatch-admit';

/**
 * Admission to the dispatch ledger, fenced: a command for a message that was never stored is
 * refused without a ledger row (`unknown`); a command of an older generation than the ledger's
 * is answered `superseded`; and each admission that takes the lease is counted
 * (`dispatch_ledger.deliveries`), so the give-up budget is spent by deliveries that really
 * worked on the message, never by ones that waited for their turn or for another's lease.
 * Replaces `dispatch_admit()` of 0006 (its answer gains a column, so it is dropped first).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('dispatch_ledger')
    .addColumn('deliveries', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`drop function if exists dispatch_admit(uuid, uuid, integer, integer, text, integer, boolean)`.execute(
    db,
  );
  await sql`
    create function dispatch_admit(
      p_message_id uuid,
      p_conversation_id uuid,
      p_generation integer,
      p_sequence integer,
      p_owner text,
      p_lease_ms integer,
      p_attempt boolean
    ) returns table (
      verdict text,
      reason text,
      l_state text,
      l_generation integer,
      l_provider text,
      l_provider_message_id text,
      l_attempts integer,
      l_last_error text,
      l_attempt_started_at timestamptz,
      l_deliveries integer
    ) language plpgsql as $$
    declare
      entry dispatch_ledger%rowtype;
      gate integer;
      renewed boolean;
    begin
      select * into entry from dispatch_ledger where message_id = p_message_id for update;
      if not found then
        -- Only a message conversation-service stored (outbound, in that conversation) is sent.
        perform 1 from messages
          where id = p_message_id and conversation_id = p_conversation_id and direction = 'outbound';
        if not found then
          verdict := 'unknown';
          reason := 'no such outbound message in the conversation';
          return next;
          return;
        end if;
        insert into dispatch_ledger (message_id, conversation_id, generation, state)
          values (p_message_id, p_conversation_id, p_generation, 'pending')
          on conflict (message_id) do nothing;
        select * into entry from dispatch_ledger where message_id = p_message_id for update;
      end if;
      verdict := 'proceed';
      if entry.generation > p_generation then
        verdict := 'superseded';
        reason := format('generation %s is current', entry.generation);
      elsif entry.state in ('sent', 'failed') and entry.generation >= p_generation then
        verdict := 'settled';
      elsif entry.lease_owner is not null and entry.lease_owner <> p_owner
            and entry.lease_until > now() then
        verdict := 'wait';
        reason := 'another delivery holds the message';
      elsif p_generation = 0 then
        select next_seq into gate from dispatch_sequences where conversation_id = p_conversation_id;
        if p_sequence > coalesce(gate, 1) then
          verdict := 'wait';
          reason := format('waiting for message %s of the conversation', coalesce(gate, 1));
        end if;
      end if;
      if verdict = 'proceed' then
        renewed := entry.generation < p_generation;
        update dispatch_ledger set
          lease_owner = p_owner,
          lease_until = now() + make_interval(secs => p_lease_ms / 1000.0),
          generation = p_generation,
          state = case when p_attempt then 'attempting' when renewed then 'pending' else state end,
          attempts = case when renewed then 0 else attempts end + case when p_attempt then 1 else 0 end,
          deliveries = case when renewed then 0 else deliveries end + 1,
          last_error = case when renewed then null else last_error end,
          attempt_started_at = case when p_attempt then now() else attempt_started_at end,
          updated_at = now()
        where message_id = p_message_id;
      end if;
      l_state := entry.state;
      l_generation := entry.generation;
      l_provider := entry.provider;
      l_provider_message_id := entry.provider_message_id;
      l_attempts := entry.attempts;
      l_last_error := entry.last_error;
      l_attempt_started_at := entry.attempt_started_at;
      l_deliveries := entry.deliveries;
      return next;
    end;
    $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists dispatch_admit(uuid, uuid, integer, integer, text, integer, boolean)`.execute(
    db,
  );
  await createAdmit0006(db);
  await db.schema.alterTable('dispatch_ledger').dropColumn('deliveries').execute();
}
