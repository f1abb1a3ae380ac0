export { createDispatcherService } from './dispatcher-service';
export { dispatcherEnv } from './dispatcher-config';

export type { DispatcherDeps } from './dispatcher-service';
export type { DispatcherEnv } from './dispatcher-config';
export type { ProviderChain } from './provider-chain';
