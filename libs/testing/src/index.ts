export * from './env';
export * from './stack';
export * from './eventually';
export * from './nats-server';
