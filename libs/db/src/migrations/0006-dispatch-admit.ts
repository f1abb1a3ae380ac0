import { sql, type Kysely } from 'kysely';

/**
 * Admission to the dispatch ledger in one round trip: the rules a dispatcher applies before it
 * may hand a message to a provider (settled already? leased by another delivery? an earlier
 * message of the conversation still unsettled?) run inside PostgreSQL, against the row locked.
 * Answers the verdict and the ledger entry as it was before this admission.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function dispatch_admit(
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
      l_attempt_started_at timestamptz
    ) language plpgsql as $$
    declare
      entry dispatch_ledger%rowtype;
      gate integer;
      renewed boolean;
    begin
      insert into dispatch_ledger (message_id, conversation_id, generation, state)
        values (p_message_id, p_conversation_id, p_generation, 'pending')
        on conflict (message_id) do nothing;
      select * into entry from dispatch_ledger where message_id = p_message_id for update;
      verdict := 'proceed';
      if entry.state in ('sent', 'failed') and entry.generation >= p_generation then
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
          generation = greatest(generation, p_generation),
          state = case when p_attempt then 'attempting' when renewed then 'pending' else state end,
          attempts = case when renewed then 0 else attempts end + case when p_attempt then 1 else 0 end,
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
      return next;
    end;
    $$`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists dispatch_admit(uuid, uuid, integer, integer, text, integer, boolean)`.execute(
    db,
  );
}
