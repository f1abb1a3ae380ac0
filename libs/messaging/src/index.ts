export * from './connection';
export * from './provisioning';
export * from './codec';
export * from './publish';
export * from './consumer';
export * from './rpc';
export * from './keyed-executor';
