import type { Database, Kysely } from '@switchboard/db';
import { sweepExpiredMedia, type MediaStorage } from '@switchboard/media';
import type { Logger } from '@switchboard/observability';

/** Media deleted per transaction: each holds its records locked while their objects are deleted. */
export const MEDIA_RETENTION_BATCH = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface MediaRetentionSweeperDeps {
  db: Kysely<Database>;
  storage: Pick<MediaStorage, 'delete'>;
  log: Logger;
  /** Media neither created nor used for this many days are deleted; 0 keeps them for ever. */
  retentionDays: number;
  intervalMs: number;
  onDeleted?: (count: number) => void;
}

/**
 * Deletes media past `MEDIA_RETENTION_DAYS`, record and object, every `intervalMs` (and once
 * soon after start), in batches until none is due. Any number of replicas may run it: each batch
 * takes its records `for update skip locked`.
 */
export function createMediaRetentionSweeper(deps: MediaRetentionSweeperDeps) {
  const { log } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = false;

  /** Deletes everything due now; answers how many media went. */
  const sweepOnce = async (): Promise<number> => {
    const before = new Date(Date.now() - deps.retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const pass = await sweepExpiredMedia(deps, { before, batchSize: MEDIA_RETENTION_BATCH });
      total += pass.deleted;
      if (pass.deleted > 0) deps.onDeleted?.(pass.deleted);
      if (pass.kept > 0) {
        log.warn({ count: pass.kept }, 'object storage would not delete expired media; kept');
      }
      // A full batch deleted: more may be due (unless the service is stopping).
      if (pass.deleted < MEDIA_RETENTION_BATCH || stopped) return total;
    }
  };

  const tick = async () => {
    try {
      const deleted = await sweepOnce();
      if (deleted > 0) log.info({ count: deleted }, 'deleted media past their retention');
    } catch (err) {
      log.warn({ err }, 'media retention sweep failed');
    }
    if (running) timer = setTimeout(() => void tick(), deps.intervalMs);
  };

  return {
    sweepOnce,
    start() {
      if (deps.retentionDays === 0) return;
      running = true;
      // Soon after start (not at once: start-up is busy), then every interval.
      timer = setTimeout(() => void tick(), Math.min(deps.intervalMs, 60_000));
    },
    stop() {
      running = false;
      stopped = true;
      clearTimeout(timer);
    },
  };
}
