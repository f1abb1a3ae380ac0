export * from './partition';
export * from './subjects';
export * from './message.schema';
export * from './api.schema';
export * from './event.schema';
export * from './rpc.schema';
export * from './tenant.schema';
export * from './errors';
