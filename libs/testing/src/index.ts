export { testEnv } from './env';
export { APP_NAMES, freePort, startApp, startStack } from './stack';
export { eventually, hasBeenSent } from './eventually';
export { startPrivateNats } from './nats-server';
export { startPrivatePostgres } from './postgres-server';
export { exactlyOnceInOrder, loadOutcome, sandboxMessages, startMessageLoad } from './message-load';
export { createTestDatabase } from './test-database';

export type { AppName, AppProcessOptions, RunningApp, Stack } from './stack';
export type { NatsCredentials, PrivateNats } from './nats-server';
export type { PrivatePostgres } from './postgres-server';
export type {
  DeliveryReport,
  LoadMessage,
  LoadOutcome,
  MessageLoad,
  MessageLoadOptions,
  SandboxRecord,
} from './message-load';
export type { TestDatabase } from './test-database';
