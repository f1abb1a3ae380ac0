import { Gauge, type Registry } from 'prom-client';

/** What a `pg.Pool` tells about itself; structural, so this lib needs no `pg`. */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly options?: { readonly max?: number };
}

/**
 * Reports a connection pool on every scrape: `pg_pool_connections{state="total"|"idle"}`,
 * `pg_pool_waiting_clients` and `pg_pool_max_connections`. Reading the counters costs nothing.
 *
 * @example observePgPool(metrics.registry, database.pool);
 */
export function observePgPool(registry: Registry, pool: PoolStats): void {
  new Gauge({
    name: 'pg_pool_connections',
    help: 'PostgreSQL pool connections: total open, and idle among them',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'pg_pool_waiting_clients',
    help: 'Queries waiting for a free PostgreSQL pool connection',
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
  new Gauge({
    name: 'pg_pool_max_connections',
    help: 'The PostgreSQL pool size limit',
    registers: [registry],
    collect() {
      this.set(pool.options?.max ?? 0);
    },
  });
}

/**
 * Reports whether a Redis client is connected (`redis_connected` 1 or 0); ioredis' `status` is
 * `ready` when it is. For services that hold a Redis client.
 *
 * @example observeRedis(metrics.registry, redis);
 */
export function observeRedis(registry: Registry, client: { readonly status: string }): void {
  new Gauge({
    name: 'redis_connected',
    help: 'Whether the Redis client is connected and ready (1) or not (0)',
    registers: [registry],
    collect() {
      this.set(client.status === 'ready' ? 1 : 0);
    },
  });
}
