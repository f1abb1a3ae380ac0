import type { ClientEvent, StatusEvent } from '@switchboard/contracts';
import { sql, type Database, type NewMessageEventRow, type Transaction } from '@switchboard/db';
import { clientEventOutboxRows } from '@switchboard/tenancy';
import type { GroupWrites } from './state-machine';
import type { TrackedMessage } from './tracked-message';

/**
 * Everything a group changes, in ONE statement (one array per column): parked events taken and
 * parked, lifecycle rows recorded in order, each changed message updated once (stamped
 * `updatedAt`), and the client events describing the changes put in the outbox, in order.
 */
export async function writeGroup(
  trx: Transaction<Database>,
  group: GroupWrites,
  described: { updatedAt: Date; clientEvents: readonly ClientEvent[] },
): Promise<void> {
  const { unparked, toPark, lifecycle, changed } = group;
  const outbox = clientEventOutboxRows(described.clientEvents);
  const row = <T>(pick: (r: (typeof outbox)[number]) => T) => outbox.map(pick);
  const park = <T>(pick: (e: StatusEvent) => T) => toPark.map(pick);
  const event = <T>(pick: (e: NewMessageEventRow) => T) => lifecycle.map(pick);
  const message = <K extends keyof TrackedMessage>(key: K) => changed.map((m) => m[key]);
  await sql`
    with unparked as (
      delete from pending_status_events where event_id = any(${[...unparked]}::text[])
    ), parked as (
      insert into pending_status_events (event_id, provider, provider_message_id, payload)
      select * from unnest(${park((e) => e.event_id)}::text[], ${park((e) => e.provider)}::text[],
                           ${park((e) => e.provider_message_id)}::text[],
                           ${park((e) => JSON.stringify(e))}::jsonb[])
      on conflict (event_id) do nothing
    ), recorded as (
      insert into message_events (message_id, event_id, status, provider, provider_message_id,
                                  error_code, error_message, applied, occurred_at,
                                  provider_status, answered_by, duration_seconds)
      select * from unnest(${event((e) => e.message_id)}::uuid[], ${event((e) => e.event_id)}::text[],
                           ${event((e) => e.status)}::text[], ${event((e) => e.provider ?? null)}::text[],
                           ${event((e) => e.provider_message_id ?? null)}::text[],
                           ${event((e) => e.error_code ?? null)}::text[],
                           ${event((e) => e.error_message ?? null)}::text[],
                           ${event((e) => e.applied)}::boolean[],
                           ${event((e) => e.occurred_at)}::timestamptz[],
                           ${event((e) => e.provider_status ?? null)}::text[],
                           ${event((e) => e.answered_by ?? null)}::text[],
                           ${event((e) => e.duration_seconds ?? null)}::integer[])
      on conflict (event_id) do nothing
    ), described as (
      insert into outbox (subject, msg_id, payload, headers)
      select subject, msg_id, payload, headers
        from unnest(${row((r) => r.subject)}::text[], ${row((r) => r.msg_id)}::text[],
                    ${row((r) => r.payload)}::jsonb[], ${row((r) => r.headers)}::jsonb[])
             with ordinality as o(subject, msg_id, payload, headers, n)
       order by n
    )
    update messages as m
       set status = v.status, provider = v.provider, provider_message_id = v.provider_message_id,
           error_code = v.error_code, error_message = v.error_message,
           answered_by = v.answered_by, duration_seconds = v.duration_seconds,
           updated_at = ${described.updatedAt}
      from unnest(${message('id')}::uuid[], ${message('status')}::text[],
                  ${message('provider')}::text[], ${message('provider_message_id')}::text[],
                  ${message('error_code')}::text[], ${message('error_message')}::text[],
                  ${message('answered_by')}::text[], ${message('duration_seconds')}::integer[])
           as v(id, status, provider, provider_message_id, error_code, error_message,
                answered_by, duration_seconds)
     where m.id = v.id`.execute(trx);
}
