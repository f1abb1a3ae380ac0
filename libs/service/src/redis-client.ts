import { Redis } from 'ioredis';
import { throttledWarning, type Logger } from '@switchboard/observability';

export type { Redis } from 'ioredis';

/** A Redis command that has not answered by then is failed, so a hung Redis cannot hang requests. */
const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;
/** The longest pause between reconnection attempts. */
const MAX_RECONNECT_DELAY_MS = 2_000;
/**
 * How long a closing connection may linger before it is destroyed. ioredis keeps a timer this
 * long even for a socket that is already gone (a close while reconnecting), which would hold the
 * process open after a stop.
 */
const DISCONNECT_TIMEOUT_MS = 250;

export interface RedisClientOptions {
  url: string;
  log: Logger;
  /** The connection's name as Redis shows it (`CLIENT LIST`): the service's. */
  name?: string;
  /** How long a command may wait for its answer before it fails; 1 s unless given. */
  commandTimeoutMs?: number;
}

/**
 * A service's Redis client, built to fail fast rather than wait: while Redis is unreachable
 * every command is refused at once (no offline queue) and reconnection continues in the
 * background, so callers can fall back (a rate limiter to memory) or answer promptly (a 503)
 * instead of holding a request. Connection errors are logged at most every 30 s.
 *
 * @example const redis = createRedisClient({ url: config.REDIS_URL, log, name: 'gateway' });
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const { url, log } = options;
  const redis = new Redis(url, {
    ...(options.name !== undefined ? { connectionName: options.name } : {}),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
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
