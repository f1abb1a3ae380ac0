import { InboundMessageEvent } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { ownerOfAddress } from '@switchboard/tenancy';
import { recordInbound, type RecordInboundOutcome } from './record-inbound.handler';

export type ReceiveInboundOutcome = RecordInboundOutcome | 'parked';

export interface ReceiveInboundDeps {
  db: Kysely<Database>;
  /**
   * Who owns addresses no tenant has claimed: the development tenant when auth is optional;
   * nobody (the message is parked) when it is required.
   */
  unclaimedOwner: string | undefined;
}

/** How many parked messages one sweep looks at. */
const PARKED_RELEASE_BATCH = 100;

/**
 * Attributes an inbound message to the tenant owning the address it was sent to, and stores it
 * there. A message to an address nobody owns is parked — kept, never dropped — until a tenant
 * claims the address (`releaseParkedInbound`).
 */
export async function receiveInbound(
  deps: ReceiveInboundDeps,
  event: InboundMessageEvent,
): Promise<{ outcome: ReceiveInboundOutcome; tenantId?: string }> {
  const tenantId = (await ownerOfAddress(deps.db, event.to)) ?? deps.unclaimedOwner;
  if (!tenantId) {
    await deps.db
      .insertInto('parked_inbound')
      .values({ event_id: event.event_id, recipient: event.to, payload: JSON.stringify(event) })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    return { outcome: 'parked' };
  }
  return { outcome: await recordInbound(deps.db, tenantId, event), tenantId };
}

/**
 * Stores parked messages whose address a tenant has claimed since. Storing is idempotent by
 * event id, so a crash between storing and un-parking only repeats a no-op.
 */
export async function releaseParkedInbound(db: Kysely<Database>): Promise<number> {
  const claimed = await db
    .selectFrom('parked_inbound as p')
    .innerJoin('tenant_addresses as a', 'a.address', 'p.recipient')
    .select(['p.event_id', 'p.payload', 'a.tenant_id'])
    .orderBy('p.received_at')
    .limit(PARKED_RELEASE_BATCH)
    .execute();
  for (const row of claimed) {
    await recordInbound(db, row.tenant_id, InboundMessageEvent.parse(row.payload));
    await db.deleteFrom('parked_inbound').where('event_id', '=', row.event_id).execute();
  }
  return claimed.length;
}
