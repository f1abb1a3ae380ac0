export { bootService } from './boot-service';
export type { BootConfig, BootContext, BootServiceOptions } from './boot-service';
export { closeRedis, createRedisClient } from './redis-client';
export type { Redis, RedisClientOptions } from './redis-client';
