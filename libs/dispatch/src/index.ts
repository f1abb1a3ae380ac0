export * from './dispatcher-config';
export * from './dispatcher-service';
export * from './provider-chain';
export * from './dispatch-ledger';
export * from './sender-pacing';
