import { Redis } from 'ioredis';
import type { Logger } from '@switchboard/observability';
import { throttledWarning } from '../throttled-warning';

export type { Redis } from 'ioredis';

/** A Redis command that has not answered by then is failed, so a hung Redis cannot hang requests. */
const COMMAND_TIMEOUT_MS = 1_000;
/** The longest pause between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/**
 * How long a closing connection may linger before it is destroyed. ioredis keeps a timer this
 * long even for a socket that is already gone (a close while reconnecting), which would hold the
 * process open after a stop.
 */
const DISCONNECT_TIMEOUT_MS = 250;

/**
 * The gateway's Redis client, built to fail fast rather than wait: while Redis is unreachable
 * every command is refused at once (no offline queue) and reconnection continues in the
 * background, so the rate limiter can fall back to memory and idempotent requests can get a
 * prompt 503. Connection errors are logged at most every 30 s.
 *
 * @example const redis = createRedisClient({ url: config.REDIS_URL, log });
 */
export function createRedisClient(options: { url: string; log: Logger; name?: string }): Redis {
  const { url, log } = options;
  const redis = new Redis(url, {
    connectionName: options.name ?? 'gateway',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: COMMAND_TIMEOUT_MS,
    disconnectTimeout: DISCONNECT_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  });
  const warn = throttledWarning(log);
  let down = false;
  redis.on('error', (err: Error) => {
    down = true;
    warn({ err: err.message }, 'redis unavailable; retrying in the background');
  });
  redis.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
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
