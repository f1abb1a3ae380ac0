import {
  CONVERSATION_CHANNEL,
  channelOf,
  type RecipientSignal,
  type StatusEvent,
  type SuppressionReason,
} from '@switchboard/contracts';
import type { Database, Kysely } from '@switchboard/db';
import { suppress } from '@switchboard/tenancy';

/**
 * SMTP replies that say the recipient's mailbox does not exist or will never take mail from us
 * (RFC 5321: 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed). Other
 * permanent replies (530/535 authentication, 552 storage, 554 transaction) are about our relay or
 * this one message, not the address.
 */
const SMTP_RECIPIENT_REJECTIONS: ReadonlySet<string> = new Set(['550', '551', '553']);

/** The suppression each signal puts the address on the list for; a soft bounce is only counted. */
const REASON_OF: Readonly<Record<Exclude<RecipientSignal, 'soft_bounce'>, SuppressionReason>> = {
  hard_bounce: 'hard_bounce',
  dropped: 'dropped',
  spam_report: 'spam_report',
  unsubscribe: 'unsubscribe',
  group_unsubscribe: 'group_unsubscribe',
  smtp_rejection: 'smtp_rejection',
};

/**
 * What a status event tells about its recipient: the signal a provider webhook named (a bounce,
 * a complaint, …), or a permanent SMTP rejection of the mailbox reported by the dispatcher.
 */
export function recipientSignalOf(event: StatusEvent): RecipientSignal | undefined {
  if (event.recipient_signal) return event.recipient_signal;
  if (
    event.source === 'dispatcher' &&
    event.status === 'failed' &&
    event.provider === 'smtp' &&
    SMTP_RECIPIENT_REJECTIONS.has(event.error_code ?? '')
  ) {
    return 'smtp_rejection';
  }
  return undefined;
}

export interface RecipientSignalDeps {
  db: Kysely<Database>;
  /** Soft bounces of one address within `softBounceWindowMs` that suppress it. */
  softBounceLimit: number;
  softBounceWindowMs: number;
  /** Called when an address is put on a suppression list (not again when it already was). */
  onSuppressed?: (reason: SuppressionReason) => void;
}

/**
 * Acts on what a status event tells about the recipient of an email: puts the address on its
 * tenant's suppression list (hard bounce, drop, complaint, unsubscribe, SMTP rejection), or
 * counts a soft bounce and suppresses the address once it has bounced `softBounceLimit` times
 * within the window. Idempotent by event id. Answers the reason when an address was suppressed.
 */
export async function recordRecipientSignal(
  deps: RecipientSignalDeps,
  event: StatusEvent,
  messageId: string,
): Promise<SuppressionReason | undefined> {
  const signal = recipientSignalOf(event);
  if (!signal) return undefined;
  const { db } = deps;
  const message = await db
    .selectFrom('messages')
    .select(['tenant_id', 'to_addr', 'type', 'direction'])
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!message || message.direction !== 'outbound' || message.type !== 'email') return undefined;
  const target = { tenantId: message.tenant_id, address: message.to_addr };

  let reason: SuppressionReason;
  if (signal === 'soft_bounce') {
    const at = new Date(event.occurred_at);
    await db
      .insertInto('soft_bounces')
      .values({
        event_id: event.event_id,
        tenant_id: target.tenantId,
        address: target.address,
        occurred_at: at,
      })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
    const { count } = await db
      .selectFrom('soft_bounces')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('tenant_id', '=', target.tenantId)
      .where('address', '=', target.address)
      .where('occurred_at', '>', new Date(Date.now() - deps.softBounceWindowMs))
      .executeTakeFirstOrThrow();
    if (Number(count) < deps.softBounceLimit) return undefined;
    reason = 'soft_bounces';
  } else {
    reason = REASON_OF[signal];
  }
  const { added } = await suppress(db, {
    ...target,
    channel: CONVERSATION_CHANNEL[channelOf(message.type)],
    reason,
    source: event.event_id,
    note: event.error_message,
    actor: event.provider ?? 'provider',
  });
  if (added) deps.onSuppressed?.(reason);
  return reason;
}
