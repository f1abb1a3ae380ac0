import type { JetStreamClient } from '@nats-io/jetstream';
import type { z } from 'zod';
import { encodeJson, toHeaders } from './codec';

export interface PublishOptions {
  /** Sets `Nats-Msg-Id`: the server drops a second publish with the same id inside its window. */
  msgId?: string;
  headers?: Readonly<Record<string, string>>;
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
  const data = schema.parse(payload);
  const hdrs = toHeaders(options.headers);
  const ack = await js.publish(subject, encodeJson(data), {
    ...(options.msgId ? { msgID: options.msgId } : {}),
    ...(hdrs ? { headers: hdrs } : {}),
  });
  return { seq: ack.seq, duplicate: ack.duplicate };
}
