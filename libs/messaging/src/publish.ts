import { createHash } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { SpanKind, carriedContext, inSpan, outgoingHeaders } from '@switchboard/observability';
import type { z } from 'zod';
import type { StreamPublisher } from './ack-publisher';
import { encodeJson, toHeaders } from './codec';
import { subjectPattern } from './subject-pattern';

export interface PublishOptions {
  /** Sets `Nats-Msg-Id`: the server drops a second publish with the same id inside its window. */
  msgId?: string;
  /**
   * Headers to send. A trace context found here is the one continued rather than the active one:
   * the outbox relay publishes rows on behalf of the requests that wrote them.
   */
  headers?: Readonly<Record<string, string>>;
}

/** Ids a NATS header carries unchanged: printable, no surrounding space, not too long. */
const HEADER_SAFE_ID = /^[\x21-\x7e](?:[\x20-\x7e]{0,254}[\x21-\x7e])?$/;

/**
 * The `Nats-Msg-Id` for an id: the id itself, or — when a header could not carry it as it is
 * (provider ids are untrusted text: CR/LF, surrounding spaces, any length) — its SHA-256, so the
 * same id still deduplicates and different ids stay apart.
 *
 * @example natsMsgId('twilio:SM1:delivered') // 'twilio:SM1:delivered'
 */
export function natsMsgId(id: string): string {
  return HEADER_SAFE_ID.test(id) ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * Publishes bytes to JetStream in a producer span, with the trace context and request id in its
 * headers; resolves once stored.
 *
 * @example await publishMessage(js, row.subject, encodeJson(row.payload), { msgId: row.msg_id, headers: row.headers });
 */
export function publishMessage(
  js: JetStreamClient | StreamPublisher,
  subject: string,
  data: Uint8Array,
  options: PublishOptions = {},
): Promise<{ seq: number; duplicate: boolean }> {
  const given = options.headers ?? {};
  const carried = carriedContext(given);
  return inSpan(
    `publish ${subjectPattern(subject)}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'send',
        'messaging.destination.name': subject,
        ...(options.msgId ? { 'messaging.message.id': options.msgId } : {}),
      },
      ...(carried ? { parent: carried } : {}),
    },
    async () => {
      const hdrs = toHeaders(outgoingHeaders(given));
      const ack = await js.publish(subject, data, {
        ...(options.msgId ? { msgID: natsMsgId(options.msgId) } : {}),
        ...(hdrs ? { headers: hdrs } : {}),
      });
      return { seq: ack.seq, duplicate: ack.duplicate };
    },
  );
}

/**
 * Validates `payload` against its contract and publishes it to JetStream; resolves once stored.
 *
 * @example await publishEvent(js, StatusEvent, Subjects.status(3), event, { msgId: event.event_id });
 */
export async function publishEvent<S extends z.ZodType>(
  js: JetStreamClient | StreamPublisher,
  schema: S,
  subject: string,
  payload: z.input<S>,
  options: PublishOptions = {},
): Promise<{ seq: number; duplicate: boolean }> {
  return publishMessage(js, subject, encodeJson(schema.parse(payload)), options);
}
