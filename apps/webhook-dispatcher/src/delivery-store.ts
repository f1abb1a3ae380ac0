import { sql, type Database, type Kysely } from '@switchboard/db';
import { disableEndpoint, type DisabledEndpoint } from './endpoint-health';
import type { AttemptResult } from './signed-request';

/** Any 64-bit number unique to claiming: one claimer at a time keeps the limits exact. */
const CLAIM_LOCK_KEY = 0x5357_5748; // "SWWH"

/** A delivery taken for one attempt, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

export interface ClaimLimits {
  /** Deliveries to take at most. */
  max: number;
  /** Attempts in flight to one endpoint at once, counting other replicas'. */
  perEndpoint: number;
  /** An earlier event of the conversation holds a later one back until tried this often. */
  orderWaitAttempts: number;
  /** How long a claim is held: longer than an attempt can take. */
  leaseMs: number;
}

/**
 * Takes due deliveries of enabled endpoints for one attempt each, holding a lease on them.
 * Per endpoint, at most `perEndpoint` are in flight (leases of every replica count); a delivery
 * waits while an earlier one of its conversation to the same endpoint is still pending and has
 * been tried fewer than `orderWaitAttempts` times — order within a conversation, bounded so one
 * poisoned event does not hold its conversation for days. Oldest due first.
 */
export async function claimDue(
  db: Kysely<Database>,
  limits: ClaimLimits,
): Promise<ClaimedDelivery[]> {
  if (limits.max <= 0) return [];
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`.execute(trx);
    const { rows } = await sql<ClaimedDelivery>`
      with busy as (
        select endpoint_id, count(*)::int as n from webhook_deliveries
         where status = 'pending' and lease_until > now()
         group by endpoint_id
      ), due as (
        select d.id, d.endpoint_id,
               row_number() over (partition by d.endpoint_id order by d.next_attempt_at, d.id) as rank
          from webhook_deliveries d
          join webhook_endpoints w on w.id = d.endpoint_id and w.enabled
         where d.status = 'pending' and d.next_attempt_at <= now()
           and (d.lease_until is null or d.lease_until <= now())
           and not exists (
             select 1 from webhook_deliveries e
              where e.endpoint_id = d.endpoint_id and e.conversation_id = d.conversation_id
                and e.status = 'pending' and e.id < d.id
                and (e.attempts < ${limits.orderWaitAttempts} or e.lease_until > now()))
         order by d.next_attempt_at, d.id
         limit ${limits.max * 4}
      ), taken as (
        select due.id from due left join busy on busy.endpoint_id = due.endpoint_id
         where due.rank <= ${limits.perEndpoint} - coalesce(busy.n, 0)
         order by due.rank
         limit ${limits.max}
      )
      update webhook_deliveries d
         set lease_until = now() + make_interval(secs => ${limits.leaseMs / 1000})
        from taken, webhook_endpoints w
       where d.id = taken.id and w.id = d.endpoint_id
      returning d.id, d.endpoint_id, d.event_id, d.payload, d.attempts, w.url, w.secret,
                w.previous_secret, w.previous_secret_expires_at`.execute(trx);
    return rows;
  });
}

/** What became of a delivery after an attempt. */
export type Settlement =
  | { outcome: 'delivered' }
  | { outcome: 'retry'; delayMs: number }
  | { outcome: 'failed' }
  /** The endpoint answered `410 Gone`: it is disabled, the delivery failed. */
  | { outcome: 'gone' };

/** How attempts add up for their endpoint. */
export interface EndpointHealthPolicy {
  /** An endpoint every attempt to which failed for this long is disabled. */
  disableAfterMs: number;
}

/**
 * Records an attempt and settles its delivery, at once; and keeps its endpoint's health: a
 * success clears `failing_since`, a failure sets it when unset, and an endpoint that answered
 * `410 Gone` — or has failed every attempt since longer than `disableAfterMs` — is disabled
 * with a `webhook_endpoint.disabled` event in the same transaction. Returns the endpoint when
 * this attempt disabled it.
 */
export async function recordAttempt(
  db: Kysely<Database>,
  delivery: ClaimedDelivery,
  result: AttemptResult,
  settlement: Settlement,
  policy: EndpointHealthPolicy,
): Promise<DisabledEndpoint | undefined> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: delivery.id,
        status_code: result.statusCode,
        duration_ms: result.durationMs,
        response_body: result.responseBody,
        error: result.error,
      })
      .execute();
    const status =
      settlement.outcome === 'delivered'
        ? 'delivered'
        : settlement.outcome === 'retry'
          ? 'pending'
          : 'failed';
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status,
        attempts: sql<number>`attempts + 1`,
        last_attempt_at: new Date(),
        last_status_code: result.statusCode,
        lease_until: null,
        ...(settlement.outcome === 'retry'
          ? { next_attempt_at: new Date(Date.now() + settlement.delayMs) }
          : {}),
        updated_at: new Date(),
      })
      .where('id', '=', delivery.id)
      .execute();
    if (settlement.outcome === 'delivered') {
      await trx
        .updateTable('webhook_endpoints')
        .set({ failing_since: null })
        .where('id', '=', delivery.endpoint_id)
        .where('failing_since', 'is not', null)
        .execute();
      return undefined;
    }
    await trx
      .updateTable('webhook_endpoints')
      .set({ failing_since: sql<Date>`coalesce(failing_since, now())` })
      .where('id', '=', delivery.endpoint_id)
      .execute();
    if (settlement.outcome === 'gone') {
      return disableEndpoint(trx, delivery.endpoint_id, 'the endpoint answered 410 Gone');
    }
    return disableEndpoint(
      trx,
      delivery.endpoint_id,
      `every attempt failed for more than ${describeDuration(policy.disableAfterMs)}`,
      policy.disableAfterMs,
    );
  });
}

/** `5 days`, `2 hours`, `3 seconds`: the largest whole unit. */
function describeDuration(ms: number): string {
  const units: [string, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1_000],
  ];
  for (const [unit, size] of units) {
    if (ms >= size) {
      const n = Math.floor(ms / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}
