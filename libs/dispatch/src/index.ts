export * from './dispatcher-config';
export * from './dispatcher-service';
