export { testEnv } from './env';
export { APP_NAMES, freePort, startApp, startStack } from './stack';
export { eventually, hasBeenSent, until } from './eventually';
export {
  startPrivateNats,
  startPrivateNatsCluster,
  startPrivateNatsSupercluster,
} from './nats-server';
export { startPrivatePostgres, startPrivateReplica } from './postgres-server';
export { startPrivateRedis } from './redis-server';
export { startMessageLoad } from './message-load';
export { exactlyOnceInOrder, loadOutcome, sandboxMessages } from './load-outcome';
export { createTestDatabase } from './test-database';
export { metricNamesIn } from './promql';
export { readEventStream } from './event-stream-client';

export type { AppName, AppProcessOptions, RunningApp, Stack } from './stack';
export type { NatsCredentials, PrivateNats, PrivateNatsCluster } from './nats-server';
export type { PrivatePostgres, PrivateReplica } from './postgres-server';
export type { PrivateRedis } from './redis-server';
export type { LoadMessage, MessageLoad, MessageLoadOptions } from './message-load';
export type { DeliveryReport, LoadOutcome, SandboxRecord } from './load-outcome';
export type { TestDatabase } from './test-database';
export type { EventStreamClient, StreamedEvent } from './event-stream-client';
