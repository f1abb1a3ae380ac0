import { InboundMessageEvent, StatusEvent, Subjects, partitionOf } from '@switchboard/contracts';
import { publishEvent, type Nats } from '@switchboard/messaging';
import type { NormalizedWebhook } from './normalize/normalized-webhook';

/**
 * Publishes a webhook's events to JetStream with `Nats-Msg-Id` = event id, so a callback the
 * provider repeats within the duplicate window is dropped by the server. Resolves once every
 * event is stored; reports whether all of them were duplicates.
 */
export function createEventPublisher(nats: Nats, partitions: number) {
  return async function publish(
    events: NormalizedWebhook,
  ): Promise<{ published: number; duplicates: number }> {
    const acks = await Promise.all([
      ...events.statuses.map((event) =>
        publishEvent(
          nats.publisher,
          StatusEvent,
          // Callbacks do not know the conversation; the provider's id keeps one message's statuses together.
          Subjects.status(
            partitionOf(
              event.provider_message_id ?? event.message_id ?? event.event_id,
              partitions,
            ),
          ),
          event,
          { msgId: event.event_id },
        ),
      ),
      ...events.inbound.map((event) =>
        publishEvent(
          nats.publisher,
          InboundMessageEvent,
          // Both directions of one conversation share a partition key: the sorted participant pair.
          Subjects.inbound(partitionOf([event.from, event.to].sort().join('|'), partitions)),
          event,
          { msgId: event.event_id },
        ),
      ),
    ]);
    return { published: acks.length, duplicates: acks.filter((a) => a.duplicate).length };
  };
}
export type EventPublisher = ReturnType<typeof createEventPublisher>;
