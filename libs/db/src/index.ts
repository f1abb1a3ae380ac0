export * from './connection';
export * from './migrator';
export type * from './schema';
export { sql } from 'kysely';
export type { Kysely, Transaction } from 'kysely';
export * from './id';
export * from './database-errors';
export * from './group-commit';
