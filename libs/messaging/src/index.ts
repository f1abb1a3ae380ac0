export { createAckPublisher } from './ack-publisher';
export type { AckPublisher, StreamPublisher } from './ack-publisher';
export { createReplyInbox, ReplyStatusError } from './reply-inbox';
export type { ReplyInbox } from './reply-inbox';
// The public messaging API: runtime exports first, then types.
export { connectNats } from './connection';
export {
  NATS_SERVICES,
  NATS_ADMIN_USER,
  NATS_USERS,
  natsInboxPrefix,
  NATS_DURABLES,
  NATS_PERMISSIONS,
  renderNatsAuthorization,
  natsPasswordVariable,
} from './nats-permissions';
export {
  DUPLICATE_WINDOW_MS,
  STREAM_CONFIGS,
  ensureStreams,
  FIXED_STREAM_SETTINGS,
  streamDrift,
  StreamProvisioningError,
  UNLIMITED_DELIVERIES,
  ensureConsumer,
} from './provisioning';
export { encodeJson, toHeaders, fromHeaders, decodeJson } from './codec';
export { publishMessage, publishEvent } from './publish';
export { ack, nak, term, startConsumer } from './consumer';
export { callRpc, RpcContractError, serveRpc } from './rpc';
export { KeyedExecutor } from './keyed-executor';
export { observeNats } from './nats-metrics';
export { DeliveryOutcomes } from './consumer-stats';
export { subjectPattern } from './subject-pattern';
export { openStreamReader } from './stream-reader';
export type {
  Nats,
  NatsTlsOptions,
  ConnectNatsOptions,
  NatsConnection,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from './connection';
export type { NatsService, NatsUser, NatsPermissions, NatsPasswordOf } from './nats-permissions';
export type { DurableConsumerOptions, EnsureStreamsOptions, StreamChange } from './provisioning';
export type { PublishOptions } from './publish';
export type {
  Settlement,
  DeliveryContext,
  PauseOnOutage,
  ConsumerOptions,
  RunningConsumer,
} from './consumer';
export type { RpcCallOptions, RpcHandlerContext } from './rpc';
export type { ObserveNatsOptions } from './nats-metrics';
export type { DeliveryOutcome } from './consumer-stats';
export type { StreamReader, StreamReaderOptions, StreamRecord } from './stream-reader';
