export { createDispatcherService } from './dispatcher-service';
export { dispatcherEnv } from './dispatcher-config';
export { SENDER_NOT_CLAIMED } from './dispatch-checks';

export type { DispatcherDeps } from './dispatcher-service';
export type { DispatcherEnv } from './dispatcher-config';
export type { DispatchChecks } from './dispatch-checks';
export type { ProviderChain } from './provider-chain';
