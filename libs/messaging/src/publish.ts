import type { JetStreamClient } from '@nats-io/jetstream';
import { SpanKind, carriedContext, inSpan, outgoingHeaders } from '@switchboard/observability';
import type { z } from 'zod';
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

/**
 * Publishes bytes to JetStream in a producer span, with the trace context and request id in its
 * headers; resolves once stored.
 *
 * @example await publishMessage(js, row.subject, encodeJson(row.payload), { msgId: row.msg_id, headers: row.headers });
 */
export function publishMessage(
  js: JetStreamClient,
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
        ...(options.msgId ? { msgID: options.msgId } : {}),
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
  js: JetStreamClient,
  schema: S,
  subject: string,
  payload: z.input<S>,
  options: PublishOptions = {},
): Promise<{ seq: number; duplicate: boolean }> {
  return publishMessage(js, subject, encodeJson(schema.parse(payload)), options);
}
