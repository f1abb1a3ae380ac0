import { readEventStream, type EventStreamClient } from '@switchboard/testing';

export type { EventStreamClient, StreamedEvent } from '@switchboard/testing';

export interface OpenEventStreamOptions {
  key: string;
  /** The query string, without `?`. */
  query?: string;
  lastEventId?: string;
}

/** Opens the gateway's event stream as the holder of `key` (see `readEventStream`). */
export function openEventStream(
  gateway: string,
  options: OpenEventStreamOptions,
): Promise<EventStreamClient> {
  return readEventStream(
    `${gateway}/api/v1/events/stream${options.query ? `?${options.query}` : ''}`,
    {
      authorization: `Bearer ${options.key}`,
      ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
    },
  );
}
