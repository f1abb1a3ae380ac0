import type { Database, Kysely } from '@switchboard/db';
import type { Logger } from '@switchboard/observability';
import type { ConversationMetrics } from './conversation-metrics';
import { sweepParkedStatuses } from './handlers/apply-status.handler';
import { releaseParkedInbound, type ReceiveInboundDeps } from './handlers/receive-inbound.handler';

/** How often parked events are looked at again. */
export const PARKED_SWEEP_MS = 2_000;

export interface ParkedEventSweeperDeps {
  db: Kysely<Database>;
  log: Logger;
  metrics: Pick<ConversationMetrics, 'countTransition' | 'statusEvents' | 'inboundMessages'>;
  /** Inbound files stored and scanned before a released message is. */
  media?: ReceiveInboundDeps['media'];
}

/**
 * Applies what was parked once it can be: status events that arrived before their message, and
 * inbound messages to an address a tenant has since claimed. One sweep at a time, every
 * PARKED_SWEEP_MS after the last one ended.
 */
export function createParkedEventSweeper(deps: ParkedEventSweeperDeps) {
  const { db, log, metrics } = deps;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;

  const sweep = async () => {
    try {
      const applied = await sweepParkedStatuses(db, metrics.countTransition);
      if (applied) metrics.statusEvents.inc({ status: 'parked', outcome: 'applied_late' }, applied);
      const released = await releaseParkedInbound(db, deps.media);
      if (released) metrics.inboundMessages.inc({ type: 'parked', outcome: 'released' }, released);
    } catch (err) {
      log.warn({ err }, 'parked status sweep failed');
    }
    if (!stopping) timer = setTimeout(() => void sweep(), PARKED_SWEEP_MS);
  };

  return {
    start() {
      timer = setTimeout(() => void sweep(), PARKED_SWEEP_MS);
    },
    stop() {
      stopping = true;
      clearTimeout(timer);
    },
  };
}
