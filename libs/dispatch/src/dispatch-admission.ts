import type { Channel, DispatchCommand, HoldCheck } from '@switchboard/contracts';
import {
  ack,
  nak,
  term,
  type DeliveryContext,
  type Nats,
  type Settlement,
} from '@switchboard/messaging';
import type { Logger } from '@switchboard/observability';
import { publishDeadLetter } from './dead-letter';
import type { DispatcherEnv } from './dispatcher-config';
import type { DispatchLedger } from './dispatch-ledger';
import type { DispatcherMetrics } from './dispatcher-metrics';
import { keepLease } from './lease-keeper';
import type { ProviderRounds } from './provider-round';
import type { SenderPacing } from './sender-pacing';
import type { StatusReporter } from './status-reporter';

export interface DeliveryHandlerDeps {
  config: DispatcherEnv;
  log: Logger;
  channel: Channel;
  js: Nats['js'];
  ledger: DispatchLedger;
  pacing: SenderPacing;
  status: StatusReporter;
  metrics: DispatcherMetrics;
  send: ProviderRounds;
  /** Quiet hours: until when a message must wait; absent, nothing is held. */
  hold?: HoldCheck;
}

/**
 * One delivery of a dispatch command: the ledger admits it (never twice, in acceptance order
 * across replicas) or says why not — unknown, superseded, not its turn yet, already settled —
 * and an admitted message goes to the providers with its lease kept alive meanwhile.
 */
export function createDeliveryHandler(deps: DeliveryHandlerDeps) {
  const { config, log, channel, ledger, pacing, status, metrics } = deps;

  return async function handle(
    command: DispatchCommand,
    ctx: DeliveryContext,
  ): Promise<Settlement> {
    // Held before the ledger sees it: the message is acknowledged and conversation-service
    // dispatches it again when the hold ends (a scheduled re-drive, durable in PostgreSQL), so a
    // hold of hours takes no place among the consumer's unacknowledged messages. The messages
    // queued behind it in its conversation wait for it, as for any earlier message.
    const until = deps.hold ? await deps.hold(command) : undefined;
    if (until) {
      await status.held(command, until);
      metrics.outcome('none', 'held');
      log.info(
        { message_id: command.message_id, until: until.toISOString() },
        'message held for quiet hours',
      );
      return ack();
    }
    // An unpaced message goes to a provider straight after admission: one round trip marks it.
    const paced = pacing.paces(command.from);
    const admission = await ledger.admit(command, { attempt: !paced });
    if (admission.kind === 'unknown') {
      // Not a message conversation-service stored: never sent, never recorded.
      const reason = 'no such outbound message';
      await publishDeadLetter(deps.js, channel, command, reason);
      metrics.outcome('none', 'refused');
      log.warn({ message_id: command.message_id }, 'dispatch command refused: no such message');
      return term(reason);
    }
    if (admission.kind === 'superseded') {
      metrics.outcome('none', 'duplicate');
      return ack();
    }
    if (admission.kind === 'wait') {
      // Neither JetStream's delivery count nor the ledger's budget is spent by a wait.
      metrics.orderWait();
      return nak(config.DISPATCH_ORDER_WAIT_MS);
    }
    if (admission.kind === 'settled') {
      // Already handed to a provider (or given up): say so again, send nothing.
      await status.reportRecorded(command, admission.entry);
      metrics.outcome(admission.entry.provider, 'duplicate');
      return ack();
    }

    const lease = keepLease({ ledger, log, leaseMs: config.DISPATCH_LEASE_MS }, command, ctx);
    try {
      return await deps.send(command, ctx, paced, admission, lease);
    } finally {
      lease.stop();
    }
  };
}
