export * from './http-service';
export * from './problem';
export * from './validate';
export * from './security-headers';
export * from './json-body';
