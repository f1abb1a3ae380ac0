export { createDb, dropDatabase, ensureDatabase } from './connection';
export { migrateToLatest, migrations } from './migrator';
export { sql } from 'kysely';
export { newId } from './id';
export { isDatabaseUnavailable } from './database-errors';
export { createGroupCommit } from './group-commit';

export type { Db, DbOptions } from './connection';
export type {
  ApiKeyTable,
  ConsentSettingsTable,
  SoftBounceTable,
  SuppressionAuditTable,
  SuppressionRow,
  SuppressionTable,
  ConversationRow,
  ConversationTable,
  Database,
  DispatchLedgerTable,
  DispatchSequenceTable,
  InboundCallRow,
  MediaRow,
  InboundCallTable,
  MessageEventRow,
  MessageEventTable,
  MessageRow,
  MessageTable,
  MessageUpdate,
  NewMessageEventRow,
  NewMessageRow,
  OutboxRow,
  OutboxTable,
  ParkedInboundTable,
  PendingStatusEventTable,
  SenderPacingTable,
  TenantAddressTable,
  TenantRow,
  TenantTable,
  WebhookLogTable,
} from './schema';
export type {
  WebhookAttemptRow,
  WebhookAttemptTable,
  WebhookDeliveryRow,
  WebhookDeliveryTable,
  WebhookEndpointRow,
  WebhookEndpointTable,
} from './client-webhook.schema';
export type { Kysely, Transaction } from 'kysely';
export type { GroupCommit, GroupCommitOptions } from './group-commit';
