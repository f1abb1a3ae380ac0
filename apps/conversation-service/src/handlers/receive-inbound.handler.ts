import { InboundMessageEvent } from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { ownerOfAddress } from '@switchboard/tenancy';
import type { InboundMedia } from './inbound-media.handler';
import { recordInbound, type RecordInboundOutcome } from './record-inbound.handler';

export type ReceiveInboundOutcome = RecordInboundOutcome | 'parked';

export interface ReceiveInboundDeps {
  db: Kysely<Database>;
  /**
   * Who owns addresses no tenant has claimed: the development tenant when auth is optional;
   * nobody (the message is parked) when it is required.
   */
  unclaimedOwner: string | undefined;
  /**
   * Turns the message's files into the tenant's media before it is stored (fetched, stored,
   * scanned); may throw to have the event delivered again. Absent: attachments are kept as given.
   */
  media?: (tenantId: string, event: InboundMessageEvent) => Promise<InboundMedia | undefined>;
}

/** Stores an attributed inbound message, its files first: once stored, it is never fetched again. */
async function storeWithMedia(
  deps: Pick<ReceiveInboundDeps, 'db' | 'media'>,
  tenantId: string,
  event: InboundMessageEvent,
): Promise<RecordInboundOutcome> {
  if (deps.media) {
    const seen = await deps.db
      .selectFrom('message_events')
      .select('id')
      .where('event_id', '=', event.event_id)
      .executeTakeFirst();
    if (seen) return 'duplicate';
  }
  const media = await deps.media?.(tenantId, event);
  return recordInbound(deps.db, tenantId, event, media);
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
  return { outcome: await storeWithMedia(deps, tenantId, event), tenantId };
}

/**
 * Stores parked messages whose address a tenant has claimed since. Storing is idempotent by
 * event id, so a crash between storing and un-parking only repeats a no-op.
 */
export async function releaseParkedInbound(
  db: Kysely<Database>,
  media?: ReceiveInboundDeps['media'],
): Promise<number> {
  const claimed = await db
    .selectFrom('parked_inbound as p')
    .innerJoin('tenant_addresses as a', 'a.address', 'p.recipient')
    .select(['p.event_id', 'p.payload', 'a.tenant_id'])
    .orderBy('p.received_at')
    .limit(PARKED_RELEASE_BATCH)
    .execute();
  for (const row of claimed) {
    await storeWithMedia({ db, media }, row.tenant_id, InboundMessageEvent.parse(row.payload));
    await db.deleteFrom('parked_inbound').where('event_id', '=', row.event_id).execute();
  }
  return claimed.length;
}
