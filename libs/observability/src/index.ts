export * from './logger';
export * from './metrics';
export * from './resource-metrics';
export * from './redact';
export * from './lifecycle';
export * from './correlation';
export * from './trace-context';
export * from './tracing';
