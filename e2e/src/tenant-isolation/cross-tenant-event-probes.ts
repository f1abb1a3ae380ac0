import { eventually } from '@switchboard/testing';
import { openEventStream } from '../support/event-stream-client';
import type { IsolationStack } from './isolation-stack';

/**
 * The cross-tenant probe of the live event stream: tenant B replays its whole history and asks
 * for A's conversation, and must see nothing of A's — not A's events, not A's ids.
 */
export function crossTenantEventProbes(suite: IsolationStack): Record<string, () => Promise<void>> {
  return {
    'get /api/v1/events/stream': async () => {
      const { gateway, a, b, smsOfA, emailOfA } = suite;
      // A's events are in the stream by now: A's own stream replays them.
      const ofA = await openEventStream(gateway, { key: a.key, lastEventId: '0' });
      const history = await openEventStream(gateway, { key: b.key, lastEventId: '0' });
      const foreign = await openEventStream(gateway, {
        key: b.key,
        query: `conversation_id=${smsOfA.conversation_id}`,
        lastEventId: '0',
      });
      try {
        await eventually(
          async () => ofA.events,
          (events) => events.some((e) => JSON.stringify(e.event).includes(smsOfA.id)),
          { what: "A's events in A's stream", timeoutMs: 30_000 },
        );
        // B's replay has had as long as A's: what it holds is all B gets.
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(history.status).toBe(200);
        expect(history.events.every((e) => e.event.tenant_id === b.id)).toBe(true);
        const seenByB = JSON.stringify([...history.events, ...foreign.events]);
        expect(seenByB).not.toContain(smsOfA.id);
        expect(seenByB).not.toContain(emailOfA.id);
        expect(seenByB).not.toContain(a.id);
        expect(foreign.events).toEqual([]);
      } finally {
        for (const client of [ofA, history, foreign]) client.close();
      }
    },
  };
}
