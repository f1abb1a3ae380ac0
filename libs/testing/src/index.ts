export * from './env';
export * from './stack';
export * from './eventually';
export * from './nats-server';
export * from './postgres-server';
export * from './message-load';
export * from './test-database';
