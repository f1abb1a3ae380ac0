import {
  AppError,
  CONVERSATION_SERVICE_QUEUE,
  ErrorCodes,
  RpcContracts,
  type RpcContract,
  type RpcReplyOf,
  type RpcRequestOf,
  type SendBatchReply,
} from '@switchboard/contracts';
import {
  getConversation,
  getCallContent,
  getMessage,
  listConversationMessages,
  listConversations,
  listMessageEvents,
  listMessages,
  searchConversations,
} from '@switchboard/conversation-queries';
import {
  createGroupCommit,
  isDatabaseUnavailable,
  type Database,
  type Kysely,
} from '@switchboard/db';
import { getStoredMedia, recordMedia } from '@switchboard/media';
import { serveRpc, type NatsConnection } from '@switchboard/messaging';
import { outgoingHeaders, type Logger } from '@switchboard/observability';
import { authenticateApiKey, tenantPrincipal } from '@switchboard/tenancy';
import type { ReplicaReads } from './replica-reads';
import type { ConversationMetrics } from './conversation-metrics';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  rotateSecret,
  updateEndpoint,
  type WebhookEndpointDeps,
} from './webhook-endpoints/webhook-endpoint.repository';
import {
  listDeliveries,
  replayDeliveries,
  retryDelivery,
} from './webhook-endpoints/webhook-delivery.queries';
import { retryMessage } from './handlers/retry-message.handler';
import {
  addSuppression,
  getSuppression,
  listSuppressionPage,
  removeSuppression,
} from './handlers/suppressions.handler';
import {
  sendBatch,
  type OutboundItem,
  type SendBatchDeps,
  type SendOutcome,
} from './handlers/send-batch.handler';

const DATABASE_UNAVAILABLE = 'Messages cannot be stored or read right now; try again shortly';

export interface ConversationRpcDeps {
  nc: NatsConnection;
  log: Logger;
  /** How outbound messages are stored: database, partitions, sender policy, the relay's wake-up. */
  send: SendBatchDeps;
  metrics: Pick<ConversationMetrics, 'countAccepted'>;
  /** Concurrent single sends stored together (group commit). */
  sendGroupMax: number;
  sendGroupConcurrency: number;
  /** Where client webhook endpoints may point. */
  webhookEndpoints: Omit<WebhookEndpointDeps, 'db'>;
  /** Where reads that may be a little stale (listings, search) go: a replica, or the primary. */
  reads: Pick<ReplicaReads, 'stale'>;
}

export interface ConversationRpc {
  /** Answers every request/reply of the contract table in the service's queue group. */
  start(): void;
  /** Stops taking requests and waits for those being answered. */
  stop(): Promise<void>;
}

/** conversation-service's request/reply routes: one line per contract. */
export function createConversationRpc(deps: ConversationRpcDeps): ConversationRpc {
  const { nc, log, send, metrics } = deps;
  const db: Kysely<Database> = send.db;
  const stale = <T>(read: (r: Kysely<Database>) => Promise<T>) => deps.reads.stale(read);
  const subscriptions: { drain(): Promise<void> }[] = [];
  // Concurrent single sends are stored together: one transaction for a burst (group commit).
  const singleSends = createGroupCommit<OutboundItem, SendOutcome>({
    maxItems: deps.sendGroupMax,
    maxGroups: deps.sendGroupConcurrency,
    run: (items) => sendBatch(send, items),
  });

  const serve = <C extends RpcContract>(
    contract: C,
    handle: (req: RpcRequestOf<C>) => Promise<RpcReplyOf<C>>,
  ) => {
    subscriptions.push(
      serveRpc(nc, {
        contract,
        queue: CONVERSATION_SERVICE_QUEUE,
        log,
        // A database that cannot be reached is an outage to retry (503), not a bug (500).
        handle: (req) =>
          handle(req).catch((err: unknown) => {
            throw isDatabaseUnavailable(err)
              ? new AppError(ErrorCodes.unavailable, DATABASE_UNAVAILABLE, [], { cause: err })
              : err;
          }),
      }),
    );
  };

  return {
    start() {
      serve(RpcContracts.sendMessage, async (cmd) => {
        // The trace context is taken now: the group runs in the context of whichever send started it.
        const outcome = await singleSends.submit({ cmd, headers: outgoingHeaders() });
        if (!outcome.ok) throw outcome.error;
        if (!outcome.earlier) metrics.countAccepted(outcome.message);
        return outcome.message;
      });
      serve(RpcContracts.sendBatch, async ({ commands }): Promise<SendBatchReply> => {
        const outcomes = await sendBatch(
          send,
          commands.map((cmd) => ({ cmd })),
        );
        return {
          results: outcomes.map((outcome) => {
            if (!outcome.ok) {
              const { code, message, fields } = outcome.error;
              return { ok: false, error: { code, message, fields: [...fields] } };
            }
            if (!outcome.earlier) metrics.countAccepted(outcome.message);
            return { ok: true, message: outcome.message };
          }),
        };
      });
      serve(RpcContracts.getMessage, (q) => getMessage(db, q));
      // Listings and search may trail the last writes by up to REPLICA_MAX_LAG_MS; a message or
      // conversation read by id, and everything else, is read where it was written.
      serve(RpcContracts.listMessages, (q) => stale((r) => listMessages(r, q)));
      serve(RpcContracts.listMessageEvents, (q) => stale((r) => listMessageEvents(r, q)));
      serve(RpcContracts.getConversation, (q) => getConversation(db, q));
      serve(RpcContracts.listConversations, (q) => stale((r) => listConversations(r, q)));
      serve(RpcContracts.listConversationMessages, (q) =>
        stale((r) => listConversationMessages(r, q)),
      );
      serve(RpcContracts.searchConversations, (q) => stale((r) => searchConversations(r, q)));
      serve(RpcContracts.authenticateApiKey, (q) => authenticateApiKey(db, q));
      serve(RpcContracts.getTenant, async (q) => {
        const principal = await tenantPrincipal(db, q.tenant_id);
        if (!principal) throw AppError.notFound('Tenant');
        return principal;
      });
      serve(RpcContracts.retryMessage, (q) => retryMessage(send, q));
      const endpoints: WebhookEndpointDeps = { db, ...deps.webhookEndpoints };
      serve(RpcContracts.createWebhookEndpoint, (q) => createEndpoint(endpoints, q));
      serve(RpcContracts.listWebhookEndpoints, (q) => listEndpoints(endpoints, q));
      serve(RpcContracts.getWebhookEndpoint, (q) => getEndpoint(endpoints, q));
      serve(RpcContracts.updateWebhookEndpoint, (q) => updateEndpoint(endpoints, q));
      serve(RpcContracts.deleteWebhookEndpoint, (q) => deleteEndpoint(endpoints, q));
      serve(RpcContracts.rotateWebhookSecret, (q) => rotateSecret(endpoints, q));
      serve(RpcContracts.listWebhookDeliveries, (q) => listDeliveries(db, q));
      serve(RpcContracts.retryWebhookDelivery, (q) => retryDelivery(db, q));
      serve(RpcContracts.replayWebhookEvents, (q) => replayDeliveries(db, q));
      serve(RpcContracts.listSuppressions, (q) => listSuppressionPage(db, q));
      serve(RpcContracts.getSuppression, (q) => getSuppression(db, q));
      serve(RpcContracts.addSuppression, (q) => addSuppression(db, q));
      serve(RpcContracts.removeSuppression, (q) => removeSuppression(db, q));
      serve(RpcContracts.getCallContent, (q) => getCallContent(db, q));
      serve(RpcContracts.recordMedia, (q) => recordMedia(db, q));
      serve(RpcContracts.getMedia, (q) => getStoredMedia(db, q));
    },
    async stop() {
      await Promise.all(subscriptions.map((s) => s.drain().catch(() => undefined)));
      await singleSends.idle();
    },
  };
}
