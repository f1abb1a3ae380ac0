import { Redis } from 'ioredis';
import type { Logger } from '@switchboard/observability';

export type { Redis } from 'ioredis';

/** A Redis command that has not answered by then is failed: a hung Redis never holds a webhook. */
const COMMAND_TIMEOUT_MS = 500;
const MAX_RECONNECT_DELAY_MS = 2_000;
/** ioredis keeps a timer this long even for a socket already gone, holding a stopping process. */
const DISCONNECT_TIMEOUT_MS = 250;
const WARN_EVERY_MS = 30_000;

/**
 * webhook-ingest's Redis client, built to fail fast: while Redis is unreachable every command is
 * refused at once (no offline queue) and reconnection continues in the background.
 *
 * @example const redis = createRedisClient({ url: config.REDIS_URL, log });
 */
export function createRedisClient(options: { url: string; log: Logger }): Redis {
  const { url, log } = options;
  const redis = new Redis(url, {
    connectionName: 'webhook-ingest',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  let lastWarning = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastWarning < WARN_EVERY_MS) return;
    lastWarning = Date.now();
    log.warn({ err: err.message }, 'redis unavailable; retrying in the background');
  });
  return redis;
}

/** Closes the connection: politely when connected, at once when not. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') return redis.disconnect();
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
