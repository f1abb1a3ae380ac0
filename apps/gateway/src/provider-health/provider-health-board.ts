import {
  ProviderHealthReport,
  Subjects,
  type ProviderHealthResource,
} from '@switchboard/contracts';
import { decodeJson, type NatsConnection } from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';
import { isFresh, mergeProviderHealth, type HeardReport } from './merge-provider-health';

export interface ProviderHealthBoard {
  /** Every channel's providers as the dispatcher replicas last reported them. */
  snapshot(): ProviderHealthResource;
  close(): void;
}

/**
 * What the dispatchers report of their providers, as this gateway replica heard it: it
 * subscribes to every channel's `providerhealth.<channel>` (no queue group: each gateway
 * replica hears every report) and keeps the latest report of each dispatcher replica. A
 * gateway that has just started knows nothing until the next reports, one interval at most.
 */
export function createProviderHealthBoard(deps: {
  nc: Pick<NatsConnection, 'subscribe'>;
  log: Logger;
  now?: () => number;
}): ProviderHealthBoard {
  const now = deps.now ?? Date.now;
  const latest = new Map<string, HeardReport>();
  const subscription = deps.nc.subscribe(Subjects.providerHealthAll, {
    callback: (err, msg) => {
      if (err) return deps.log.warn({ err }, 'provider health subscription failed');
      try {
        const report = decodeJson(ProviderHealthReport, msg.data);
        // The subject says the channel: a report cannot speak for another channel's providers.
        if (msg.subject !== Subjects.providerHealth(report.channel)) return;
        latest.set(`${report.channel}/${report.instance}`, { report, receivedAtMs: now() });
      } catch (err) {
        deps.log.warn({ err, subject: msg.subject }, 'provider health report not understood');
      }
    },
  });
  return {
    snapshot() {
      const at = now();
      // Forget replicas fallen silent: stopped ones would otherwise pile up.
      for (const [key, heard] of latest) if (!isFresh(heard, at)) latest.delete(key);
      return mergeProviderHealth(latest.values(), at);
    },
    close() {
      subscription.unsubscribe();
    },
  };
}
