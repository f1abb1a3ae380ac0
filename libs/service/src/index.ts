export { bootService } from './boot-service';
export type { BootConfig, BootContext, BootServiceOptions } from './boot-service';
export { closeRedis, createRedisClient } from './redis-client';
export { createFailureBudget } from './failure-budget';
export type { Redis, RedisClientOptions } from './redis-client';
export type { FailureBudget, FailureBudgetOptions } from './failure-budget';
