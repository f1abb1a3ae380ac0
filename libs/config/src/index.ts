export * from './load-config';
export * from './env.schema';
export * from './security.schema';
export * from './tracing.schema';
