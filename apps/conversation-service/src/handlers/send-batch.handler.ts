import { isDeepStrictEqual } from 'node:util';
import {
  AppError,
  DEFAULT_MESSAGE_CATEGORY,
  ErrorCodes,
  consentRefusalError,
  type ConsentRefusal,
  type MessageResource,
  type SendMessageCommand,
} from '@switchboard/contracts';
import {
  MESSAGE_COLUMNS,
  toConversationResource,
  toMessageResource,
} from '@switchboard/conversation-queries';
import { newId, sql, type Database, type Kysely, type MessageRow } from '@switchboard/db';
import { conversationCreated, enqueueClientEvents } from '../client-event-outbox';
import { attachmentRefusals } from '@switchboard/media';
import { consentRefusals } from '@switchboard/tenancy';
import { enqueueDispatches } from '../dispatch-outbox';
import { assertSenderAllowed } from '../sender-policy';
import { previewOf, touchConversations } from '../threading';

export interface SendBatchDeps {
  db: Kysely<Database>;
  partitions: number;
  /**
   * Senders must be addresses the tenant has claimed (SENDERS_MUST_BE_CLAIMED; the service sets
   * it from its config). Absent: only another tenant's addresses are refused.
   */
  sendersMustBeClaimed?: boolean;
  /** Called after commit so the outbox relay publishes without waiting for its next poll. */
  onCommitted?: () => void;
  /** Called for each send refused because its recipient opted out or is suppressed. */
  onRefused?: (cmd: SendMessageCommand, refusal: ConsentRefusal) => void;
}

/** An outbound message to store, with the trace context its dispatch command carries. */
export interface OutboundItem {
  cmd: SendMessageCommand;
  /** The sending request's trace context and request id; the active ones when absent. */
  headers?: Record<string, string>;
  /** The message's id when the caller needs it before the message is stored; a new one when absent. */
  id?: string;
}

/** What became of one message of a batch. */
export type SendOutcome =
  /** `earlier`: the message stored by an earlier send with the same idempotency key. */
  { ok: true; message: MessageResource; earlier?: true } | { ok: false; error: AppError };

/**
 * Accepts outbound messages together: threads each into its conversation and stores the
 * messages, their first lifecycle events and their dispatch commands (outbox) in ONE transaction
 * of four multi-row statements, whatever their number. When this resolves, every message is
 * durable and will be dispatched; it answers them in input order. Messages of one conversation
 * take consecutive dispatch sequence numbers in input order.
 */
export async function storeOutbound(
  deps: SendBatchDeps,
  items: readonly OutboundItem[],
): Promise<MessageResource[]> {
  const now = new Date();
  const rows = await deps.db.transaction().execute(async (trx) => {
    const conversations = await touchConversations(
      trx,
      items.map(({ cmd }) => ({
        tenantId: cmd.tenant_id,
        type: cmd.type,
        from: cmd.from,
        to: cmd.to,
        at: now,
        preview: previewOf(cmd.body, cmd.subject, cmd.type),
        outbound: true,
      })),
    );
    const ids = items.map((item) => item.id ?? newId());
    // The rows as stored: every column is known here (the rest are defaults), so nothing is
    // read back — for a bulk send, a thousand rows not returned, transferred and parsed.
    const stored: MessageRow[] = items.map(({ cmd }, i) => ({
      id: ids[i]!,
      tenant_id: cmd.tenant_id,
      conversation_id: conversations[i]!.id,
      direction: 'outbound',
      type: cmd.type,
      from_addr: cmd.from,
      to_addr: cmd.to,
      subject: cmd.subject,
      body: cmd.body,
      attachments: cmd.attachments,
      metadata: cmd.metadata,
      status: 'queued',
      provider: null,
      provider_message_id: null,
      encoding: cmd.encoding,
      segments: cmd.segments,
      error_code: null,
      error_message: null,
      client_timestamp: cmd.timestamp,
      voice: cmd.voice ?? null,
      answered_by: null,
      duration_seconds: null,
      dispatch_seq: conversations[i]!.outboundSeq,
      dispatch_generation: 0,
      idempotency_key: cmd.idempotency_key ?? null,
      category: cmd.category,
      hold_until: null,
      created_at: now,
      updated_at: now,
    }));
    // One array per column (`unnest`): a thousand rows are a handful of parameters, not tens of
    // thousands. The columns left out (provider, errors, generation) take their defaults.
    const column = <T>(pick: (row: MessageRow) => T) => stored.map(pick);
    await sql`
      insert into messages (id, tenant_id, conversation_id, direction, type, from_addr, to_addr,
                            subject, body, attachments, metadata, status, encoding, segments,
                            client_timestamp, dispatch_seq, idempotency_key, created_at, updated_at,
                            voice, category)
      select * from unnest(
        ${column((r) => r.id)}::uuid[], ${column((r) => r.tenant_id)}::text[],
        ${column((r) => r.conversation_id)}::uuid[], ${column((r) => r.direction)}::text[],
        ${column((r) => r.type)}::text[], ${column((r) => r.from_addr)}::text[],
        ${column((r) => r.to_addr)}::text[], ${column((r) => r.subject)}::text[],
        ${column((r) => r.body)}::text[],
        ${column((r) => JSON.stringify(r.attachments))}::jsonb[],
        ${column((r) => JSON.stringify(r.metadata))}::jsonb[],
        ${column((r) => r.status)}::text[], ${column((r) => r.encoding)}::text[],
        ${column((r) => r.segments)}::integer[], ${column((r) => r.client_timestamp)}::text[],
        ${column((r) => r.dispatch_seq)}::integer[], ${column((r) => r.idempotency_key)}::text[],
        ${column((r) => r.created_at)}::timestamptz[],
        ${column((r) => r.updated_at)}::timestamptz[],
        ${column((r) => (r.voice ? JSON.stringify(r.voice) : null))}::jsonb[],
        ${column((r) => r.category)}::text[]
      )`.execute(trx);
    await trx
      .insertInto('message_events')
      .values(
        ids.map((id) => ({
          message_id: id,
          event_id: `${id}:queued`,
          status: 'queued',
          applied: true,
          occurred_at: now,
        })),
      )
      .execute();
    await enqueueDispatches(
      trx,
      stored.map((message, i) => ({
        message,
        options: {
          partitions: deps.partitions,
          msgId: message.id,
          ...(items[i]!.headers ? { headers: items[i]!.headers } : {}),
        },
      })),
    );
    await enqueueClientEvents(
      trx,
      conversations.flatMap((c, i) =>
        c.opened
          ? [conversationCreated(items[i]!.cmd.tenant_id, toConversationResource(c.opened))]
          : [],
      ),
    );
    return stored;
  });
  deps.onCommitted?.();
  return rows.map(toMessageResource);
}

/**
 * The bulk send: refuses, one by one, the messages whose sender the tenant may not use — another
 * tenant's, or with `sendersMustBeClaimed` one it has not claimed (checked once per distinct
 * sender) — and those whose recipient opted out or is suppressed (one query for all), and stores
 * all the others together (`storeOutbound`).
 * Answers one outcome per command, in order.
 */
export async function sendBatch(
  deps: SendBatchDeps,
  items: readonly OutboundItem[],
): Promise<SendOutcome[]> {
  const senders = new Map<string, Promise<AppError | undefined>>();
  const verdicts = await Promise.all(
    items.map(({ cmd }) => {
      const key = `${cmd.tenant_id}\u0000${cmd.from}`;
      let verdict = senders.get(key);
      if (!verdict) {
        verdict = assertSenderAllowed(deps.db, {
          tenantId: cmd.tenant_id,
          from: cmd.from,
          mustBeClaimed: deps.sendersMustBeClaimed ?? false,
        }).then(
          () => undefined,
          (err: unknown) => {
            if (err instanceof AppError) return err;
            throw err;
          },
        );
        senders.set(key, verdict);
      }
      return verdict;
    }),
  );
  try {
    return await storeNew(deps, items, verdicts);
  } catch (err) {
    // Another send with one of these keys committed first (a client retried while its first
    // request was still being stored): this time the lookup finds it.
    if (!isIdempotencyKeyConflict(err)) throw err;
    return storeNew(deps, items, verdicts);
  }
}

const isIdempotencyKeyConflict = (err: unknown) =>
  (err as { code?: string; constraint?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === 'messages_idempotency_key';

/**
 * Whether a stored message is the one a command with the same key asks for: every field the
 * client chose, attachments and metadata included (metadata compared as JSON values: PostgreSQL
 * keeps jsonb keys in its own order).
 */
const sameMessage = (row: MessageRow, cmd: SendMessageCommand) =>
  row.type === cmd.type &&
  row.from_addr === cmd.from &&
  row.to_addr === cmd.to &&
  row.subject === cmd.subject &&
  row.body === cmd.body &&
  (row.category ?? DEFAULT_MESSAGE_CATEGORY) === cmd.category &&
  isDeepStrictEqual(row.attachments ?? [], cmd.attachments ?? []) &&
  isDeepStrictEqual(row.metadata ?? null, cmd.metadata ?? null);

/**
 * Stores the allowed commands whose idempotency key (if any) the tenant has not used yet; a
 * command whose key was used answers the message stored with it (or `422` when that message is
 * another one).
 */
async function storeNew(
  deps: SendBatchDeps,
  items: readonly OutboundItem[],
  verdicts: readonly (AppError | undefined)[],
): Promise<SendOutcome[]> {
  const keyed = items.filter((item, i) => !verdicts[i] && item.cmd.idempotency_key);
  const earlier = new Map<string, MessageRow>();
  if (keyed.length > 0) {
    const rows = await deps.db
      .selectFrom('messages')
      .select(MESSAGE_COLUMNS)
      .where((eb) =>
        eb(
          eb.refTuple('tenant_id', 'idempotency_key'),
          'in',
          keyed.map(({ cmd }) => eb.tuple(cmd.tenant_id, cmd.idempotency_key!)),
        ),
      )
      .execute();
    for (const row of rows) earlier.set(`${row.tenant_id}\u0000${row.idempotency_key}`, row);
  }
  const earlierOf = (cmd: SendMessageCommand) =>
    cmd.idempotency_key ? earlier.get(`${cmd.tenant_id}\u0000${cmd.idempotency_key}`) : undefined;

  // A retry of a stored send answers it as stored; a new send to a recipient who said no is
  // refused (one query for all of them).
  const candidates = items.flatMap((item, i) => (!verdicts[i] && !earlierOf(item.cmd) ? [i] : []));
  const refusals = await consentRefusals(
    deps.db,
    candidates.map((i) => items[i]!.cmd),
  );
  const refused = new Map<number, AppError>();
  refusals.forEach((refusal, k) => {
    if (!refusal) return;
    const i = candidates[k]!;
    refused.set(i, consentRefusalError(refusal));
    deps.onRefused?.(items[i]!.cmd, refusal);
  });
  // Media already scanned infected (or not the tenant's) refuse the send now, not at dispatch.
  const rejected = await attachmentRefusals(
    deps.db,
    candidates.map((i) => items[i]!.cmd),
  );
  rejected.forEach((error, k) => {
    if (error && !refused.has(candidates[k]!)) refused.set(candidates[k]!, error);
  });

  const fresh = items.filter((item, i) => !verdicts[i] && !refused.has(i) && !earlierOf(item.cmd));
  const stored = fresh.length ? await storeOutbound(deps, fresh) : [];
  let next = 0;
  return items.map(({ cmd }, i): SendOutcome => {
    const refusal = verdicts[i] ?? refused.get(i);
    if (refusal) return { ok: false, error: refusal };
    const row = earlierOf(cmd);
    if (!row) return { ok: true, message: stored[next++]! };
    if (!sameMessage(row, cmd)) {
      return {
        ok: false,
        error: new AppError(
          ErrorCodes.unprocessable,
          'This Idempotency-Key was already used for a different message; use a new key for a new message',
        ),
      };
    }
    return { ok: true, message: toMessageResource(row), earlier: true };
  });
}
