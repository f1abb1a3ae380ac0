import { createHash } from 'node:crypto';
import { segmentSms } from '@switchboard/addressing';
import type { InboundMessageEvent } from '@switchboard/contracts';
import {
  allowReply,
  consentKeywordOf,
  consentSettingsOf,
  suppress,
  unsuppress,
  type ConsentKeyword,
} from '@switchboard/tenancy';
import { storeOutbound, type SendBatchDeps } from './send-batch.handler';

export interface ConsentKeywordDeps {
  send: SendBatchDeps;
  /** Called once per keyword acted on (not again for a redelivered message). */
  onKeyword?: (keyword: ConsentKeyword) => void;
}

/**
 * The id of the auto-reply to an inbound message: derived from the inbound event's id (a
 * name-based UUID, version 8), so a redelivered keyword finds its reply stored instead of
 * sending a second one.
 */
function replyIdOf(eventId: string): string {
  const bytes = createHash('sha256').update(`consent-reply:${eventId}`).digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Acts on an SMS/MMS keyword from a recipient (docs/COMPLIANCE.md): STOP and its kin put them on
 * the tenant's suppression list — for the number they wrote to, or every number of the tenant
 * (the tenant's `opt_out_scope`) — recorded with the inbound message; START and its kin take the
 * opt-out off; HELP is answered. Each is answered with the tenant's auto-reply, stored and sent as
 * an ordinary outbound message in the same conversation; the opt-out confirmation is the one
 * message the recipient still receives after STOP. Safe to run again for the same message.
 */
export async function answerConsentKeyword(
  deps: ConsentKeywordDeps,
  tenantId: string,
  event: InboundMessageEvent,
): Promise<ConsentKeyword | undefined> {
  if (event.type !== 'sms' && event.type !== 'mms') return undefined;
  const keyword = consentKeywordOf(event.body);
  if (!keyword) return undefined;
  const { db } = deps.send;
  const inbound = await db
    .selectFrom('message_events')
    .select('message_id')
    .where('event_id', '=', event.event_id)
    .executeTakeFirst();
  const source = inbound?.message_id ?? null;
  const settings = await consentSettingsOf(db, tenantId);
  const sender = settings.optOutScope === 'sender' ? event.to : undefined;
  const note = `replied ${event.body.trim().slice(0, 40)}`;
  const replyId = replyIdOf(event.event_id);

  let reply: string;
  let changed = true;
  if (keyword === 'opt_out') {
    const { added } = await suppress(db, {
      tenantId,
      channel: 'phone',
      address: event.from,
      ...(sender !== undefined ? { sender } : {}),
      reason: 'opt_out',
      source,
      note,
      actor: 'recipient',
    });
    changed = added;
    reply = settings.optOutReply;
  } else if (keyword === 'opt_in') {
    const removed = await unsuppress(db, {
      tenantId,
      address: event.from,
      ...(sender !== undefined ? { sender } : {}),
      reasons: ['opt_out'],
      actor: 'recipient',
      note,
      source,
    });
    changed = removed.length > 0;
    reply = settings.optInReply;
  } else {
    reply = settings.helpReply;
  }
  // Before the reply is stored: a dispatcher may take it the moment it commits.
  await allowReply(db, { tenantId, address: event.from, sender: event.to, messageId: replyId });
  const segmentation = segmentSms(reply);
  try {
    await storeOutbound(deps.send, [
      {
        id: replyId,
        cmd: {
          tenant_id: tenantId,
          type: 'sms',
          from: event.to,
          to: event.from,
          subject: null,
          body: reply,
          attachments: [],
          metadata: { consent_reply: keyword },
          // Answers the recipient's own keyword: never held by quiet hours, no unsubscribe link.
          category: 'transactional',
          timestamp: null,
          encoding: segmentation.encoding,
          segments: segmentation.segments,
        },
      },
    ]);
  } catch (err) {
    // Stored by an earlier delivery of this keyword: answered already.
    if (!isUniqueViolation(err)) throw err;
    return keyword;
  }
  if (changed || keyword === 'help') deps.onKeyword?.(keyword);
  return keyword;
}
