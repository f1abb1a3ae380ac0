import {
  CLIENT_EVENT_ID_PREFIX,
  CONVERSATION_CHANNEL,
  channelOf,
  type ClientEvent,
  type ConsentCheck,
  type ConsentRefusal,
  type DispatchCommand,
  type MessageCategory,
  type SuppressionReason,
  type SuppressionResource,
} from '@switchboard/contracts';
import {
  createGroupCommit,
  newId,
  sql,
  type Database,
  type Kysely,
  type SuppressionRow,
  type Transaction,
} from '@switchboard/db';
import { enqueueClientEvents } from './client-event-outbox';
import { CHECK_GROUP_MAX, CHECK_GROUPS } from './sender-policy';

type Db = Kysely<Database>;

/** Runs `work` in the caller's transaction when `db` is one, else in a new one. */
const inTransaction = <T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);

/** The sender of an entry that covers every sender of the tenant. */
export const EVERY_SENDER = '';

/**
 * A message's consent-relevant fields: its tenant, type, sender, recipient, category (absent:
 * marketing) and id once stored.
 */
export type ConsentSubject = Pick<DispatchCommand, 'tenant_id' | 'type' | 'from' | 'to'> & {
  message_id?: string;
  category?: MessageCategory;
};

/**
 * The reasons that end marketing only: a recipient who unsubscribed from a tenant's marketing
 * mail still gets its transactional mail (receipts, password resets). Bounces, complaints,
 * drops, SMTP rejections, manual entries and SMS opt-outs hold for every message.
 */
export const MARKETING_ONLY_REASONS: readonly SuppressionReason[] = [
  'unsubscribe',
  'group_unsubscribe',
];

export const toSuppressionResource = (row: SuppressionRow): SuppressionResource => ({
  id: row.id,
  channel: row.channel,
  address: row.address,
  sender: row.sender === EVERY_SENDER ? null : row.sender,
  reason: row.reason as SuppressionReason,
  source: row.source,
  note: row.note,
  created_by: row.created_by,
  created_at: row.created_at.toISOString(),
});

const refusalOf = (row: Pick<SuppressionRow, 'reason'>): ConsentRefusal => ({
  code: row.reason === 'opt_out' ? 'recipient_opted_out' : 'recipient_suppressed',
  reason: row.reason,
});

/**
 * For each message, why its recipient may not be sent it (opted out of its sender or of the
 * whole tenant, or suppressed), or `undefined` when it may: one query however many messages.
 * An entry of one tenant never affects another.
 *
 * @example const [refusal] = await consentRefusals(db, [{ tenant_id, type: 'sms', from, to }]);
 */
export async function consentRefusals(
  db: Db,
  messages: readonly ConsentSubject[],
): Promise<(ConsentRefusal | undefined)[]> {
  if (messages.length === 0) return [];
  const rows = await db
    .selectFrom('suppressions')
    .select(['tenant_id', 'address', 'sender', 'reason', 'channel', 'allowed_message_ids'])
    .where((eb) =>
      eb(
        eb.refTuple('tenant_id', 'address'),
        'in',
        messages.map((m) => eb.tuple(m.tenant_id, m.to)),
      ),
    )
    .execute();
  if (rows.length === 0) return messages.map(() => undefined);
  return messages.map((m) => {
    const channel = CONVERSATION_CHANNEL[channelOf(m.type)];
    const row = rows.find(
      (r) =>
        r.tenant_id === m.tenant_id &&
        r.address === m.to &&
        r.channel === channel &&
        (r.sender === EVERY_SENDER || r.sender === m.from) &&
        !(
          m.category === 'transactional' &&
          MARKETING_ONLY_REASONS.includes(r.reason as SuppressionReason)
        ) &&
        // The auto-reply answering the keyword (the opt-out confirmation) still goes out.
        (m.message_id === undefined || !r.allowed_message_ids.includes(m.message_id)),
    );
    return row ? refusalOf(row) : undefined;
  });
}

/**
 * The check a dispatcher makes before each round over its providers: an opt-out or suppression
 * recorded since the message was accepted fails it for good, whichever provider was next.
 *
 * @example const checkConsent = consentCheck(database.db);
 */
export function consentCheck(db: Db): ConsentCheck {
  // The messages checked at once are answered by one read of their recipients' entries.
  const groups = createGroupCommit<Parameters<ConsentCheck>[0], ConsentRefusal | undefined>({
    maxItems: CHECK_GROUP_MAX,
    maxGroups: CHECK_GROUPS,
    run: (messages) => consentRefusals(db, messages),
  });
  return (message) => groups.submit(message);
}

export interface SuppressInput {
  tenantId: string;
  channel: 'phone' | 'email';
  address: string;
  /** The tenant's number the recipient opted out of; omitted: every sender of the tenant. */
  sender?: string;
  reason: SuppressionReason;
  source?: string | null;
  note?: string | null;
  /** Who: `recipient`, `provider`, or the acting client. */
  actor: string;
}

/**
 * Lets one more message through the recipient's entries for this sender: the auto-reply
 * answering their keyword (the opt-out confirmation, a HELP answer), which carriers expect after
 * a STOP. Earlier replies stay allowed (a HELP right after STOP does not stop the confirmation).
 */
export async function allowReply(
  db: Db,
  input: { tenantId: string; address: string; sender: string; messageId: string },
): Promise<void> {
  await db
    .updateTable('suppressions')
    .set({
      allowed_message_ids: sql<
        string[]
      >`array_append(array_remove(allowed_message_ids, ${input.messageId}::uuid), ${input.messageId}::uuid)`,
    })
    .where('tenant_id', '=', input.tenantId)
    .where('address', '=', input.address)
    .where('sender', 'in', [input.sender, EVERY_SENDER])
    .execute();
}

/**
 * Puts a recipient on the tenant's suppression list, audits it and writes its client event
 * (`recipient.opted_out` for an SMS opt-out, else `suppression.created`) to the outbox, all in one
 * transaction (the caller's, when `db` is one). An entry already there for the same sender is
 * kept as it was (its first reason stands) and raises no event; `added` says which happened.
 */
export async function suppress(
  db: Db,
  input: SuppressInput,
): Promise<{ suppression: SuppressionResource; added: boolean }> {
  const sender = input.sender ?? EVERY_SENDER;
  return inTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto('suppressions')
      .values({
        id: newId(),
        tenant_id: input.tenantId,
        channel: input.channel,
        address: input.address,
        sender,
        reason: input.reason,
        source: input.source ?? null,
        note: input.note ?? null,
        created_by: input.actor,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'address', 'sender']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      const suppression = toSuppressionResource(inserted);
      await audit(trx, inserted, 'added', input.actor, input.note ?? null);
      await enqueueClientEvents(trx, [addedEvent(input.tenantId, suppression)]);
      return { suppression, added: true };
    }
    const existing = await trx
      .selectFrom('suppressions')
      .selectAll()
      .where('tenant_id', '=', input.tenantId)
      .where('address', '=', input.address)
      .where('sender', '=', sender)
      .executeTakeFirstOrThrow();
    return { suppression: toSuppressionResource(existing), added: false };
  });
}

export interface UnsuppressInput {
  tenantId: string;
  address: string;
  /** Only entries for this sender (and the tenant-wide one); omitted: every entry of the address. */
  sender?: string;
  /** Only entries of these reasons (an opt-in lifts opt-outs, never a bounce). */
  reasons?: readonly SuppressionReason[];
  actor: string;
  /** Why it was removed: kept in the audit trail. */
  note: string | null;
  source?: string | null;
}

/**
 * Takes a recipient off the tenant's suppression list, auditing each entry removed and writing
 * one client event per entry to the outbox (`recipient.opted_in` when the recipient lifted their
 * own opt-out, else `suppression.deleted`), in one transaction (the caller's, when `db` is one).
 * Nothing removed, no event.
 */
export async function unsuppress(db: Db, input: UnsuppressInput): Promise<SuppressionResource[]> {
  return inTransaction(db, async (trx) => {
    let query = trx
      .deleteFrom('suppressions')
      .where('tenant_id', '=', input.tenantId)
      .where('address', '=', input.address);
    if (input.sender !== undefined) {
      query = query.where('sender', 'in', [input.sender, EVERY_SENDER]);
    }
    if (input.reasons) query = query.where('reason', 'in', [...input.reasons]);
    const removed = await query.returningAll().execute();
    const events: ClientEvent[] = [];
    for (const row of removed) {
      await audit(trx, row, 'removed', input.actor, input.note, input.source ?? null);
      events.push(removedEvent(input, toSuppressionResource(row)));
    }
    await enqueueClientEvents(trx, events);
    return removed.map(toSuppressionResource);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** Whether a source is a message id (an opt-out's is its STOP message; others name no message). */
const isUuid = (value: string | null | undefined): value is string =>
  value != null && UUID.test(value);

/** Who lifts an opt-out by texting START: the actor of an opt-in. */
const RECIPIENT = 'recipient';

const eventEnvelope = (tenantId: string) => ({
  id: `${CLIENT_EVENT_ID_PREFIX}${newId()}`,
  created_at: new Date().toISOString(),
  tenant_id: tenantId,
});

/** The event an added entry raises: an SMS opt-out (STOP), or any other suppression. */
function addedEvent(tenantId: string, suppression: SuppressionResource): ClientEvent {
  if (suppression.reason === 'opt_out') {
    return {
      ...eventEnvelope(tenantId),
      type: 'recipient.opted_out',
      data: {
        phone_number: suppression.address,
        sender: suppression.sender,
        inbound_message_id: isUuid(suppression.source) ? suppression.source : null,
        suppression,
      },
    };
  }
  return { ...eventEnvelope(tenantId), type: 'suppression.created', data: { suppression } };
}

/** The event a removed entry raises: the recipient's own opt-in (START), or a deletion. */
function removedEvent(input: UnsuppressInput, suppression: SuppressionResource): ClientEvent {
  if (suppression.reason === 'opt_out' && input.actor === RECIPIENT) {
    return {
      ...eventEnvelope(input.tenantId),
      type: 'recipient.opted_in',
      data: {
        phone_number: suppression.address,
        sender: suppression.sender,
        inbound_message_id: isUuid(input.source) ? input.source : null,
        suppression,
      },
    };
  }
  return {
    ...eventEnvelope(input.tenantId),
    type: 'suppression.deleted',
    data: { suppression, deleted_by: input.actor, note: input.note },
  };
}

async function audit(
  db: Db,
  row: SuppressionRow,
  action: 'added' | 'removed',
  actor: string,
  note: string | null,
  source: string | null = row.source,
): Promise<void> {
  await db
    .insertInto('suppression_audit')
    .values({
      tenant_id: row.tenant_id,
      channel: row.channel,
      address: row.address,
      sender: row.sender,
      action,
      reason: row.reason,
      actor,
      note,
      source,
    })
    .execute();
}

export interface ListSuppressionsInput {
  tenantId: string;
  channel?: 'phone' | 'email';
  reason?: SuppressionReason;
  /** Only this recipient's entries. */
  address?: string;
  limit: number;
  /** From a previous page: entries older than this one (keyset on created_at, id). */
  after?: { at: string; id: string };
}

/**
 * A tenant's suppression list, newest first, one page of `limit` (keyset paging: pass the last
 * entry's `created_at` and `id` as `after` for the next page). Answers one row more than asked
 * when there is a next page.
 */
export async function listSuppressions(
  db: Db,
  input: ListSuppressionsInput,
): Promise<SuppressionResource[]> {
  let query = db
    .selectFrom('suppressions')
    .selectAll()
    .where('tenant_id', '=', input.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  if (input.channel) query = query.where('channel', '=', input.channel);
  if (input.reason) query = query.where('reason', '=', input.reason);
  if (input.address) query = query.where('address', '=', input.address);
  if (input.after) {
    const { at, id } = input.after;
    query = query.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(at), id)),
    );
  }
  return (await query.execute()).map(toSuppressionResource);
}
