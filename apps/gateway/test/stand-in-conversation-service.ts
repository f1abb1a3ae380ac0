import { randomUUID } from 'node:crypto';
import {
  AppError,
  ErrorCodes,
  RpcContracts,
  type MessageResource,
  type SendMessageCommand,
  type TenantPrincipal,
} from '@switchboard/contracts';
import { serveRpc, type Nats } from '@switchboard/messaging';
import { generateApiKey, hashApiKey } from '@switchboard/tenancy';
import { SECRET_KEY, log, run } from './edge-fixtures';

/** The message conversation-service would answer for a stored command. */
function stored(cmd: SendMessageCommand): MessageResource {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    conversation_id: randomUUID(),
    direction: 'outbound',
    type: cmd.type,
    from: cmd.from,
    to: cmd.to,
    subject: cmd.subject,
    body: cmd.body,
    attachments: cmd.attachments,
    metadata: cmd.metadata,
    category: cmd.category,
    status: 'queued',
    provider: null,
    provider_message_id: null,
    encoding: cmd.encoding,
    segments: cmd.segments,
    error_code: null,
    error_message: null,
    voice: cmd.voice ?? null,
    answered_by: null,
    duration_seconds: null,
    timestamp: cmd.timestamp,
    created_at: now,
    updated_at: now,
  };
}

/** conversation-service as far as these tests need it: keys, tenants and bulk sends. */
export function standInConversationService(nats: Nats) {
  const tenantsByHash = new Map<string, string>();
  const counts = { keyLookups: 0, batches: 0 };
  const principal = (tenantId: string): TenantPrincipal => ({
    tenant_id: tenantId,
    key_id: tenantId === 'development' ? null : `key-${tenantId}`,
    rate_limit: null,
  });
  serveRpc(nats.nc, {
    contract: RpcContracts.authenticateApiKey,
    queue: 'stand-in',
    log,
    handle: async ({ hash }) => {
      counts.keyLookups += 1;
      const tenant = tenantsByHash.get(hash);
      if (!tenant) throw new AppError(ErrorCodes.unauthorized, 'The API key is not valid');
      return principal(tenant);
    },
  });
  serveRpc(nats.nc, {
    contract: RpcContracts.getTenant,
    queue: 'stand-in',
    log,
    handle: async ({ tenant_id }) => principal(tenant_id),
  });
  serveRpc(nats.nc, {
    contract: RpcContracts.sendBatch,
    queue: 'stand-in',
    log,
    // A message whose body is `fail` meets a database that is down; the others are stored.
    handle: async ({ commands }) => {
      counts.batches += 1;
      return {
        results: commands.map((cmd) =>
          cmd.body === 'fail'
            ? {
                ok: false as const,
                error: { code: ErrorCodes.unavailable, message: 'Try again', fields: [] },
              }
            : { ok: true as const, message: stored(cmd) },
        ),
      };
    },
  });
  return {
    counts,
    /** A new API key of a new tenant. */
    keyOfNewTenant(): string {
      const { key } = generateApiKey();
      tenantsByHash.set(hashApiKey(SECRET_KEY, key), `edge-${run}-${randomUUID().slice(0, 8)}`);
      return key;
    },
  };
}
